import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseTable } from '../../src/data/table-loader.js';
import { tableFromObjects } from '../../src/data/table-objects.js';
import type { Matrix } from '../../src/data/matrix.js';
import { isSparse, type SparseMatrix } from '../../src/data/sparse.js';
import type { Table } from '../../src/data/table.js';
import { SimpleImputer } from '../../src/preprocessing/simple-imputer.js';
import { OneHotEncoder } from '../../src/preprocessing/one-hot-encoder.js';
import { OrdinalEncoder } from '../../src/preprocessing/ordinal-encoder.js';
import { ColumnTransformer } from '../../src/preprocessing/column-transformer.js';
import '../../src/preprocessing/registry.js'; // installs the step restorer, as the package entries do
import { TableTransformer } from '../../src/preprocessing/table-transformer.js';
import { StandardScaler } from '../../src/preprocessing/standard-scaler.js';
import { hstack } from '../../src/data/hstack.js';
import { setWarningHandler } from '../../src/warnings.js';
import { expectWasmlpError } from '../helpers/expect-error.js';

let warnings: { code: string; message: string }[] = [];
beforeEach(() => { warnings = []; setWarningHandler((code, message) => warnings.push({ code, message })); });
afterEach(() => setWarningHandler(null));

const rowsOf = (m: Matrix) => Array.from({ length: m.rows }, (_, r) => Array.from(m.data.subarray(r * m.cols, (r + 1) * m.cols)));
const t = (text: string): Table => parseTable(text).table;

describe('SimpleImputer', () => {
  const data = t('age,town\n1,a\n,b\n3,b\n10,\n');
  it('mean, median, mostFrequent and constant on a table; text columns take the most frequent', () => {
    const col = (x: unknown, i: number) => Array.from((x as Table).columns[i].values as ArrayLike<unknown>);
    expect(col(new SimpleImputer({ strategy: 'mean' }).fitTransform(data), 0)).toEqual([1, 14 / 3, 3, 10]);
    expect(col(new SimpleImputer({ strategy: 'median' }).fitTransform(data), 0)).toEqual([1, 3, 3, 10]);
    expect(col(new SimpleImputer({ strategy: 'median' }).fitTransform(data), 1)).toEqual(['a', 'b', 'b', 'b']);
    expect(col(new SimpleImputer({ strategy: 'constant', fillValue: -1 }).fitTransform(data), 0)).toEqual([1, -1, 3, 10]);
    expect(col(new SimpleImputer({ strategy: 'constant' }).fitTransform(data), 1)).toEqual(['a', 'b', 'b', 'missing']);
    const mf = new SimpleImputer({ strategy: 'mostFrequent' }).fit(t('v\n2\n5\n5\n\n'));
    expect((mf.toJSON().state as { fill: number[] }).fill).toEqual([5]);
  });

  it('missing indicators for columns that had missing cells in fit; matrices too', () => {
    const imp = new SimpleImputer({ strategy: 'median', addIndicator: true });
    const out = imp.fitTransform(data) as Table;
    expect(out.columns.map((c) => c.name)).toEqual(['age', 'town', 'age_missing', 'town_missing']);
    expect(Array.from(out.columns[2].values as Float64Array)).toEqual([0, 1, 0, 0]);
    expect(imp.featureNamesOut()).toEqual(['age', 'town', 'age_missing', 'town_missing']);
    const m = new SimpleImputer({ strategy: 'mean', addIndicator: true }).fitTransform([[1, NaN], [3, 4], [NaN, 8]]) as Matrix;
    expect(rowsOf(m)).toEqual([[1, 6, 0, 1], [3, 4, 0, 0], [2, 8, 1, 0]]);
  });

  it('transforms raw objects with numbers as text and absent columns as missing', () => {
    const imp = new SimpleImputer({ strategy: 'median' }).fit(data);
    const out = imp.transform([{ age: '7' }, { age: null, town: 'c' }]) as Table;
    expect(Array.from(out.columns[0].values as Float64Array)).toEqual([7, 3]);
    expect(out.columns[1].values).toEqual(['b', 'c']);
    const absent = imp.transform([{ age: 2 }]) as Table;
    expect(absent.columns[1].values).toEqual(['b']);
    expect(warnings.map((w) => w.code)).toEqual(['ABSENT_COLUMN']);
  });

  it('options are checked', async () => {
    await expectWasmlpError(() => new SimpleImputer({ strategy: 'average' as never }), 'BAD_OPTION', ['mean, median, mostFrequent, constant'], { option: 'strategy' });
    await expectWasmlpError(() => new SimpleImputer({ stratgy: 'mean' } as never), 'BAD_OPTION', ["Did you mean 'strategy'"]);
    await expectWasmlpError(() => new SimpleImputer().transform(data), 'NOT_FITTED');
    await expectWasmlpError(() => new SimpleImputer().fit(data).transform([{ age: 'old' }]), 'NOT_A_NUMBER', ["column 'age'"], { row: 0, column: 'age' });
  });
});

describe('OneHotEncoder and OrdinalEncoder on tables', () => {
  const train = t('embarked,pclass\nS,3\nC,1\nS,3\nQ,2\n,3\n');
  it('one column per sorted category, missing as its own category, unseen categories ignored with a warning', () => {
    const enc = new OneHotEncoder().fit(train);
    expect(enc.featureNamesOut()).toEqual(['embarked=C', 'embarked=Q', 'embarked=S', 'embarked=(missing)', 'pclass=1', 'pclass=2', 'pclass=3']);
    const out = enc.transform([{ embarked: 'X', pclass: 1 }, { embarked: null, pclass: '2' }]) as Matrix;
    expect(rowsOf(out)).toEqual([[0, 0, 0, 0, 1, 0, 0], [0, 0, 0, 1, 0, 1, 0]]);
    expect(warnings.map((w) => w.code)).toEqual(['UNSEEN_CATEGORY']);
    expect(warnings[0].message).toContain("column 'embarked'");
  });

  it("handleUnknown: 'error' refuses an unseen category by name", async () => {
    await expectWasmlpError(() => new OneHotEncoder({ handleUnknown: 'error' }).fit(train).transform([{ embarked: 'X', pclass: 1 }]), 'UNKNOWN_CATEGORY', ["column 'embarked' is \"X\""], { row: 0, column: 'embarked' });
  });

  it('minFrequency groups rare categories; a column with 100,000 distinct values is capped with a warning', () => {
    const enc = new OneHotEncoder({ minFrequency: 2 }).fit(train);
    expect(enc.featureNamesOut()).toEqual(['embarked=S', 'embarked=(infrequent)', 'embarked=(missing)', 'pclass=3', 'pclass=(infrequent)']);
    expect(rowsOf(enc.transform([{ embarked: 'Q', pclass: 9 }]) as Matrix)).toEqual([[0, 1, 0, 0, 1]]);
    const ids = tableFromObjects(Array.from({ length: 100_000 }, (_, i) => ({ code: `k${i % 100_000}`, other: i % 3 === 0 ? 'a' : 'b' })));
    const capped = new OneHotEncoder().fit(ids);
    expect(capped.featureNamesOut().length).toBe(200 + 1 + 2);
    const w = warnings.find((x) => x.code === 'TOO_MANY_CATEGORIES')!;
    expect(w.message).toContain("column 'code' has 100000 distinct values");
    expect(w.message).toContain("drop: ['code']");
  });

  it('OrdinalEncoder: sorted codes, missing after them, unknown -1', () => {
    const enc = new OrdinalEncoder().fit(train);
    expect(enc.categories).toEqual([['C', 'Q', 'S', '(missing)'], ['1', '2', '3']]);
    expect(rowsOf(enc.transform([{ embarked: 'S', pclass: 2 }, { embarked: 'Z', pclass: null }]) as Matrix)).toEqual([[2, 1], [-1, -1]]);
    const restored = OrdinalEncoder.fromJSON(JSON.parse(JSON.stringify(enc.toJSON())));
    expect(restored.categories).toEqual(enc.categories);
  });
});

describe('ColumnTransformer', () => {
  const data = t('age,sex,fare,id\n22,male,7.25,1\n38,female,71.3,2\n,female,7.9,3\n35,male,,4\n');
  it('selects by name, index and kind, stacks the parts and names the outputs', () => {
    const ct = new ColumnTransformer([
      ['numbers', [new SimpleImputer({ strategy: 'median', addIndicator: true }), new StandardScaler()], { kind: 'number' }],
      ['sex', new OneHotEncoder(), [1]],
      ['ids', 'passthrough', ['id']],
    ]);
    const out = ct.fitTransform(data) as Matrix;
    expect(ct.featureNamesOut()).toEqual(['age', 'fare', 'id', 'age_missing', 'fare_missing', 'sex=female', 'sex=male', 'id']);
    expect(out.cols).toBe(8);
    expect(rowsOf(out).map((r) => r[7])).toEqual([1, 2, 3, 4]);
    expect(() => new ColumnTransformer([['fare', 'passthrough', ['fare']]]).fitTransform(data)).toThrow(/still has a missing cell/);
  });

  it('a text column passed through is refused; unknown columns name the closest', async () => {
    await expectWasmlpError(() => new ColumnTransformer([['s', 'passthrough', ['sex']]]).fit(data), 'TEXT_OUTPUT', ["'sex'"], { column: 'sex' });
    await expectWasmlpError(() => new ColumnTransformer([['s', new OneHotEncoder(), ['sexe']]]).fit(data), 'UNKNOWN_COLUMN', ['Did you mean "sex"']);
    await expectWasmlpError(() => new ColumnTransformer([['s', 'drop', ['sex']]]).fit(data), 'NO_FEATURES');
    await expectWasmlpError(() => new ColumnTransformer([['s', new OneHotEncoder(), { kind: 'words' as never }]]), 'BAD_OPTION');
  });

  it('dense parts become CSR nonzeros beside a sparse part', () => {
    const sparse: SparseMatrix = { format: 'csr', rows: 2, cols: 3, indptr: Int32Array.from([0, 1, 2]), indices: Int32Array.from([2, 0]), values: Float32Array.from([5, 6]) };
    const out = hstack([{ data: Float32Array.from([1, 0, 0, 2]), rows: 2, cols: 2 }, sparse], 2) as SparseMatrix;
    expect(out.format).toBe('csr');
    expect(Array.from(out.indptr)).toEqual([0, 2, 4]);
    expect(Array.from(out.indices)).toEqual([0, 4, 1, 2]);
    expect(Array.from(out.values)).toEqual([1, 5, 2, 6]);
  });
});

describe('TableTransformer', () => {
  const titanicLike = t('pclass,sex,age,embarked,deck,ticket,same\n3,male,22,S,,a1,k\n1,female,38,C,C,a2,k\n3,female,,S,,a3,k\n1,female,35,S,C,a4,k\n3,male,35,,,a5,k\n2,male,,Q,E,a6,k\n'.replace(/,a(\d)/g, ',tk$1'));
  it('numbers imputed + indicator + standardized, categories one-hot, constants dropped; plans say so', () => {
    const tt = new TableTransformer();
    const out = tt.fitTransform(titanicLike) as Matrix;
    expect(tt.featureNamesOut()).toEqual(['pclass', 'age', 'age_missing', 'sex=female', 'sex=male', 'embarked=C', 'embarked=Q', 'embarked=S', 'embarked=(missing)', 'deck=C', 'deck=E', 'deck=(missing)', 'ticket=tk1', 'ticket=tk2', 'ticket=tk3', 'ticket=tk4', 'ticket=tk5', 'ticket=tk6']);
    expect(out.cols).toBe(18);
    const plans = tt.columnPlans();
    expect(plans.find((p) => p.name === 'age')!.action).toBe('missing filled with the median + indicator, standardized');
    expect(plans.find((p) => p.name === 'same')!.action).toBe('dropped (constant)');
    // standardized: column mean 0
    const ageMean = rowsOf(out).reduce((a, r) => a + r[1], 0) / out.rows;
    expect(Math.abs(ageMean)).toBeLessThan(1e-6);
  });

  it('saved and restored, it transforms raw rows identically (unseen category, empty age)', () => {
    const tt = new TableTransformer({ drop: ['ticket'], categorical: ['pclass'] });
    tt.fit(titanicLike);
    const copy = TableTransformer.fromJSON(JSON.parse(JSON.stringify(tt.toJSON())));
    const raw = [{ pclass: 3, sex: 'male', age: '', embarked: 'Z', deck: null }, { sex: 'female', age: 40, embarked: 'C', pclass: '1', deck: 'C' }];
    expect(rowsOf(copy.transform(raw) as Matrix)).toEqual(rowsOf(tt.transform(raw) as Matrix));
    expect(copy.featureNamesOut()).toContain('pclass=3');
    expect(copy.columnPlans().find((p) => p.name === 'ticket')!.action).toBe('dropped (asked)');
  });

  it('a text column goes through TF-IDF (sparse rows named column:term); no usable column is NO_FEATURES', async () => {
    const text = t(`note,y\n${Array.from({ length: 10 }, (_, i) => `this is a long free text note number ${i} about things,${i % 2}`).join('\n')}\n`);
    const tt = new TableTransformer();
    const out = tt.fitTransform(text) as SparseMatrix;
    expect(isSparse(out)).toBe(true);
    expect(out.rows).toBe(10);
    expect(tt.featureNamesOut()).toContain('note:things');
    const copy = TableTransformer.fromJSON(JSON.parse(JSON.stringify(tt.toJSON())));
    expect(Array.from((copy.transform(text) as SparseMatrix).values)).toEqual(Array.from(out.values));
    await expectWasmlpError(() => new TableTransformer({ drop: ['pclass', 'sex', 'age', 'embarked', 'deck', 'ticket'] }).fit(titanicLike), 'NO_FEATURES');
    await expectWasmlpError(() => new TableTransformer({ scale: 'robust' as never }), 'BAD_OPTION', [], { option: 'scale' });
  });
});
