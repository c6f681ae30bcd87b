// Start-up: instantiate the module and build a model (the definition), and the same plus
// the first prediction; each sample in a fresh Node process so no compilation cache helps; module
// imports not timed. Also tfjs with the wasm backend for comparison.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { stats } from '../lib/measure.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const WASMLP = `
import { readFileSync } from 'node:fs';
import { init, Sequential, Dense } from '${ROOT}dist/index.js';
const bytes = readFileSync('${ROOT}dist/wasmlp.wasm');
const t0 = performance.now();
await init({ bytes });
const model = new Sequential([new Dense({ units: 60, activation: 'relu', inputDim: 60 }), new Dense({ units: 1, activation: 'sigmoid' })], { seed: 1 });
model.compile({ loss: 'binaryCrossentropy', optimizer: { type: 'adam', learningRate: 0.001 } });
model.build();
const t1 = performance.now();
model.predict([new Array(60).fill(0.5)]);
console.log(t1 - t0, performance.now() - t0);
`;

const TFJS = `
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
const t0 = performance.now();
await tf.setBackend('wasm'); await tf.ready();
const model = tf.sequential({ layers: [tf.layers.dense({ units: 60, activation: 'relu', inputShape: [60] }), tf.layers.dense({ units: 1, activation: 'sigmoid' })] });
model.compile({ optimizer: tf.train.adam(0.001), loss: 'binaryCrossentropy' });
const t1 = performance.now();
const p = model.predict(tf.ones([1, 60])); p.dataSync();
console.log(t1 - t0, performance.now() - t0);
`;

/** Each fresh process prints "build-ready first-prediction-ready" times; returns both statistics. */
function sample(code, n) {
  const built = [], predicted = [];
  for (let i = 0; i < n; i++) {
    const [a, b] = execFileSync(process.execPath, ['--input-type=module', '-e', code], { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim().split('\n').pop().split(' ').map(Number);
    built.push(a);
    predicted.push(b);
  }
  return [stats(built), stats(predicted)];
}

export async function run(ctx) {
  const n = ctx.quick ? 5 : 15;
  const [built, predicted] = sample(WASMLP, n);
  ctx.add({ system: 'wasmlp', workload: 'Start-up (instantiate + build model)', metric: 'ms', ...built, note: `fresh process per sample, ${n} samples` });
  ctx.add({ system: 'wasmlp', workload: 'Start-up to first prediction', metric: 'ms', ...predicted, note: `fresh process per sample, ${n} samples` });
  if (ctx.peers.some((p) => p.name === 'tfjs-wasm')) {
    const [tb, tp] = sample(TFJS, n);
    ctx.add({ system: 'tfjs-wasm', workload: 'Start-up (instantiate + build model)', metric: 'ms', ...tb, note: 'setBackend(wasm) + ready + model + compile' });
    ctx.add({ system: 'tfjs-wasm', workload: 'Start-up to first prediction', metric: 'ms', ...tp, note: 'then the first predict' });
  }
}
