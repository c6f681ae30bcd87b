// The browser example examples/duckdb-wasm, as a user runs it: built by its own build.mjs (esbuild
// bundle of DuckDB-Wasm, apache-arrow and wasmlp's dist/) and served by its own serveExample
// (DuckDB's worker and .wasm files from node_modules, titanic.csv from the shared data folder), then
// opened in Debian's headless Chromium through playwright-core. DuckDB-Wasm queries the CSV in the
// page, and its Arrow table (DuckDB-Wasm's own apache-arrow 17) goes through fromArrow into a 3-fold
// cross-validation. The same query in Node's DuckDB (@duckdb/node-api) through the same pipeline
// gives the same folds' accuracy to the bit.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildExample, serveExample } from '../../examples/duckdb-wasm/build.mjs';
import { fromArrow } from '../../src/arrow.js';
import { crossValidate, Pipeline, TableTransformer, TabularClassifier } from '../../src/index.js';
import { dataDir, dataPath } from '../helpers/data-dir.js';
import { queryArrow } from '../helpers/duckdb-arrow.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const missing = existsSync(CHROMIUM) ? null : `Chromium is not installed at ${CHROMIUM}: apt-get install -y chromium (.ci/run does it)`;
const COLUMNS = ['survived', 'pclass', 'sex', 'age', 'family', 'fare', 'embarked', 'deck', 'alone'];

interface PageResult {
  rows: number; columns: string[]; schema: { name: string; type: string }[]; bundle: string;
  featureNames: string[]; classes: string[]; accuracy: number; std: number; foldAccuracies: number[];
}

/** The example's query, read from its main.js so the Node run below cannot drift from it. */
function exampleSql(): string {
  const src = readFileSync(new URL('../../examples/duckdb-wasm/main.js', import.meta.url), 'utf8');
  const m = /const SQL = `([^`]+)`/.exec(src);
  if (!m) throw new Error('examples/duckdb-wasm/main.js no longer has `const SQL = `...``');
  return m[1];
}

describe.skipIf(missing !== null)(`examples/duckdb-wasm in Chromium${missing ? ` (skipped: ${missing})` : ''}`, () => {
  const outDir = mkdtempSync(join(tmpdir(), 'wasmlp-duckdb-wasm-'));
  let server: Server;
  let browser: Browser | undefined;
  let base: string;

  beforeAll(async () => {
    await buildExample(outDir);
    server = await serveExample({ outDir, dataDir: dataDir(), port: 0 });
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM, headless: true, timeout: 60_000,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close().catch(() => {});
    if (server?.listening) await new Promise<void>((res) => { server.closeAllConnections(); server.close(() => res()); });
    rmSync(outDir, { recursive: true, force: true });
  });

  it('queries titanic.csv with DuckDB-Wasm and cross-validates the Arrow result with fromArrow, as Node does', async () => {
    const page = await browser!.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('response', (r) => { if (r.status() >= 400) errors.push(`HTTP ${r.status()} ${r.url()}`); });
    let result: PageResult;
    let shown: { shape: string; cv: string; schemaRows: number };
    try {
      await page.goto(`${base}/`, { timeout: 30_000 });
      await page.waitForFunction(() => (window as any).__result || (window as any).__error, null, { timeout: 240_000 });
      const { r, error } = await page.evaluate(() => ({ r: (window as any).__result, error: (window as any).__error }));
      if (error) throw new Error(`the page failed: ${error}\n${errors.join('\n')}`);
      result = r;
      shown = await page.evaluate(() => ({
        shape: document.getElementById('shape')!.textContent!, cv: document.getElementById('cv')!.textContent!,
        schemaRows: document.querySelectorAll('#schema tr').length,
      }));
    } finally {
      await page.close();
    }
    console.log(`[duckdb-wasm chromium] ${result.bundle} build, ${result.rows} rows, 3-fold accuracy ${result.accuracy.toFixed(4)} ± ${result.std.toFixed(4)}`);
    expect(errors).toEqual([]);

    // The query's shape: the WHERE drops the zero-fare rows, the derived column is there.
    const lines = readFileSync(dataPath('titanic.csv'), 'utf8').trim().split('\n');
    const fare = lines[0].split(',').indexOf('fare');
    const paying = lines.slice(1).filter((l) => Number(l.split(',')[fare]) > 0).length;
    expect(paying).toBeLessThan(lines.length - 1);
    expect(result.rows).toBe(paying);
    expect(result.columns).toEqual(COLUMNS);
    expect(Object.fromEntries(result.schema.map((c) => [c.name, c.type]))).toMatchObject({ survived: 'Int64', family: 'Int64', age: 'Float64', sex: 'Utf8', alone: 'Bool' });
    expect(result.featureNames).toEqual(COLUMNS.slice(1));
    expect(result.classes).toEqual(['0', '1']);
    expect(result.foldAccuracies).toHaveLength(3);
    expect(result.accuracy).toBeGreaterThan(0.75);
    // What the page shows.
    expect(shown.shape).toContain(`${paying} rows × ${COLUMNS.length} columns`);
    expect(shown.schemaRows).toBe(COLUMNS.length + 1);
    expect(shown.cv).toContain(`${(result.accuracy * 100).toFixed(2)}%`);

    // The same query in Node's DuckDB and the same pipeline: the same fold scores, bit for bit.
    const instance = await DuckDBInstance.create(':memory:');
    const con = await instance.connect();
    try {
      const t = await queryArrow(con, exampleSql().replace(`'titanic.csv'`, `'${dataPath('titanic.csv')}'`));
      const { x, y } = fromArrow(t, { label: 'survived' });
      const pipeline = new Pipeline([
        ['columns', new TableTransformer()],
        ['classifier', new TabularClassifier({ ensemble: 1, hidden: [32], epochs: 40, batchSize: 32, seed: 3 })],
      ]);
      const cv = await crossValidate(pipeline, x, y!, { cv: 3, seed: 1 });
      expect(result.foldAccuracies).toEqual(cv.testScores.accuracy);
    } finally {
      con.closeSync();
      instance.closeSync();
    }
  }, 300_000);
});
