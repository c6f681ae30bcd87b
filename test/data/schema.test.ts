import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import '../../src/data/csv-node.js';
import { loadTable, parseTable } from '../../src/data/table-loader.js';
import { inferSchema } from '../../src/data/schema.js';
import { splitLabel } from '../../src/data/table-label.js';
import { setWarningHandler } from '../../src/warnings.js';
import { setOptionRenderer } from '../../src/advice.js';
import { expectWasmlpError } from '../helpers/expect-error.js';

const DATA = process.env.WASMLP_DATA_DIR ?? join(__dirname, '../../../shared/data');
let warnings: { code: string; message: string }[] = [];
beforeEach(() => { warnings = []; setWarningHandler((code, message) => warnings.push({ code, message })); });
afterEach(() => setWarningHandler(null));

describe('inferSchema', () => {
  it('titanic: kinds, missing counts, actions, and alive restating the label', async () => {
    const t = await loadTable(join(DATA, 'titanic.csv'));
    const s = inferSchema(t, { label: 'survived' });
    const col = (n: string) => s.columns.find((c) => c.name === n)!;
    expect(s.label).toBe('survived');
    expect(col('survived').role).toBe('label');
    expect([col('age').kind, col('age').missing, col('age').action]).toEqual(['number', 177, 'impute median + missing indicator, standardize']);
    expect([col('sex').kind, col('sex').distinct]).toEqual(['category', 2]);
    expect([col('deck').kind, col('deck').missing]).toEqual(['category', 688]);
    expect(col('embarked').examples).toEqual(['S', 'C', 'Q']);
    expect(s.warnings.map((w) => [w.code, w.column])).toEqual([['LABEL_LEAK', 'alive']]);
    expect(warnings[0].message).toContain("drop: ['alive']");
    const dropped = inferSchema(t, { label: 'survived', drop: ['alive'], categorical: ['pclass'] });
    expect(dropped.warnings).toEqual([]);
    expect(dropped.columns.find((c) => c.name === 'alive')!.role).toBe('dropped');
    expect(dropped.columns.find((c) => c.name === 'pclass')!.kind).toBe('category');
  });

  it('penguins: the label is the first column, by name or index', async () => {
    const t = await loadTable(join(DATA, 'penguins.csv'));
    expect(inferSchema(t, { label: 0 }).label).toBe('species');
    expect(inferSchema(t, { label: '0' }).label).toBe('species');
    expect(inferSchema(t, { label: 'species' }).columns.filter((c) => c.kind === 'category').map((c) => c.name)).toEqual(['species', 'island', 'sex']);
  });

  it('text, id and constant columns; warnings for ids, constants and single-member classes', () => {
    const rows = ['id,comment,code,same,y'];
    for (let i = 0; i < 30; i++) rows.push(`${100 + i},this is a rather long comment number ${i},${['a', 'b', 'c'][i % 3]},k,${i === 0 ? 'rare' : i % 2 ? 'p' : 'q'}`);
    const s = inferSchema(parseTable(rows.join('\n')).table, { label: 'y' });
    expect(s.columns.map((c) => c.kind)).toEqual(['id', 'text', 'category', 'constant', 'category']);
    expect(s.warnings.map((w) => w.code).sort()).toEqual(['CONSTANT_COLUMN', 'ID_COLUMN', 'SINGLETON_CLASS']);
  });

  it('advice names CLI flags when the CLI renders options', () => {
    const previous = setOptionRenderer((o, v) => `--${o}${v === undefined ? '' : ` ${Array.isArray(v) ? v.join(',') : v}`}`);
    try {
      const t = parseTable('a,b,y\n1,x,0\n2,x,1\n3,z,0\n').table;
      const s = inferSchema(t, { label: 'y', warn: false });
      expect(s.warnings.find((w) => w.code === 'CONSTANT_COLUMN')).toBeUndefined();
      return expectWasmlpError(() => inferSchema(t, { label: 'target' }), 'UNKNOWN_COLUMN', ['(--label)'], { option: 'label', column: 'target' });
    } finally {
      setOptionRenderer(previous);
    }
  });

  it('a label that does not exist names the columns and the closest one', async () => {
    const t = parseTable('age,survived\n1,0\n2,1\n').table;
    await expectWasmlpError(() => inferSchema(t, { label: 'survive' }), 'UNKNOWN_COLUMN', ['Did you mean "survived"', 'age, survived', '(label)'], { option: 'label' });
    await expectWasmlpError(() => inferSchema(t, { label: 5 }), 'UNKNOWN_COLUMN', ['outside'], { option: 'label' });
    await expectWasmlpError(() => inferSchema(t, { lable: 'x' } as never), 'BAD_OPTION', ["Did you mean 'label'"]);
  });
});

describe('splitLabel', () => {
  it('encodes the label anywhere in the table and keeps the other columns', () => {
    const t = parseTable('y,a,b\nno,1,x\nyes,2,y\nno,3,z\n').table;
    const s = splitLabel(t, 'y');
    expect(Array.from(s.y)).toEqual([0, 1, 0]);
    expect(s.classes).toEqual(['no', 'yes']);
    expect(s.x.columns.map((c) => c.name)).toEqual(['a', 'b']);
  });

  it('a missing label is refused, or its row dropped when asked', async () => {
    const t = parseTable('a,y\n1,p\n2,\n3,q\n').table;
    await expectWasmlpError(() => splitLabel(t, 'y'), 'MISSING_LABEL', ["missing: 'drop'"], { row: 1, column: 'y' });
    const s = splitLabel(t, 'y', { dropMissingLabels: true });
    expect(s.x.rows).toBe(2);
    expect(s.droppedRows).toBe(1);
  });
});
