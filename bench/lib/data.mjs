// Shared datasets and protocols of the workloads, identical for every system.
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { loadCsv, StratifiedKFold, StandardScaler, MinMaxScaler, trainTestSplit, toRows } from '../../dist/index.js';

/** The shared UCI datasets: WASMLP_DATA_DIR, else ../shared/data beside the project. */
export function dataPath(name) {
  const dir = process.env.WASMLP_DATA_DIR ?? fileURLToPath(new URL('../../../shared/data', import.meta.url));
  return join(dir, name);
}

/**
 * W1 protocol: Sonar, stratified 10-fold CV (shuffled, seed 7), StandardScaler fitted per fold on
 * the training rows. Returns plain arrays so every system gets the same numbers.
 */
export async function sonarFolds() {
  const ds = await loadCsv(dataPath('sonar.csv'));
  const folds = [];
  for (const { train, test } of new StratifiedKFold({ nSplits: 10, shuffle: true, seed: 7 }).split(ds.x, ds.y)) {
    const pick = (idx) => ({ data: take(ds.x, idx), rows: idx.length, cols: ds.x.cols });
    const scaler = new StandardScaler();
    const xTrain = scaler.fitTransform(pick(train));
    const xTest = scaler.transform(pick(test));
    folds.push({ xTrain, yTrain: Float32Array.from(train, (i) => ds.y[i]), xTest, yTest: Float32Array.from(test, (i) => ds.y[i]) });
  }
  return folds;
}

/** W2 protocol: Banknote, stratified 80/20 split (seed 1), min-max scaled on the training rows. */
export async function banknoteSplit() {
  const ds = await loadCsv(dataPath('banknote_authentication.csv'));
  const s = trainTestSplit(ds.x, ds.y, { testSize: 0.2, seed: 1 });
  const scaler = new MinMaxScaler();
  return { xTrain: scaler.fitTransform(s.xTrain), yTrain: Float32Array.from(s.yTrain), xTest: scaler.transform(s.xTest), yTest: Float32Array.from(s.yTest) };
}

function take(x, idx) {
  const out = new Float32Array(idx.length * x.cols);
  for (let r = 0; r < idx.length; r++) out.set(x.data.subarray(idx[r] * x.cols, (idx[r] + 1) * x.cols), r * x.cols);
  return out;
}

export { toRows };
