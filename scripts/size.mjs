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

async function bundle(contents, name) {
  const result = await build({
    stdin: { contents, resolveDir: ROOT, sourcefile: name, loader: 'js' },
    bundle: true, minify: true, format: 'esm', platform: 'browser', target: 'es2022',
    write: false, metafile: true, logLevel: 'silent',
  });
  // Modules that contribute bytes to the output (metafile.inputs also lists tree-shaken ones).
  const [output] = Object.values(result.metafile.outputs);
  const inputs = Object.entries(output.inputs).filter(([, v]) => v.bytesInOutput > 0).map(([k]) => k);
  return { code: result.outputFiles[0].contents, inputs };
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
