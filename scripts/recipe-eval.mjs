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
import { TabularClassifier } from '../dist/recipe/tabular-classifier.js';
import { StratifiedKFold } from '../dist/model-selection/stratified-kfold.js';
import { TABLES, encodeFold } from '../bench/lib/tables.mjs';


function args() {
  const out = { mode: process.argv[2] ?? 'outer', tables: 'sonar,banknote,pima,ionosphere,iris,titanic,penguins', config: '{}', configs: null, seed: '1', inner: '3', folds: '5' };
  for (let i = 3; i < process.argv.length; i += 2) out[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
  return out;
}

async function cvScore(table, rows, config, folds, seed) {
  const ids = Int32Array.from(rows, (r) => table.y[r]);
  const splitter = new StratifiedKFold({ nSplits: folds, shuffle: true, seed });
  const scores = [];
  for (const { train, test } of splitter.split({ length: rows.length }, ids)) {
    const tr = Array.from(train, (i) => rows[i]), te = Array.from(test, (i) => rows[i]);
    const f = encodeFold(table, tr, te);
    const proba = await fitPredict(config, f.xTrain, f.yTrain, f.xTest, seed);
    scores.push(accuracy(proba, f.yTest));
  }
  return scores;
}

function accuracy(p, y) {
  let hit = 0;
  for (let r = 0; r < p.rows; r++) {
    let best = 0;
    for (let c = 1; c < p.cols; c++) if (p.data[r * p.cols + c] > p.data[r * p.cols + best]) best = c;
    if (best === y[r]) hit++;
  }
  return hit / p.rows;
}

function takeRows(x, rows) {
  const data = new Float32Array(rows.length * x.cols);
  rows.forEach((r, i) => data.set(x.data.subarray(r * x.cols, (r + 1) * x.cols), i * x.cols));
  return { data, rows: rows.length, cols: x.cols };
}

// Candidates for the ablation: { mix: [a, b] } averages the probabilities of several configs;
// { select: [a, b] } picks one by an inner stratified 3-fold CV on the training rows only.
async function fitPredict(config, xTrain, yTrain, xTest, seed) {
  if (config.mix) {
    const ps = [];
    for (const c of config.mix) ps.push(await fitPredict(c, xTrain, yTrain, xTest, seed));
    const out = { data: new Float32Array(ps[0].data.length), rows: ps[0].rows, cols: ps[0].cols };
    const w = config.weights ?? ps.map(() => 1 / ps.length);
    ps.forEach((p, k) => p.data.forEach((v, i) => { out.data[i] += w[k] * v; }));
    return out;
  }
  if (config.select) {
    const ids = Int32Array.from(yTrain);
    const splitter = new StratifiedKFold({ nSplits: 3, shuffle: true, seed: seed + 7 });
    const folds = [...splitter.split({ length: ids.length }, ids)];
    let best = 0, bestScore = -1;
    for (let k = 0; k < config.select.length; k++) {
      let s = 0;
      for (const { train, test } of folds) {
        const p = await fitPredict(config.select[k], takeRows(xTrain, Array.from(train)), Array.from(train, (i) => ids[i]), takeRows(xTrain, Array.from(test)), seed);
        s += accuracy(p, Array.from(test, (i) => ids[i]));
      }
      if (s > bestScore + 1e-9) { bestScore = s; best = k; }
    }
    return fitPredict(config.select[best], xTrain, yTrain, xTest, seed);
  }
  const clf = new TabularClassifier({ seed, ...config });
  await clf.fit(xTrain, yTrain);
  const p = clf.predictProba(xTest);
  clf.dispose();
  return p;
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
