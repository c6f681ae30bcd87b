// brain.js NeuralNetwork (CPU). Its model does not fit the workloads exactly: one activation for
// every layer including the output, mean squared error, plain SGD with momentum and one update
// per row (no batches, no adam). The settings used are recorded beside each figure.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

let brain = null;
/** Loads brain.js; returns an error message instead when it cannot run here. */
export function load() {
  try {
    brain = require('brain.js');
    return null;
  } catch (e) {
    return `brain.js did not load: ${e.message}`;
  }
}

function rows(m, y) {
  const out = [];
  for (let r = 0; r < m.rows; r++) out.push({ input: Array.from(m.data.subarray(r * m.cols, (r + 1) * m.cols)), output: [y[r]] });
  return out;
}

function score(net, m, y, threshold) {
  let ok = 0;
  for (let r = 0; r < m.rows; r++) {
    const p = net.run(Array.from(m.data.subarray(r * m.cols, (r + 1) * m.cols)))[0];
    ok += (p >= threshold ? 1 : 0) === y[r] ? 1 : 0;
  }
  return ok / m.rows;
}

export const W1_SETTINGS = 'brain.js: 60 sigmoid hidden + sigmoid output (one activation for all layers), MSE, online SGD lr 0.3 momentum 0.1 (its defaults; no adam, no batches), 100 iterations';
export const W2_SETTINGS = 'brain.js: 4-8-8-1 tanh including the output (threshold 0.5), MSE, online SGD lr 0.01 with momentum 0.1 (brain.js refuses 0; no batches)';

export async function w1Fold(fold, _seed, epochs = 100) {
  const net = new brain.NeuralNetwork({ hiddenLayers: [60], activation: 'sigmoid' });
  net.train(rows(fold.xTrain, fold.yTrain), { iterations: epochs, errorThresh: 1e-12, learningRate: 0.3, momentum: 0.1, log: false });
  return score(net, fold.xTest, fold.yTest, 0.5);
}

export async function w2Run(split, epochs) {
  const net = new brain.NeuralNetwork({ hiddenLayers: [8, 8], activation: 'tanh' });
  net.train(rows(split.xTrain, split.yTrain), { iterations: epochs, errorThresh: 1e-12, learningRate: 0.01, momentum: 0.1, log: false });
  return score(net, split.xTest, split.yTest, 0.5);
}
