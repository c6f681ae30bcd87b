// From a database to a cross-validated model with no conversion step of the user's own: a real
// DuckDB (@duckdb/node-api) queries titanic.csv (read_csv_auto) and a Parquet file DuckDB wrote
// itself; the result, as an Apache Arrow table, goes through fromArrow straight into crossValidate
// with the table pipeline (TableTransformer + classifier). The same Parquet file read by hyparquet
// (a pure-JS reader, lighter than DuckDB) works the same way.
import * as arrow from 'apache-arrow';
import type { DuckDBConnection } from '@duckdb/node-api';
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromArrow } from '../../src/arrow.js';
import { crossValidate, Pipeline, TableTransformer, TabularClassifier } from '../../src/index.js';
import { loadTable } from '../../src/data/table-loader.js';
import { splitLabel } from '../../src/data/table-label.js';
import { dataPath } from '../helpers/data-dir.js';
import { duckdbWithParquetCopy, queryArrow } from '../helpers/duckdb-arrow.js';

const FEATURES = ['pclass', 'sex', 'age', 'sibsp', 'parch', 'fare', 'embarked', 'class', 'who', 'adult_male', 'deck', 'embark_town', 'alone'];

const pipeline = () => new Pipeline([
  ['columns', new TableTransformer()],
  ['classifier', new TabularClassifier({ ensemble: 1, hidden: [32], epochs: 40, batchSize: 32, seed: 3 })],
]);

/** 5-fold CV of the table pipeline on an Arrow table, then one fit on all rows to read its column plans. */
async function trainOnArrow(t: arrow.Table, source: string) {
  const { x, y, featureNames, classes } = fromArrow(t, { label: 'survived' });
  expect(featureNames).toEqual(FEATURES);
  expect(classes).toEqual(['0', '1']);
  const cv = await crossValidate(pipeline(), x, y!, { cv: 5, seed: 1 });
  console.log(`[duckdb ${source}] 5-fold CV accuracy ${cv.mean.accuracy.toFixed(4)} ± ${cv.std.accuracy.toFixed(4)}`);
  expect(cv.mean.accuracy).toBeGreaterThan(0.75);
  const pipe = pipeline();
  await pipe.fit(x, y!);
  const tt = pipe.transformers[0].step as TableTransformer;
  // The pipeline keeps the Arrow column names: in its plans and in the names of its encoded columns.
  expect(tt.columnPlans().map((p) => p.name)).toEqual(FEATURES);
  const out = tt.featureNamesOut();
  for (const name of ['pclass', 'age', 'age_missing', 'fare', 'sex=female', 'sex=male', 'embarked=S', 'embarked=(missing)', 'adult_male=true', 'deck=(missing)']) expect(out, name).toContain(name);
  pipe.dispose();
  return cv.mean.accuracy;
}

describe('DuckDB query -> Arrow -> fromArrow -> crossValidate (titanic)', () => {
  const csvPath = dataPath('titanic.csv');
  let db: Awaited<ReturnType<typeof duckdbWithParquetCopy>> | undefined;
  let con: DuckDBConnection;
  let parquetPath: string;

  beforeAll(async () => {
    db = await duckdbWithParquetCopy(csvPath);
    ({ con, parquetPath } = db);
  });
  afterAll(() => db?.close());

  it('a SQL query over titanic.csv (read_csv_auto): the same folds and scores as the CSV loaded by wasmlp', async () => {
    const viaDuckDb = await trainOnArrow(await queryArrow(con, `SELECT * EXCLUDE (alive) FROM read_csv_auto('${csvPath}')`), 'csv');
    // DuckDB reads True/False as booleans ('true'/'false' categories, sorted alike): the encoded rows are the same.
    const t = await loadTable(csvPath);
    const { x, y } = splitLabel({ ...t, columns: t.columns.filter((c) => c.name !== 'alive') }, 'survived');
    const direct = await crossValidate(pipeline(), x, y, { cv: 5, seed: 1 });
    expect(viaDuckDb).toBe(direct.mean.accuracy);
  });

  it('a SQL query over a Parquet file DuckDB wrote (COPY ... FORMAT parquet)', async () => {
    await trainOnArrow(await queryArrow(con, `SELECT * EXCLUDE (alive) FROM '${parquetPath}'`), 'parquet');
  });

  it('the same Parquet file read by hyparquet, as an Arrow table (apache-arrow tableFromArrays)', async () => {
    const rows = await parquetReadObjects({ file: await asyncBufferFromFile(parquetPath) });
    expect(rows).toHaveLength(891);
    // hyparquet gives BIGINT as bigint, DOUBLE as number, VARCHAR as string, BOOLEAN as boolean, null for null;
    // apache-arrow infers each column's type from its values (columns kept in the file's order).
    const names = Object.keys(rows[0]).filter((n) => n !== 'alive');
    const t = arrow.tableFromArrays(Object.fromEntries(names.map((n) => [n, rows.map((r) => r[n])])) as Record<string, unknown[]>);
    expect(String(t.schema.fields.find((f) => f.name === 'age')!.type)).toBe('Float64');
    await trainOnArrow(t, 'hyparquet');
  });
});
