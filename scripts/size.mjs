// Size budget: the JavaScript a browser app needs to train and predict with wasmlp, bundled and
// minified by esbuild, plus the core .wasm, both gzipped, must stay under 60 KB. Also checks that
// no Node-only module (node:*, csv-node) and no CLI code reach a browser bundle of the main entry.
// Run after `npm run build` (it reads dist/). Exit code 1 when over budget or when a check fails.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BUDGET = 60 * 1024;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const gzip = (bytes) => gzipSync(bytes, { level: 9 }).length;

/** The train + predict path as an application writes it. */
const TRAIN_AND_PREDICT = `
import { Sequential, Dense, MinMaxScaler, init } from './dist/index.js';
export async function trainAndPredict(x, y, rows) {
  await init();
  const scaler = new MinMaxScaler();
  const xs = scaler.fitTransform(x);
  const model = new Sequential([
    new Dense({ units: 8, activation: 'tanh', inputDim: x.cols }),
    new Dense({ units: 8, activation: 'tanh' }),
    new Dense({ units: 1, activation: 'sigmoid' }),
  ], { seed: 1 });
  model.compile({ loss: 'binaryCrossentropy', optimizer: { type: 'sgd', learningRate: 0.1 }, metrics: ['accuracy'] });
  await model.fit(xs, y, { epochs: 5, batchSize: 32 });
  return model.predict(scaler.transform(rows));
}
`;

/**
 * Bundles like an application build: code behind a dynamic import() (e.g. the TensorFlow.js
 * converter behind model.exportTfjs()) is split into chunks a browser fetches only when called,
 * so the figure counts the entry chunk and the chunks it imports statically.
 */
async function bundle(contents, name) {
  const result = await build({
    stdin: { contents, resolveDir: ROOT, sourcefile: name, loader: 'js' },
    bundle: true, minify: true, format: 'esm', platform: 'browser', target: 'es2022',
    splitting: true, outdir: 'size-out', write: false, metafile: true, logLevel: 'silent',
  });
  const outputs = result.metafile.outputs;
  const entry = Object.keys(outputs).find((k) => outputs[k].entryPoint);
  const loaded = new Set();
  const visit = (path) => {
    if (loaded.has(path)) return;
    loaded.add(path);
    for (const imp of outputs[path].imports) if (imp.kind === 'import-statement') visit(imp.path);
  };
  visit(entry);
  const files = result.outputFiles.filter((f) => [...loaded].some((p) => f.path.endsWith(p)));
  const code = Buffer.concat(files.map((f) => Buffer.from(f.contents)));
  // Modules that contribute bytes to what is loaded (metafile inputs also lists tree-shaken ones).
  const inputs = [...new Set([...loaded].flatMap((p) => Object.entries(outputs[p].inputs).filter(([, v]) => v.bytesInOutput > 0).map(([k]) => k)))];
  const lazy = Object.keys(outputs).filter((p) => !loaded.has(p) && !p.endsWith('.map'));
  return { code, inputs, lazy };
}

/** Node-only or CLI modules that must never be in a browser bundle. */
function forbidden(inputs) {
  return inputs.filter((p) => /^node:|(^|\/)dist\/cli\/|(^|\/)dist\/node\.js$|csv-node\.js$|csv-parse\/(lib|dist\/cjs|dist\/esm\/stream)/.test(p));
}

let failed = false;
try {
  const wasm = readFileSync(new URL('../dist/wasmlp.wasm', import.meta.url));
  const core = await bundle(TRAIN_AND_PREDICT, 'train-and-predict.js');
  const js = gzip(core.code);
  const wasmGz = gzip(wasm);
  const total = js + wasmGz;
  console.log(`wasmlp size (train + predict, esbuild --minify, gzip -9):`);
  console.log(`  JavaScript  ${kb(core.code.length).padStart(9)} raw  ${kb(js).padStart(8)} gzipped  (${core.inputs.length} modules)`);
  console.log(`  wasmlp.wasm ${kb(wasm.length).padStart(9)} raw  ${kb(wasmGz).padStart(8)} gzipped`);
  console.log(`  total                      ${kb(total).padStart(8)} gzipped  (budget ${kb(BUDGET)})`);
  if (core.lazy.length) console.log(`  (${core.lazy.length} chunk(s) load only on demand, e.g. the TensorFlow.js converter; not counted)`);
  if (total > BUDGET) {
    console.error(`size: over budget by ${kb(total - BUDGET)}.`);
    failed = true;
  }
  const extra = core.inputs.filter((p) => p.includes('csv-parse'));
  if (extra.length) console.warn(`size: note: the train path pulls in CSV parsing (${extra.join(', ')}); check package.json sideEffects.`);

  // The whole main entry in a browser bundle: no Node-only code, no CLI.
  const all = await bundle(`export * from './dist/index.js';`, 'main-entry.js');
  const bad = forbidden(all.inputs);
  console.log(`  main entry, everything  ${kb(gzip(all.code)).padStart(8)} gzipped JS (not budgeted; includes the CSV parser)`);
  if (bad.length) {
    console.error(`size: Node-only or CLI modules reached the browser bundle of 'wasmlp': ${bad.join(', ')}`);
    failed = true;
  }
} catch (e) {
  console.error(`size: bundling failed: ${e.message}`);
  failed = true;
}
process.exit(failed ? 1 : 0);
