// What a browser loads to train and predict: the app's JavaScript bundled and minified by esbuild
// plus the WebAssembly binary, gzip -9. The same small Sonar-style app for each system.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { createRequire } from 'node:module';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const require = createRequire(import.meta.url);
const gz = (bytes) => gzipSync(bytes, { level: 9 }).length;

const APPS = {
  wasmlp: {
    code: `import { init, Sequential, Dense } from './dist/index.js';
export async function app(x, y) {
  await init();
  const m = new Sequential([new Dense({ units: 60, activation: 'relu', inputDim: 60 }), new Dense({ units: 1, activation: 'sigmoid' })]);
  m.compile({ loss: 'binaryCrossentropy', optimizer: { type: 'adam', learningRate: 0.001 } });
  await m.fit(x, y, { epochs: 100, batchSize: 5 });
  return m.predict(x);
}`,
    wasm: () => readFileSync(`${ROOT}dist/wasmlp.wasm`),
  },
  'tfjs-wasm': {
    code: `import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
export async function app(x, y) {
  await tf.setBackend('wasm');
  const m = tf.sequential({ layers: [tf.layers.dense({ units: 60, activation: 'relu', inputShape: [60] }), tf.layers.dense({ units: 1, activation: 'sigmoid' })] });
  m.compile({ optimizer: tf.train.adam(0.001), loss: 'binaryCrossentropy' });
  await m.fit(x, y, { epochs: 100, batchSize: 5 });
  return m.predict(x);
}`,
    // A SIMD-capable browser fetches the SIMD build (the threaded one only when cross-origin isolated).
    wasm: () => readFileSync(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm')),
  },
  'tfjs-cpu': {
    code: `import * as tf from '@tensorflow/tfjs';
export async function app(x, y) {
  const m = tf.sequential({ layers: [tf.layers.dense({ units: 60, activation: 'relu', inputShape: [60] }), tf.layers.dense({ units: 1, activation: 'sigmoid' })] });
  m.compile({ optimizer: tf.train.adam(0.001), loss: 'binaryCrossentropy' });
  await m.fit(x, y, { epochs: 100, batchSize: 5 });
  return m.predict(x);
}`,
    wasm: null,
  },
};

/**
 * Bundles as an application build does: code behind import() is split into chunks fetched only
 * when called (wasmlp's TensorFlow.js converter), so the entry chunk and its static imports count.
 */
async function bundle(contents) {
  const r = await build({
    stdin: { contents, resolveDir: ROOT, sourcefile: 'app.js', loader: 'js' },
    bundle: true, minify: true, format: 'esm', platform: 'browser', target: 'es2022', write: false, logLevel: 'silent',
    splitting: true, outdir: 'size-out', metafile: true,
    external: ['fs', 'path', 'worker_threads', 'perf_hooks', 'os', 'crypto'],
  });
  const outputs = r.metafile.outputs;
  const loaded = new Set();
  const visit = (path) => {
    if (loaded.has(path)) return;
    loaded.add(path);
    for (const imp of outputs[path].imports) if (imp.kind === 'import-statement' && outputs[imp.path]) visit(imp.path);
  };
  visit(Object.keys(outputs).find((k) => outputs[k].entryPoint));
  return Buffer.concat(r.outputFiles.filter((f) => [...loaded].some((p) => f.path.endsWith(p))).map((f) => Buffer.from(f.contents)));
}

export async function run(ctx) {
  for (const [system, app] of Object.entries(APPS)) {
    if (system !== 'wasmlp' && !ctx.peers.some((p) => p.name === system)) continue;
    const js = gz(await bundle(app.code));
    const wasm = app.wasm ? gz(app.wasm()) : 0;
    const kb = (js + wasm) / 1024;
    ctx.add({ system, workload: 'Browser download (gzip)', metric: 'KB', median: kb, min: kb, max: kb, samples: 1, note: `JS ${(js / 1024).toFixed(1)} KB + wasm ${(wasm / 1024).toFixed(1)} KB` });
  }
  if (ctx.peers.some((p) => p.name === 'brain.js')) {
    const kb = gz(readFileSync(require.resolve('brain.js/browser.min.js'))) / 1024;
    ctx.add({ system: 'brain.js', workload: 'Browser download (gzip)', metric: 'KB', median: kb, min: kb, max: kb, samples: 1, note: 'browser.min.js as shipped' });
  }
}
