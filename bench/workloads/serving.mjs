// Serving: prediction latency of one trained model (Pima, standard scaling + 16-8 relu network,
// as 'wasmlp train' builds it) for a single row and for a batch of 1,000 rows, in wasmlp
// (Pipeline.predictProba on raw rows), onnxruntime-node and onnxruntime-web (its WebAssembly
// backend, in Node) running the exportOnnx file, and TensorFlow.js (wasm backend) running the
// exportTfjs network with the same scaler applied in JavaScript. Every system is single-threaded
// (ORT intraOpNumThreads 1, ORT-web numThreads 1, tfjs wasm without threads here); each call
// returns the probabilities to JavaScript. Their agreement with wasmlp is checked (max |dp|).
import * as ortNode from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web';
import { KerasClassifier, Pipeline, Sequential, Dense, StandardScaler, loadCsv } from '../../dist/index.js';
import { exportOnnx } from '../../dist/onnx/index.js';
import { dataPath } from '../lib/data.mjs';
import { measure } from '../lib/measure.mjs';
import * as tfjs from '../systems/tfjs.mjs';

export const WORKLOAD_ONE = 'Serving: 1 row (Pima pipeline)';
export const WORKLOAD_BATCH = 'Serving: 1,000 rows (Pima pipeline)';

export function build({ nFeatures, seed }) {
  const m = new Sequential([new Dense({ units: 16, activation: 'relu', inputDim: nFeatures }), new Dense({ units: 8, activation: 'relu' }), new Dense({ units: 1, activation: 'sigmoid' })], { seed });
  m.compile({ loss: 'binaryCrossentropy', optimizer: 'adam' });
  return m;
}

function rowsOf(x, n) {
  const data = new Float32Array(n * x.cols);
  for (let r = 0; r < n; r++) data.set(x.data.subarray((r % x.rows) * x.cols, (r % x.rows + 1) * x.cols), r * x.cols);
  return { data, rows: n, cols: x.cols };
}

export async function run(ctx) {
  const ds = await loadCsv(dataPath('pima-indians-diabetes.csv'));
  const pipe = new Pipeline([new StandardScaler(), new KerasClassifier({ build, epochs: 20, batchSize: 32, seed: 1 })]);
  await pipe.fit(ds.x, ds.y);
  const one = rowsOf(ds.x, 1), batch = rowsOf(ds.x, 1000);
  const reference = { one: pipe.predictProba(one).data, batch: pipe.predictProba(batch).data };
  const opts = (n) => (n === 1 ? { iterations: ctx.quick ? 200 : 2000, warmup: 50, time: ctx.quick ? 100 : 1000 } : { iterations: ctx.quick ? 20 : 200, warmup: 5, time: ctx.quick ? 100 : 1000 });
  const diff = (a, b) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
  const add = (system, n, t, agree, note) => ctx.add({
    system, workload: n === 1 ? WORKLOAD_ONE : WORKLOAD_BATCH, metric: 'µs',
    median: t.median * 1000, min: t.min * 1000, max: t.max * 1000, samples: t.samples,
    note: `${note}${agree === null ? '' : `; max |p - p_wasmlp| ${agree.toExponential(1)}`}`,
  });

  for (const [n, x] of [[1, one], [1000, batch]]) {
    const t = await measure(`wasmlp serving ${n}`, () => pipe.predictProba(x), opts(n));
    add('wasmlp', n, t, null, 'Pipeline.predictProba on raw rows (scaler + network), dist/ build');
  }

  const onnx = exportOnnx(pipe);
  const runtimes = [
    ['onnxruntime-node', ortNode, await ortNode.InferenceSession.create(onnx, { intraOpNumThreads: 1, interOpNumThreads: 1 }), 'native CPU build, 1 thread'],
  ];
  ortWeb.env.wasm.numThreads = 1;
  runtimes.push(['onnxruntime-web', ortWeb, await ortWeb.InferenceSession.create(onnx, { executionProviders: ['wasm'] }), 'WebAssembly backend in Node, 1 thread']);
  for (const [name, ort, session, note] of runtimes) {
    for (const [n, x] of [[1, one], [1000, batch]]) {
      let last;
      const predict = async () => { last = (await session.run({ input: new ort.Tensor('float32', x.data, [n, x.cols]) })).probabilities.data; };
      const t = await measure(`${name} serving ${n}`, predict, opts(n));
      add(name, n, t, diff(last, n === 1 ? reference.one : reference.batch), `exportOnnx file (${onnx.length} bytes); ${note}`);
    }
    await session.release();
  }

  if (ctx.peers.some((p) => p.name === 'tfjs-wasm')) {
    await tfjs.useBackend('wasm');
    const { tf } = tfjs;
    const model = await tf.loadLayersModel(tf.io.fromMemory(await pipe.final.step.model.exportTfjs()));
    const { mean, scale } = pipe.transformers[0].step.toJSON().state;
    for (const [n, x] of [[1, one], [1000, batch]]) {
      let last;
      const predict = async () => {
        const scaled = new Float32Array(x.data.length);
        for (let i = 0; i < scaled.length; i++) scaled[i] = (x.data[i] - mean[i % x.cols]) / scale[i % x.cols];
        const input = tf.tensor2d(scaled, [n, x.cols]);
        const out = model.predict(input, { batchSize: n });
        last = await out.data();
        input.dispose(); out.dispose();
      };
      const t = await measure(`tfjs-wasm serving ${n}`, predict, opts(n));
      const proba = Float32Array.from(Array.from(last).flatMap((v) => [1 - v, v]));
      add('tfjs-wasm', n, t, diff(proba, n === 1 ? reference.one : reference.batch), 'exportTfjs network + the scaler in JavaScript, wasm backend, predict batchSize = rows');
    }
    model.dispose();
  } else {
    ctx.add({ system: 'tfjs-wasm', workload: WORKLOAD_ONE, skipped: 'tfjs-wasm not among --peers' });
  }
  pipe.dispose();
}
