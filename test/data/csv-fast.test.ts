// The fast numeric CSV path (src/data/csv-fast.ts): the same Dataset, bit for bit, as the general
// loader on plain numeric tables written many ways; the general loader (with its located errors)
// for anything else; features that live in WebAssembly memory and train in place.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Dense, Sequential, loadCsvText, memoryStats } from '../../src/index.js';
import { loadCsv, loadCsvFile } from '../../src/node.js';
import { isDeviceMatrix, setFastCsv, type DeviceMatrix } from '../../src/data/csv-fast.js';
import { runtime } from '../../src/runtime/wasm.js';
import type { Dataset } from '../../src/data/dataset.js';
import { expectWasmlpError } from '../helpers/expect-error.js';
import { settledBytesInUse } from '../helpers/settled-memory.js';

function general<T>(fn: () => T): T {
  setFastCsv(false);
  try {
    return fn();
  } finally {
    setFastCsv(true);
  }
}

function same(a: Dataset, b: Dataset): void {
  expect({ rows: a.x.rows, cols: a.x.cols }).toEqual({ rows: b.x.rows, cols: b.x.cols });
  expect(new Uint32Array(Float32Array.from(a.x.data).buffer)).toEqual(new Uint32Array(Float32Array.from(b.x.data).buffer));
  expect(Array.from(a.y)).toEqual(Array.from(b.y));
  expect(a.y.constructor).toBe(b.y.constructor);
  expect([a.featureNames, a.labelName, a.classes, a.task]).toEqual([b.featureNames, b.labelName, b.classes, b.task]);
}

const dir = mkdtempSync(join(tmpdir(), 'wasmlp-csv-fast-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('fast numeric CSV', () => {
  const number = fc.oneof(
    fc.integer({ min: -100000, max: 100000 }).map(String),
    fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }).map((v) => String(Object.is(v, -0) ? 0 : v)),
    fc.double({ min: -1e30, max: 1e30, noNaN: true, noDefaultInfinity: true }).map((v) => v.toExponential(fc.sample(fc.integer({ min: 0, max: 20 }), 1)[0])),
    fc.constantFrom('.5', '-.25', '1.', '+4', '007', '1E+05', '2e-3', '0.000000000000000000000000012345', '123456789012345678901234', '3.14159265358979323846'),
  );
  const table = fc.record({
    rows: fc.array(fc.tuple(fc.array(number, { minLength: 3, maxLength: 3 }), fc.integer({ min: 0, max: 2 })), { minLength: 1, maxLength: 30 }),
    header: fc.boolean(),
    delimiter: fc.constantFrom(',', ';', '\t'),
    eol: fc.constantFrom('\n', '\r\n'),
    finalEol: fc.boolean(),
    spaces: fc.boolean(),
    blankLine: fc.boolean(),
  });

  it('gives the general loader\'s dataset, bit for bit, on numeric tables written many ways', () => {
    let onDevice = 0;
    fc.assert(fc.property(table, (t) => {
      const pad = (s: string) => (t.spaces && t.delimiter !== '\t' ? ` ${s} ` : s);
      const lines = t.rows.map(([cells, label]) => [...cells, String(label)].map(pad).join(t.delimiter));
      if (t.header) lines.unshift(['a', 'b', 'c', 'label'].join(t.delimiter));
      if (t.blankLine && lines.length > 2) lines.splice(2, 0, '');
      const text = lines.join(t.eol) + (t.finalEol ? t.eol : '');
      const attempt = (fn: () => Dataset): Dataset | Error => { try { return fn(); } catch (e) { return e as Error; } };
      const fast = attempt(() => loadCsvText(text));
      const slow = attempt(() => general(() => loadCsvText(text)));
      if (slow instanceof Error) expect(fast).toEqual(slow);
      else {
        same(fast as Dataset, slow);
        if (isDeviceMatrix((fast as Dataset).x, runtime())) onDevice++;
      }
    }), { numRuns: 300 });
    // The fast path really ran on most tables (not a comparison of the general loader with itself).
    expect(onDevice).toBeGreaterThan(150);
  });

  it('writes the features into WebAssembly memory once, trains on them in place, and frees them on dispose', async () => {
    const rows = Array.from({ length: 200 }, (_, i) => `${(i % 7) / 3},${i % 5},${(i * 37) % 11},${i % 2}`);
    const file = join(dir, 'plain.csv');
    writeFileSync(file, `f1,f2,f3,label\n${rows.join('\n')}\n`);
    const data = await loadCsv(file);
    expect(isDeviceMatrix(data.x, runtime())).toBe(true);
    same(data, general(() => loadCsvText(`f1,f2,f3,label\n${rows.join('\n')}\n`)));
    same(await loadCsvFile(file), data);

    const model = new Sequential([new Dense({ units: 4, activation: 'relu', inputDim: 3 }), new Dense({ units: 1, activation: 'sigmoid' })], { seed: 2 });
    model.compile({ loss: 'binaryCrossentropy', optimizer: 'adam' });
    const copy = { data: Float32Array.from(data.x.data), rows: data.x.rows, cols: data.x.cols };
    const twin = new Sequential([new Dense({ units: 4, activation: 'relu', inputDim: 3 }), new Dense({ units: 1, activation: 'sigmoid' })], { seed: 2 });
    twin.compile({ loss: 'binaryCrossentropy', optimizer: 'adam' });
    await model.fit(data.x, data.y, { epochs: 2 });
    await twin.fit(copy, data.y, { epochs: 2 });
    expect(model.getWeights().map((w) => Array.from(w.values))).toEqual(twin.getWeights().map((w) => Array.from(w.values)));
    expect(Array.from(model.predict(data.x).data)).toEqual(Array.from(twin.predict(copy).data));
    model.dispose();
    twin.dispose();

    const before = settledBytesInUse();
    (data.x as DeviceMatrix).dispose();
    expect(memoryStats().bytesInUse).toBe(before - 200 * 3 * 4);
    expect(data.x.data.length).toBe(0);
  });

  it('grows its destination past a low size estimate (short first lines, long later ones)', async () => {
    const lines = ['1,0', ...Array.from({ length: 5000 }, (_, i) => `${i}.123456789,${i % 2}`)];
    const file = join(dir, 'grow.csv');
    writeFileSync(file, lines.join('\n'));
    same(await loadCsv(file), general(() => loadCsvText(lines.join('\n'))));
  });

  it.each([
    ['a quoted field', 'a,b\n"1",0\n2,1\n'],
    ['a text cell', 'a,b\n1,0\nx,1\n'],
    ['a missing cell', 'a,b\n1,0\n?,1\n'],
    ['text labels', 'a,b\n1,M\n2,R\n'],
    ['two spellings of one label', 'a,b\n1,1\n2,1.0\n3,1\n'],
    ['a subnormal float32', 'a,b\n1e-40,0\n2,1\n'],
    ['one line', '1,2,3\n'],
  ])('leaves %s to the general loader (same dataset)', (_, text) => {
    let fastResult: Dataset | Error, slowResult: Dataset | Error;
    try { fastResult = loadCsvText(text, { missing: 'mean', categorical: 'onehot' }); } catch (e) { fastResult = e as Error; }
    try { slowResult = general(() => loadCsvText(text, { missing: 'mean', categorical: 'onehot' })); } catch (e) { slowResult = e as Error; }
    if (slowResult instanceof Error) expect(fastResult).toEqual(slowResult);
    else {
      same(fastResult as Dataset, slowResult);
      expect(isDeviceMatrix((fastResult as Dataset).x, runtime())).toBe(false);
    }
  });

  it('keeps the general loader\'s located errors', async () => {
    const file = join(dir, 'bad.csv');
    writeFileSync(file, 'a,b,c\n1,2,0\n3,oops,1\n');
    await expectWasmlpError(() => loadCsv(file), 'NOT_A_NUMBER', [/line 3, column 2/], { line: 3, column: 2, file });
    writeFileSync(file, '1,2,0\n3,4\n');
    await expectWasmlpError(() => loadCsv(file), 'RAGGED_ROW', [/line 2/], { line: 2, file });
    writeFileSync(file, '1,2,0\n3,1e999,1\n');
    await expectWasmlpError(() => loadCsv(file), 'NON_FINITE', [/line 2, column 2/], { line: 2, column: 2 });
  });
});
