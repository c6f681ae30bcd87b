// The browser side of the example: DuckDB-Wasm runs a SQL query over titanic.csv and hands back an
// Apache Arrow table; wasmlp reads it with fromArrow (no conversion of our own) and cross-validates
// the table pipeline on it. Bundled by build.mjs (esbuild); DuckDB's worker and .wasm files are
// served from node_modules/@duckdb/duckdb-wasm/dist under ./duckdb/ (no CDN).
import * as duckdb from '@duckdb/duckdb-wasm';
import { crossValidate, init, Pipeline, TableTransformer, TabularClassifier } from 'wasmlp';
import { fromArrow } from 'wasmlp/arrow';
// esbuild's `file` loader copies the core beside the bundle and gives its URL.
import wasmlpWasm from 'wasmlp/wasmlp.wasm';

// SQL does real work here: a derived column (family size), a filter, and columns left out
// (`alive` is the label spelled yes/no; `class`, `who`, `embark_town` repeat other columns).
const SQL = `SELECT survived, pclass, sex, age, sibsp + parch AS family, fare, embarked, deck, alone
FROM read_csv_auto('titanic.csv')
WHERE fare > 0`;

// A manual bundle: the files this page's server serves, picked by what the browser supports.
const DUCKDB_BUNDLES = {
  mvp: { mainModule: new URL('./duckdb/duckdb-mvp.wasm', location.href).href, mainWorker: new URL('./duckdb/duckdb-browser-mvp.worker.js', location.href).href },
  eh: { mainModule: new URL('./duckdb/duckdb-eh.wasm', location.href).href, mainWorker: new URL('./duckdb/duckdb-browser-eh.worker.js', location.href).href },
};

const $ = (id) => document.getElementById(id);

async function queryTitanic() {
  const bundle = await duckdb.selectBundle(DUCKDB_BUNDLES);
  const worker = new Worker(bundle.mainWorker);
  const db = new duckdb.AsyncDuckDB(new duckdb.ConsoleLogger(duckdb.LogLevel.WARNING), worker);
  await db.instantiate(bundle.mainModule);
  try {
    // The CSV comes from this page's server; DuckDB reads it from its in-memory file system.
    const response = await fetch('./titanic.csv');
    if (!response.ok) throw new Error(`GET titanic.csv: HTTP ${response.status}`);
    await db.registerFileBuffer('titanic.csv', new Uint8Array(await response.arrayBuffer()));
    const con = await db.connect();
    const table = await con.query(SQL); // an apache-arrow Table (DuckDB-Wasm's own copy of apache-arrow)
    await con.close();
    return { table, bundle: bundle.mainModule.endsWith('eh.wasm') ? 'eh' : 'mvp' };
  } finally {
    await db.terminate();
  }
}

async function run() {
  $('sql').textContent = SQL;
  const { table, bundle } = await queryTitanic();
  const schema = table.schema.fields.map((f) => ({ name: f.name, type: String(f.type), nullable: f.nullable }));
  $('shape').textContent = `${table.numRows} rows × ${table.numCols} columns (DuckDB-Wasm, ${bundle} build)`;
  $('schema').innerHTML = '<tr><th>column</th><th>Arrow type</th></tr>' + schema.map((c) => `<tr><td>${c.name}</td><td>${c.type}</td></tr>`).join('');

  await init({ url: wasmlpWasm });
  const { x, y, featureNames, classes } = fromArrow(table, { label: 'survived' });
  const pipeline = new Pipeline([
    ['columns', new TableTransformer()],
    ['classifier', new TabularClassifier({ ensemble: 1, hidden: [32], epochs: 40, batchSize: 32, seed: 3 })],
  ]);
  $('cv').textContent = 'Cross-validating (3 folds)…';
  const cv = await crossValidate(pipeline, x, y, { cv: 3, seed: 1 });
  const accuracy = cv.mean.accuracy;
  $('cv').textContent = `3-fold accuracy ${(accuracy * 100).toFixed(2)}% ± ${(cv.std.accuracy * 100).toFixed(2)} over ${x.rows} rows, features: ${featureNames.join(', ')}`;
  return { rows: table.numRows, columns: schema.map((c) => c.name), schema, bundle, featureNames, classes, accuracy, std: cv.std.accuracy, foldAccuracies: cv.testScores.accuracy };
}

// window.__result / window.__error: what test/interop/duckdb-wasm-chromium.test.ts waits on.
run().then(
  (result) => { window.__result = result; },
  (e) => {
    window.__error = String(e && e.stack ? e.stack : e);
    const p = document.createElement('p');
    p.className = 'error';
    p.textContent = window.__error;
    document.body.append(p);
  },
);
