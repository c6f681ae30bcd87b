// Evaluates TabularClassifier on the shared tables (issue 13). Needs `npm run build` first.
//
//   node scripts/recipe-eval.mjs outer  [--tables a,b] [--config '{"ensemble":3}'] [--seed 1]
//     5-fold stratified CV (seed 1): the figures to report. Scores only; never used to choose.
//   node scripts/recipe-eval.mjs nested [--tables a,b] --configs '{"name":{...},...}' [--inner 3]
//     For the ablation: inside each outer fold's TRAINING rows, an inner 3-fold stratified CV per
//     candidate configuration. The outer test rows are never seen, so choosing ingredients by these
//     scores does not tune on the folds `outer` reports.
//
// Mixed tables (titanic without `alive`, penguins) are encoded inside every fold by a small
// stand-in encoder (median / most-frequent imputation, one-hot of string columns) until the
// tables helper's TableTransformer lands on main.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { TabularClassifier } from '../dist/recipe/tabular-classifier.js';
import { StratifiedKFold } from '../dist/model-selection/stratified-kfold.js';

const DATA = resolve(process.env.WASMLP_DATA_DIR ?? join(import.meta.dirname, '..', '..', 'shared', 'data'));

function args() {
  const out = { mode: process.argv[2] ?? 'outer', tables: 'sonar,banknote,pima,ionosphere,iris,titanic,penguins', config: '{}', configs: null, seed: '1', inner: '3', folds: '5' };
  for (let i = 3; i < process.argv.length; i += 2) out[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
  return out;
}

function readCsv(file) {
  return readFileSync(join(DATA, file), 'utf8').trim().split(/\r?\n/).map((l) => l.split(','));
}

/** Numeric UCI files: no header, label last. */
function numeric(file) {
  const rows = readCsv(file);
  const labels = [...new Set(rows.map((r) => r.at(-1)))].sort();
  return { columns: rows[0].slice(0, -1).map((_, j) => ({ kind: 'number', values: rows.map((r) => Number(r[j])) })), y: rows.map((r) => labels.indexOf(r.at(-1))) };
}

/** Header files with strings and empty cells; `label` names the class column, `drop` leaks. */
function mixed(file, label, drop = []) {
  const [header, ...rows] = readCsv(file);
  const li = header.indexOf(label);
  const labels = [...new Set(rows.map((r) => r[li]))].sort();
  const columns = [];
  header.forEach((name, j) => {
    if (j === li || drop.includes(name)) return;
    const cells = rows.map((r) => (r[j] === '' ? null : r[j]));
    const isNum = cells.every((c) => c === null || Number.isFinite(Number(c)));
    columns.push(isNum ? { kind: 'number', values: cells.map((c) => (c === null ? NaN : Number(c))) } : { kind: 'string', values: cells });
  });
  return { columns, y: rows.map((r) => labels.indexOf(r[li])) };
}

const TABLES = {
  sonar: () => numeric('sonar.csv'),
  banknote: () => numeric('banknote_authentication.csv'),
  pima: () => numeric('pima-indians-diabetes.csv'),
  ionosphere: () => numeric('ionosphere.csv'),
  iris: () => numeric('iris.csv'),
  titanic: () => mixed('titanic.csv', 'survived', ['alive']),
  penguins: () => mixed('penguins.csv', 'species'),
};

/** Fitted on the training rows only: medians, most frequent values and category lists. */
function fitEncoder(columns, rows) {
  return columns.map((c) => {
    if (c.kind === 'number') {
      const v = rows.map((r) => c.values[r]).filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
      const median = v.length ? (v[(v.length - 1) >> 1] + v[v.length >> 1]) / 2 : 0;
      return { kind: 'number', median };
    }
    const counts = new Map();
    for (const r of rows) if (c.values[r] !== null) counts.set(c.values[r], (counts.get(c.values[r]) ?? 0) + 1);
    const categories = [...counts.keys()].sort();
    const mode = categories.reduce((a, b) => (counts.get(b) > counts.get(a) ? b : a), categories[0]);
    return { kind: 'string', categories, mode };
  });
}

function encode(columns, enc, rows) {
  const width = enc.reduce((w, e) => w + (e.kind === 'number' ? 1 : e.categories.length), 0);
  const data = new Float32Array(rows.length * width);
  rows.forEach((r, i) => {
    let j = 0;
    columns.forEach((c, k) => {
      const e = enc[k];
      if (e.kind === 'number') { const v = c.values[r]; data[i * width + j++] = Number.isNaN(v) ? e.median : v; }
      else { const v = c.values[r] ?? e.mode; const at = e.categories.indexOf(v); if (at >= 0) data[i * width + j + at] = 1; j += e.categories.length; }
    });
  });
  return { data, rows: rows.length, cols: width };
}

async function cvScore(table, rows, config, folds, seed) {
  const ids = Int32Array.from(rows, (r) => table.y[r]);
  const splitter = new StratifiedKFold({ nSplits: folds, shuffle: true, seed });
  const scores = [];
  for (const { train, test } of splitter.split({ length: rows.length }, ids)) {
    const tr = Array.from(train, (i) => rows[i]), te = Array.from(test, (i) => rows[i]);
    const enc = fitEncoder(table.columns, tr);
    const clf = new TabularClassifier({ seed, ...config });
    await clf.fit(encode(table.columns, enc, tr), tr.map((r) => table.y[r]));
    scores.push(clf.score(encode(table.columns, enc, te), te.map((r) => table.y[r])));
    clf.dispose();
  }
  return scores;
}

const mean = (a) => a.reduce((s, v) => s + v, 0) / a.length;
const a = args();
const names = a.tables.split(',');
if (a.mode === 'outer') {
  const config = JSON.parse(a.config);
  const results = [];
  for (const name of names) {
    const table = TABLES[name]();
    const t0 = performance.now(), c0 = process.cpuUsage();
    const scores = await cvScore(table, table.y.map((_, i) => i), config, Number(a.folds), Number(a.seed));
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(c0);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    results.push({ table: name, accuracy: 100 * mean(scores), seconds });
    console.log(`${name.padEnd(11)} ${(100 * mean(scores)).toFixed(1).padStart(5)}  folds ${scores.map((s) => (100 * s).toFixed(1)).join(' ')}  ${seconds.toFixed(1)} s wall, ${cpuSeconds.toFixed(1)} s cpu`);
  }
  console.log(`mean        ${mean(results.map((r) => r.accuracy)).toFixed(2)}`);
} else {
  // nested: every candidate scored by inner CV on each outer fold's training rows.
  const configs = JSON.parse(a.configs);
  const outerSeed = Number(a.seed), inner = Number(a.inner);
  const table = {};
  for (const [label, config] of Object.entries(configs)) {
    const perTable = [];
    const t0 = performance.now();
    for (const name of names) {
      const t = TABLES[name]();
      const ids = Int32Array.from(t.y);
      const outer = new StratifiedKFold({ nSplits: Number(a.folds), shuffle: true, seed: outerSeed });
      const innerScores = [];
      for (const { train } of outer.split({ length: t.y.length }, ids)) {
        innerScores.push(mean(await cvScore(t, Array.from(train), config, inner, outerSeed + 1)));
      }
      perTable.push(100 * mean(innerScores));
    }
    table[label] = perTable;
    console.log(`${label.padEnd(18)} ${perTable.map((v) => v.toFixed(1).padStart(5)).join(' ')}  mean ${mean(perTable).toFixed(2)}  ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  }
}
