import { describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { loadCsv, loadCsvText, detectDelimiter, isCsvText } from '../../src/data/csv.js';

describe('loadCsv text quirks', () => {
  it('handles BOM, CRLF, no final newline, quotes, spaces, .28, 1e-3 and a header', () => {
    const d = loadCsvText('\ufeffa, b ,label\r\n.28, 1e-3 ,"\'-1\'"\r\n"1", 2 ,1\r\n-3.5e+2,+4,-1');
    expect(d.featureNames).toEqual(['a', 'b']);
    expect(d.labelName).toBe('label');
    expect(Array.from(d.x.data)).toEqual([0.28, 0.001, 1, 2, -350, 4].map(Math.fround));
    expect(d.classes).toEqual(['-1', '1']);
    expect(Array.from(d.y)).toEqual([0, 1, 0]);
    expect(d.task).toBe('binary');
  });

  it('detects semicolon and tab delimiters', () => {
    expect(loadCsvText('1;2;a\n3;4;b\n').x.data).toEqual(new Float32Array([1, 2, 3, 4]));
    expect(loadCsvText('1\t2\ta\n3\t4\tb').x.data).toEqual(new Float32Array([1, 2, 3, 4]));
    expect(detectDelimiter('"a;b",c,d')).toBe(',');
    expect(detectDelimiter('x;y;z')).toBe(';');
    expect(detectDelimiter('single')).toBe(',');
  });

  it('tells CSV text from a path', () => {
    expect(isCsvText('1,2\n')).toBe(true);
    expect(isCsvText('data/iris.csv')).toBe(false);
    expect(isCsvText('runs/a,b.csv')).toBe(false);
    expect(isCsvText('1,2,0')).toBe(true);
  });

  it('keeps quoted line breaks and reports later lines as an editor shows them', async () => {
    const text = 'a,b,y\n1,"x\ny",0\n2,3,1\n';
    await expect(async () => loadCsvText(text, { categorical: 'error' })).rejects.toMatchObject({ code: 'TEXT_COLUMN', where: { line: 2, column: 2 } });
    const bad = 'a,b,y\n1,"2\n",0\n2,3\n';
    expect(() => loadCsvText(bad)).toThrow(/line 4 has 2 fields but line 1 has 3/);
  });

  it('sorts numeric labels numerically and merges 1 with 1.0', () => {
    const d = loadCsvText('1,10\n2,2\n3,-1\n4,1.0\n5,1\n');
    expect(d.classes).toEqual(['-1', '1.0', '2', '10']);
    expect(Array.from(d.y)).toEqual([3, 2, 0, 1, 1]);
    expect(d.task).toBe('multiclass');
    expect(d.encodeLabel('1')).toBe(1);
    expect(d.encodeLabel(10)).toBe(3);
  });

  it('treats non-integer numeric labels as regression', () => {
    const d = loadCsvText('1,0.5\n2,1.25\n3,-2\n');
    expect(d.task).toBe('regression');
    expect(d.classes).toBeNull();
    expect(d.y).toBeInstanceOf(Float32Array);
    expect(Array.from(d.y)).toEqual([0.5, 1.25, -2]);
    expect(d.decodeLabel(1.25)).toBe('1.25');
  });

  it('forces a task with the task option', () => {
    expect(loadCsvText('1,0\n2,1\n3,2\n', { task: 'regression' }).task).toBe('regression');
    expect(() => loadCsvText('1,0\n2,1\n3,2\n', { task: 'binary' })).toThrow(/task: 'binary' needs two classes/);
  });

  it('applies positiveClass to numeric and text labels', () => {
    expect(loadCsvText('1,0\n2,1\n', { positiveClass: 0 }).classes).toEqual(['1', '0']);
    expect(loadCsvText('1,yes\n2,no\n', { positiveClass: 'yes' }).y).toEqual(new Int32Array([1, 0]));
    expect(() => loadCsvText('1,yes\n2,no\n', { positiveClass: 'maybe' })).toThrow(/positiveClass "maybe" is not a label of "y"; its labels are "no" and "yes"/);
    expect(() => loadCsvText('1,a\n2,b\n3,c\n', { positiveClass: 'a' })).toThrow(/two-class label.*3 classes/);
  });

  it('picks the label column by index, negative index or header name', () => {
    const text = 'cls,f1,f2\nA,1,2\nB,3,4\n';
    const byName = loadCsvText(text, { label: 'cls' });
    expect(byName.featureNames).toEqual(['f1', 'f2']);
    expect(byName.x.data).toEqual(new Float32Array([1, 2, 3, 4]));
    expect(loadCsvText(text, { label: 0 }).classes).toEqual(['A', 'B']);
    expect(loadCsvText('1,2,a\n3,4,b\n', { label: -1 }).classes).toEqual(['a', 'b']);
    expect(() => loadCsvText(text, { label: 'class' })).toThrow(/Unknown label column "class".*cls, f1, f2/);
    expect(() => loadCsvText(text, { label: 7 })).toThrow(/label: 7 is outside the 3 columns/);
  });

  it('names features x<i> without a header and respects header: false / true', () => {
    const d = loadCsvText('1,2,0\n3,4,1\n');
    expect(d.featureNames).toEqual(['x0', 'x1']);
    expect(d.labelName).toBe('y');
    const forced = loadCsvText('h1,h2,h3\nred,1,0\nblue,2,1\n', { header: true, categorical: 'onehot' });
    expect(forced.featureNames).toEqual(['h1=blue', 'h1=red', 'h2']);
    expect(Array.from(forced.x.data)).toEqual([0, 1, 1, 1, 0, 2]);
  });

  it('imputes mean and median, drops rows, recognises every missing token', () => {
    const text = 'a,b,y\n1,?,0\n2,NA,1\n3,4,0\nnan,6,1\n5,null,0\n6,,1\n';
    const mean = loadCsvText(text, { missing: 'mean' });
    expect(Array.from(mean.x.data.filter((_, i) => i % 2 === 1))).toEqual([5, 5, 4, 6, 5, 5]);
    expect(mean.x.data[6]).toBeCloseTo(3.4, 5); // mean of 1,2,3,5,6
    const median = loadCsvText('a,y\n1,0\n?,1\n2,0\n10,1\n', { missing: 'median' });
    expect(Array.from(median.x.data)).toEqual([1, 2, 2, 10]);
    const dropped = loadCsvText(text + '7,8,1\n', { missing: 'drop' });
    expect(dropped.x.rows).toBe(2);
    expect(Array.from(dropped.x.data)).toEqual([3, 4, 7, 8]);
  });

  it('one-hot encodes text feature columns with sorted categories', () => {
    const d = loadCsvText('size,color,w,y\nS,red,1,0\nM,blue,2,1\nS,green,3,1\n', { categorical: 'onehot' });
    expect(d.featureNames).toEqual(['size=M', 'size=S', 'color=blue', 'color=green', 'color=red', 'w']);
    expect(Array.from(d.x.data)).toEqual([0, 1, 0, 0, 1, 1, 1, 0, 1, 0, 0, 2, 0, 1, 0, 1, 0, 3]);
  });

  it('reads Blob, File, Response, web ReadableStream and Node Readable', async () => {
    const text = 'a,b,y\n1,2,x\n3,4,z\n';
    const expectData = (d: Awaited<ReturnType<typeof loadCsv>>) => {
      expect(Array.from(d.x.data)).toEqual([1, 2, 3, 4]);
      expect(d.classes).toEqual(['x', 'z']);
    };
    expectData(await loadCsv(new Blob([text])));
    expectData(await loadCsv(new File([text], 'tiny.csv')));
    expectData(await loadCsv(new Response(text)));
    expectData(await loadCsv(new Blob([text]).stream()));
    expectData(await loadCsv(Readable.from([Buffer.from('a,b,y\n1,'), Buffer.from('2,x\n3,4,z')])));
    // A multi-byte character split across chunks stays whole.
    const bytes = new TextEncoder().encode('\ufeffa,b,y\n1,2,é\n3,4,z\n');
    const d = await loadCsv(Readable.from([bytes.slice(0, 12), bytes.slice(12)]));
    expect(d.classes).toEqual(['z', 'é']);
    expect(d.featureNames).toEqual(['a', 'b']);
  });

  it('drops a row before it can add a category, and imputes text columns with the most frequent category', () => {
    const text = 'c,w,y\nred,1,0\nblue,?,1\nred,3,1\n?,4,0\n';
    const dropped = loadCsvText(text, { categorical: 'onehot', missing: 'drop' });
    expect(dropped.featureNames).toEqual(['c=red', 'w']);
    expect(Array.from(dropped.x.data)).toEqual([1, 1, 1, 3]);
    const mode = loadCsvText(text, { categorical: 'onehot', missing: 'median' });
    expect(mode.featureNames).toEqual(['c=blue', 'c=red', 'w']);
    expect(Array.from(mode.x.data)).toEqual([0, 1, 1, 1, 0, 3, 0, 1, 3, 0, 1, 4]);
  });
});
