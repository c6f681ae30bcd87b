// Start-up: instantiate the module and build a model ready to predict (first prediction included),
// each sample in a fresh Node process so no compilation cache helps; module imports not timed.
// Also tfjs with the wasm backend for comparison.
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
model.predict([new Array(60).fill(0.5)]);
console.log(performance.now() - t0);
`;

const TFJS = `
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
const t0 = performance.now();
await tf.setBackend('wasm'); await tf.ready();
const model = tf.sequential({ layers: [tf.layers.dense({ units: 60, activation: 'relu', inputShape: [60] }), tf.layers.dense({ units: 1, activation: 'sigmoid' })] });
model.compile({ optimizer: tf.train.adam(0.001), loss: 'binaryCrossentropy' });
const p = model.predict(tf.ones([1, 60])); p.dataSync();
console.log(performance.now() - t0);
`;

function sample(code, n) {
  const out = [];
  for (let i = 0; i < n; i++) {
    out.push(Number(execFileSync(process.execPath, ['--input-type=module', '-e', code], { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim().split('\n').pop()));
  }
  return stats(out);
}

export async function run(ctx) {
  const n = ctx.quick ? 5 : 15;
  ctx.add({ system: 'wasmlp', workload: 'Start-up (instantiate + model ready)', metric: 'ms', ...sample(WASMLP, n), note: `fresh process per sample, ${n} samples` });
  if (ctx.peers.some((p) => p.name === 'tfjs-wasm')) {
    ctx.add({ system: 'tfjs-wasm', workload: 'Start-up (instantiate + model ready)', metric: 'ms', ...sample(TFJS, n), note: 'setBackend(wasm) + ready + model + first predict' });
  }
}
