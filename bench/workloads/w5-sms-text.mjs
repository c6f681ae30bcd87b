// W5: SMS spam, text in: stratified 5-fold CV (shuffled, seed 1) of the table path `wasmlp cv
// sms_spam.tsv --label Label` runs (TableTransformer: the SMS column through TF-IDF, 4096 terms,
// sublinear tf, fitted per fold) -> Dense(64, relu) -> sigmoid with the CLI's text defaults, the
// whole run timed (vectorizing included),
// next to scikit-learn's TfidfVectorizer(max_features=4096, sublinear_tf=True) + MLPClassifier(64)
// on the same folds. Also the sparse kernels' GFLOP/s counted on nonzeros (2 * nnz * units).
import { readFileSync } from 'node:fs';
import { Sequential, Dense, StratifiedKFold, TableTransformer, loadTable, splitLabel, selectRows } from '../../dist/node.js';
import { TfidfVectorizer } from '../../dist/text/index.js';
import { runtime } from '../../dist/runtime/wasm.js';
import { dataPath } from '../lib/data.mjs';
import { measure, gflops, mean, std, stats, scale } from '../lib/measure.mjs';

export const WORKLOAD = 'W5 SMS spam TF-IDF 5-fold CV';
const UNITS = 64;
/** wasmlp's recipe: few large batches at a higher rate, so the dense Adam step over the 4096 x 64 kernel is paid rarely. */
const RECIPE = { epochs: 5, batchSize: 128, learningRate: 0.01 };
export const SETTINGS = `TableTransformer (SMS -> TfidfVectorizer(maxFeatures 4096, sublinearTf)) -> Dense(${UNITS}, relu) -> sigmoid, adam ${RECIPE.learningRate}, batch ${RECIPE.batchSize}, ${RECIPE.epochs} epochs (the CLI's text defaults)`;

export function smsData() {
  const lines = readFileSync(dataPath('sms_spam.tsv'), 'utf8').split('\n').slice(1).filter((l) => l.length > 0);
  return { texts: lines.map((l) => l.slice(l.indexOf('\t') + 1)), y: Int32Array.from(lines, (l) => (l.startsWith('spam\t') ? 1 : 0)) };
}

export function smsFolds(y) {
  const x = { data: new Float32Array(y.length), rows: y.length, cols: 1 };
  return [...new StratifiedKFold({ nSplits: 5, shuffle: true, seed: 1 }).split(x, y)];
}

/** One fold: the table transformer fitted on the training rows, train, predict the held-out rows. Returns accuracy. */
async function fold(table, y, { train, test }, seed) {
  const encoder = new TableTransformer();
  const xTrain = encoder.fitTransform(selectRows(table, train));
  const xTest = encoder.transform(selectRows(table, test));
  const model = new Sequential([new Dense({ units: UNITS, activation: 'relu', inputDim: xTrain.cols }), new Dense({ units: 1, activation: 'sigmoid' })], { seed });
  model.compile({ loss: 'binaryCrossentropy', optimizer: { type: 'adam', learningRate: RECIPE.learningRate } });
  await model.fit(xTrain, Int32Array.from(train, (i) => y[i]), { epochs: RECIPE.epochs, batchSize: RECIPE.batchSize });
  const p = model.predict(xTest).data;
  model.dispose();
  let right = 0;
  test.forEach((i, k) => { if ((p[k] > 0.5 ? 1 : 0) === y[i]) right++; });
  return right / test.length;
}

/** The sparse products on fold 1's training matrix, as fit runs them per batch of 128 rows. */
async function kernelRows(ctx, texts, folds) {
  const { core, mem } = runtime();
  const x = new TfidfVectorizer({ maxFeatures: 4096, sublinearTf: true }).fitTransform(Array.from(folds[0].train, (i) => texts[i]));
  const nnz = x.indices.length, n = UNITS;
  const ip = mem.alloc(x.indptr.length * 4), ix = mem.alloc(nnz * 4), v = mem.alloc(nnz * 4);
  mem.i32(ip, x.indptr.length).set(x.indptr); mem.i32(ix, nnz).set(x.indices); mem.f32(v, nnz).set(x.values);
  const W = mem.alloc(x.cols * n * 4), Z = mem.alloc(x.rows * n * 4), G = mem.alloc(x.cols * n * 4);
  const w = mem.f32(W, x.cols * n); for (let i = 0; i < w.length; i++) w[i] = ((i * 2654435761) % 1000) / 1000 - 0.5;
  const budget = ctx.quick ? 100 : 500;
  const fwd = gflops(await measure('spmm nn', () => core.f32_spmm_nn_1x16__simd(ip, ix, v, W, Z, x.rows, n, 0), { iterations: 5, time: budget, warmup: 2 }), 2 * nnz * n);
  // Backward in batches of 128 rows, as fit runs it (each call clears the 4096 x 64 gradient first).
  const batches = Math.ceil(x.rows / 128);
  const bwd = gflops(await measure('spmm tn', () => {
    for (let b = 0; b < batches; b++) core.f32_spmm_tn__simd(ip + b * 128 * 4, ix, v, Z + b * 128 * n * 4, G, Math.min(128, x.rows - b * 128), x.cols, n);
  }, { iterations: 5, time: budget, warmup: 2 }), 2 * nnz * n);
  const whole = gflops(await measure('spmm tn whole', () => core.f32_spmm_tn__simd(ip, ix, v, Z, G, x.rows, x.cols, n), { iterations: 5, time: budget, warmup: 2 }), 2 * nnz * n);
  for (const p of [ip, ix, v, W, Z, G]) mem.free(p);
  const shape = `${x.rows}x${x.cols} CSR, ${nnz} nonzeros (${(100 * nnz / x.rows / x.cols).toFixed(2)}%), ${n} units`;
  ctx.add({ system: 'wasmlp', workload: 'W5 spmm nn (forward)', metric: 'GFLOP/s', ...fwd, note: `Z = X.W on ${shape}; flops = 2 x nnz x units` });
  ctx.add({ system: 'wasmlp', workload: 'W5 spmm tn (weight grad)', metric: 'GFLOP/s', ...bwd, note: `dW = X^T.dZ in ${batches} batches of 128 rows as fit runs it, each clearing the 4096 x ${n} dW first (that clearing dominates) on ${shape}; flops = 2 x nnz x units` });
  ctx.add({ system: 'wasmlp', workload: 'W5 spmm tn, one pass', metric: 'GFLOP/s', ...whole, note: `dW = X^T.dZ over all ${x.rows} rows in one call (one clearing): the kernel's rate on nonzeros` });
}

export async function run(ctx) {
  const { texts, y } = smsData();
  const folds = smsFolds(y);
  let accs = [];
  const cv = async () => {
    // The file is read and split as the CLI does, inside the timing.
    const { x } = splitLabel(await loadTable(dataPath('sms_spam.tsv')), 'Label');
    accs = [];
    for (let i = 0; i < folds.length; i++) accs.push(await fold(x, y, folds[i], i + 1));
  };
  const t = await measure('wasmlp W5', cv, { iterations: ctx.quick ? 1 : 3, warmup: 1 });
  ctx.add({ system: 'wasmlp', workload: WORKLOAD, metric: 'ms', ...t, accuracy: mean(accs), accuracyStd: std(accs), note: `${SETTINGS}; whole CV incl. vectorizing` });
  if (ctx.sklearn) {
    const n = ctx.quick ? 1 : folds.length;
    const res = ctx.sklearn.textFolds(dataPath('sms_spam.tsv'), folds.slice(0, n).map((f) => ({ train: Array.from(f.train), test: Array.from(f.test) })));
    const a = res.map((r) => r.acc);
    ctx.add({ system: 'scikit-learn', workload: WORKLOAD, metric: 'ms', ...scale(stats(res.map((r) => r.ms)), folds.length), accuracy: mean(a), accuracyStd: std(a),
      note: `${ctx.sklearn.TEXT_SETTINGS}; ${n < folds.length ? `${n} of ${folds.length} folds timed, x${folds.length}` : `per fold x${folds.length}, total ${res.reduce((s, r) => s + r.ms, 0).toFixed(0)} ms`}; epochs run: ${res.map((r) => r.iters).join(', ')}` });
  }
  await kernelRows(ctx, texts, folds);
}
