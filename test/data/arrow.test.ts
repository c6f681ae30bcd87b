// fromArrow: Apache Arrow tables (from apache-arrow and from real DuckDB queries over a CSV and a
// Parquet file) as wasmlp Tables, every supported Arrow type, chunked and sliced data, bad input.
import { readFileSync } from 'node:fs';
import * as arrow from 'apache-arrow';
import type { DuckDBConnection } from '@duckdb/node-api';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromArrow } from '../../src/arrow.js';
import type { NumberColumn, StringColumn, Table } from '../../src/data/table.js';
import { dataPath } from '../helpers/data-dir.js';
import { expectWasmlpError } from '../helpers/expect-error.js';
import { duckdbWithParquetCopy, queryArrow } from '../helpers/duckdb-arrow.js';

const num = (t: Table, name: string) => {
  const c = t.columns.find((col) => col.name === name)!;
  expect(c.type, name).toBe('number');
  return Array.from((c as NumberColumn).values);
};
const str = (t: Table, name: string) => {
  const c = t.columns.find((col) => col.name === name)!;
  expect(c.type, name).toBe('string');
  return [...(c as StringColumn).values];
};

describe('fromArrow: types', () => {
  it('numbers of every width become float64 with NaN for nulls; strings, dictionaries and booleans become strings', () => {
    const t = new arrow.Table({
      i8: arrow.vectorFromArray([1, -2, null, 4], new arrow.Int8()),
      i32: arrow.vectorFromArray([100000, null, -3, 7], new arrow.Int32()),
      i64: arrow.vectorFromArray([2n ** 40n, null, -5n, 0n], new arrow.Int64()),
      u64: arrow.vectorFromArray([1n, 2n, 3n, null], new arrow.Uint64()),
      u8: arrow.vectorFromArray([255, 0, 1, 2], new arrow.Uint8()),
      f16: arrow.vectorFromArray([0.5, null, -2, 1024], new arrow.Float16()),
      f32: arrow.vectorFromArray([0.1, 2.5, null, -1e30], new arrow.Float32()),
      f64: arrow.vectorFromArray([Math.PI, null, -0, 1e-300], new arrow.Float64()),
      s: arrow.vectorFromArray(['a', null, 'ü', ''], new arrow.Utf8()),
      ls: arrow.vectorFromArray(['x', 'y', null, 'x'], new arrow.LargeUtf8()),
      d: arrow.vectorFromArray(['S', 'C', null, 'S'], new arrow.Dictionary(new arrow.Utf8(), new arrow.Int32())),
      b: arrow.vectorFromArray([true, false, null, true], new arrow.Bool()),
    });
    const { x, y, featureNames } = fromArrow(t);
    expect(y).toBeNull();
    expect(featureNames).toEqual(['i8', 'i32', 'i64', 'u64', 'u8', 'f16', 'f32', 'f64', 's', 'ls', 'd', 'b']);
    expect(x.rows).toBe(4);
    expect(num(x, 'i8')).toEqual([1, -2, NaN, 4]);
    expect(num(x, 'i32')).toEqual([100000, NaN, -3, 7]);
    expect(num(x, 'i64')).toEqual([2 ** 40, NaN, -5, 0]);
    expect(num(x, 'u64')).toEqual([1, 2, 3, NaN]);
    expect(num(x, 'u8')).toEqual([255, 0, 1, 2]);
    expect(num(x, 'f16')).toEqual([0.5, NaN, -2, 1024]);
    expect(num(x, 'f32')).toEqual([Math.fround(0.1), 2.5, NaN, Math.fround(-1e30)]);
    expect(num(x, 'f64')).toEqual([Math.PI, NaN, -0, 1e-300]);
    expect(str(x, 's')).toEqual(['a', null, 'ü', '']);
    expect(str(x, 'ls')).toEqual(['x', 'y', null, 'x']);
    expect(str(x, 'd')).toEqual(['S', 'C', null, 'S']);
    expect(str(x, 'b')).toEqual(['true', 'false', null, 'true']);
  });

  it('decimals (positive, negative, scaled) become numbers', () => {
    // 123.45 and -1.00 as 128-bit two's complement words, scale 2.
    const data = arrow.makeData({ type: new arrow.Decimal(2, 10, 128), length: 2, nullCount: 0, data: new Uint32Array([12345, 0, 0, 0, 0xffffffff - 99, 0xffffffff, 0xffffffff, 0xffffffff]) });
    const t = new arrow.Table({ price: arrow.makeVector(data) });
    expect(num(fromArrow(t).x, 'price')).toEqual([123.45, -1]);
  });

  it('reads chunked tables, sliced tables and arrays of record batches', () => {
    const a = arrow.tableFromArrays({ v: Float64Array.from([1, 2, 3]), s: ['a', 'b', 'c'] });
    const b = arrow.tableFromArrays({ v: Float64Array.from([4, 5]), s: ['d', 'e'] });
    const both = a.concat(b);
    expect(both.batches.length).toBe(2);
    expect(num(fromArrow(both).x, 'v')).toEqual([1, 2, 3, 4, 5]);
    expect(str(fromArrow(both).x, 's')).toEqual(['a', 'b', 'c', 'd', 'e']);
    const sliced = both.slice(2, 5);
    expect(num(fromArrow(sliced).x, 'v')).toEqual([3, 4, 5]);
    expect(str(fromArrow(sliced).x, 's')).toEqual(['c', 'd', 'e']);
    expect(num(fromArrow(both.batches).x, 'v')).toEqual([1, 2, 3, 4, 5]);
    // A sliced column with nulls: the validity bitmap is read from the slice's offset.
    const withNulls = new arrow.Table({ n: arrow.vectorFromArray([1n, null, 3n, null, 5n], new arrow.Int64()) }).slice(1, 5);
    expect(num(fromArrow(withNulls).x, 'n')).toEqual([NaN, 3, NaN, 5]);
  });

  it('keeps the columns asked for, in that order, and encodes the label like loadCsv (sorted classes)', () => {
    const t = arrow.tableFromArrays({ a: Float64Array.from([1, 2, 3, 4]), b: ['x', 'y', 'x', 'y'], c: Int32Array.from([9, 8, 7, 6]), species: ['b', 'a', 'c', 'a'] });
    const r = fromArrow(t, { label: 'species', columns: ['c', 'a'] });
    expect(r.featureNames).toEqual(['c', 'a']);
    expect(r.x.columns.map((c) => c.name)).toEqual(['c', 'a']);
    expect(r.classes).toEqual(['a', 'b', 'c']);
    expect(Array.from(r.y!)).toEqual([1, 0, 2, 0]);
    expect(r.task).toBe('multiclass');
    // Integer labels sort numerically; positiveClass picks class 1.
    const n = fromArrow(arrow.tableFromArrays({ f: Float64Array.from([0, 1, 2]), y: Int32Array.from([10, 2, 10]) }), { label: 'y', positiveClass: 2 });
    expect(n.classes).toEqual(['10', '2']);
    expect(Array.from(n.y!)).toEqual([0, 1, 0]);
    // A boolean label is two classes.
    const bl = fromArrow(new arrow.Table({ f: arrow.vectorFromArray([1, 2, 3], new arrow.Float64()), ok: arrow.vectorFromArray([true, false, true], new arrow.Bool()) }), { label: 'ok' });
    expect(bl.classes).toEqual(['false', 'true']);
    expect(Array.from(bl.y!)).toEqual([1, 0, 1]);
  });
});

describe('fromArrow: bad input, coded errors naming the column or option', () => {
  const unsupported: [string, arrow.Vector][] = [
    ['tags', arrow.vectorFromArray([['a'], ['b', 'c']], new arrow.List(new arrow.Field('item', new arrow.Utf8(), true)))],
    ['point', arrow.vectorFromArray([{ x: 1, y: 2 }, { x: 3, y: 4 }], new arrow.Struct([new arrow.Field('x', new arrow.Float64()), new arrow.Field('y', new arrow.Float64())]))],
    ['boarded_at', arrow.vectorFromArray([Date.UTC(1912, 3, 10), Date.UTC(1912, 3, 11)], new arrow.TimestampMillisecond())],
    ['born', arrow.vectorFromArray([new Date(1880, 1, 1), new Date(1890, 1, 1)], new arrow.DateDay())],
    ['raw', arrow.vectorFromArray([new Uint8Array([1]), new Uint8Array([2])], new arrow.Binary())],
  ];
  for (const [name, vector] of unsupported) {
    it(`${String(vector.type)} -> ARROW_UNSUPPORTED_TYPE naming '${name}'`, async () => {
      const t = new arrow.Table({ ok: arrow.vectorFromArray([1, 2], new arrow.Float64()), [name]: vector });
      await expectWasmlpError(() => fromArrow(t), 'ARROW_UNSUPPORTED_TYPE', [`column '${name}'`, String(vector.type)], { column: name });
      // Leaving the column out reads the rest.
      expect(fromArrow(t, { columns: ['ok'] }).x.columns).toHaveLength(1);
    });
  }

  it('unknown columns, a null label, mismatched batches, wrong options and non-Arrow input', async () => {
    const t = arrow.tableFromArrays({ a: Float64Array.from([1, 2]), y: [null, 'b'] as (string | null)[] });
    await expectWasmlpError(() => fromArrow(t, { label: 'survived' }), 'UNKNOWN_COLUMN', ['survived', 'a, y'], { option: 'label', column: 'survived' });
    await expectWasmlpError(() => fromArrow(t, { columns: ['a', 'b'] }), 'UNKNOWN_COLUMN', ["'b'".replace(/'/g, '"')], { option: 'columns' });
    await expectWasmlpError(() => fromArrow(t, { label: 'y' }), 'MISSING_LABEL', ['row 0', "'y'"], { row: 0, column: 'y' });
    await expectWasmlpError(() => fromArrow(t, { label: 'a', columns: ['a'] }), 'BAD_OPTION', ['also listed']);
    await expectWasmlpError(() => fromArrow(t, { lable: 'y' } as never), 'BAD_OPTION', ["'lable'", 'label']);
    const other = arrow.tableFromArrays({ a: ['x', 'y'] });
    await expectWasmlpError(() => fromArrow([...t.batches, ...other.batches]), 'ARROW_SCHEMA_MISMATCH', ['batch 1']);
    await expectWasmlpError(() => fromArrow([[1, 2]] as never), 'BAD_INPUT_TYPE', ['apache-arrow Table']);
    await expectWasmlpError(() => fromArrow([]), 'EMPTY_DATA');
  });
});

describe('fromArrow on DuckDB query results (titanic.csv and a Parquet file written by DuckDB)', () => {
  const csvPath = dataPath('titanic.csv');
  let db: Awaited<ReturnType<typeof duckdbWithParquetCopy>> | undefined;
  let con: DuckDBConnection;
  let parquetPath: string;

  beforeAll(async () => {
    db = await duckdbWithParquetCopy(csvPath);
    ({ con, parquetPath } = db);
  });
  afterAll(() => db?.close());

  /** The CSV read on its own (csv-parse): what each typed column must hold, cell by cell. */
  function expectTitanic(t: Table): void {
    const records = parse(readFileSync(csvPath, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(t.rows).toBe(891);
    for (const column of t.columns) {
      const cells = records.map((r) => r[column.name]);
      if (column.type === 'number') expect(Array.from(column.values), column.name).toEqual(cells.map((c) => (c === '' ? NaN : Number(c))));
      // DuckDB's CSV sniffer reads True/False and yes/no columns (adult_male, alone, alive) as BOOLEAN.
      else expect([...column.values], column.name).toEqual(cells.map((c) => (c === '' ? null : /^(True|yes)$/.test(c) ? 'true' : /^(False|no)$/.test(c) ? 'false' : c)));
    }
  }

  it('a query over titanic.csv: numbers, categories, booleans and missing cells arrive with their column names', async () => {
    const t = await queryArrow(con, `SELECT * EXCLUDE (alive) FROM read_csv_auto('${csvPath}')`);
    expect(t.batches.length).toBeGreaterThan(0);
    const r = fromArrow(t, { label: 'survived' });
    expect(r.featureNames).toEqual(['pclass', 'sex', 'age', 'sibsp', 'parch', 'fare', 'embarked', 'class', 'who', 'adult_male', 'deck', 'embark_town', 'alone']);
    expect(r.classes).toEqual(['0', '1']);
    expect(Array.from(r.y!).filter((v) => v === 1)).toHaveLength(342);
    expect(num(r.x, 'age').filter(Number.isNaN)).toHaveLength(177);
    expect(str(r.x, 'deck').filter((v) => v === null)).toHaveLength(688);
    const full = fromArrow(await queryArrow(con, `SELECT * FROM read_csv_auto('${csvPath}')`));
    expectTitanic(full.x);
  });

  it('a Parquet file written by DuckDB (COPY ... FORMAT parquet) reads back to the same table', async () => {
    const t = await queryArrow(con, `SELECT * FROM '${parquetPath}'`);
    expectTitanic(fromArrow(t).x);
    // A query with filters and derived columns keeps its own names.
    const q = fromArrow(await queryArrow(con, `SELECT sex, age * 12 AS age_months, fare > 50 AS expensive, survived FROM '${parquetPath}' WHERE embarked = 'C'`), { label: 'survived' });
    expect(q.featureNames).toEqual(['sex', 'age_months', 'expensive']);
    expect(q.x.rows).toBe(168);
  });
});
