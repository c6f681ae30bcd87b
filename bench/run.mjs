// wasmlp benchmark suite: W1-W4, start-up and download size, with the peers in the same process
// and run. `npm run bench` (full) or `npm run bench -- --quick` (CI: a few minutes).
// Options: --quick, --only=w1,w1workers,w2,w3,w4,w5,w6,startup,size,serving,threads,csv,rss,growth, --no-peers, --peers=tfjs-wasm,tfjs-cpu,brain.js,scikit-learn.
// Prints a markdown table and writes bench/results.json (bench/results.local.json for a partial or quick run).
import { writeFileSync } from 'node:fs';
import { systemInfo } from './lib/system.mjs';
import { markdown } from './lib/table.mjs';
import * as tfjs from './systems/tfjs.mjs';
import * as brain from './systems/brain.mjs';
import * as sklearn from './systems/sklearn.mjs';
import * as w1 from './workloads/w1-sonar.mjs';
import * as w1workers from './workloads/w1-workers.mjs';
import * as w2 from './workloads/w2-banknote.mjs';
import * as w3 from './workloads/w3-big.mjs';
import * as w4 from './workloads/w4-kernels.mjs';
import * as w5 from './workloads/w5-sms-text.mjs';
import * as w6 from './workloads/w6-recipe.mjs';
import * as startup from './workloads/startup.mjs';
import * as size from './workloads/size.mjs';
import * as serving from './workloads/serving.mjs';
import * as threadsW from './workloads/threads.mjs';
import * as csv from './workloads/csv-load.mjs';
import * as rss from './workloads/rss.mjs';
import * as growth from './workloads/growth.mjs';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const onlyArg = args.find((a) => a.startsWith('--only='));
const only = onlyArg ? onlyArg.slice(7).split(',') : null;
const WORKLOADS = { w4, w1, w1workers, w2, w3, w5, w6, startup, size, serving, threads: threadsW, csv, rss, growth }; // w4 first: the others quote its roofline

const peersArg = args.find((a) => a.startsWith('--peers='));
const wanted = (name) => !args.includes('--no-peers') && (!peersArg || peersArg.slice(8).split(',').includes(name));
const skipped = [];
const peers = [];
if (wanted('tfjs-wasm')) {
  const wasmInfo = await tfjs.useBackend('wasm');
  const threads = `SIMD ${wasmInfo.simd ? 'on' : 'off'}, threads ${wasmInfo.threads ? 'on' : 'off'}`;
  peers.push({ name: 'tfjs-wasm', prepare: () => tfjs.useBackend('wasm'), w1Fold: tfjs.w1Fold, w2Run: tfjs.w2Run, w3Model: tfjs.w3Model, w1Note: `tfjs layers, wasm backend (XNNPACK, ${threads})`, w2Note: `wasm backend, ${threads}`, info: wasmInfo });
}
if (wanted('tfjs-cpu')) {
  peers.push({ name: 'tfjs-cpu', prepare: () => tfjs.useBackend('cpu'), w1Fold: tfjs.w1Fold, w2Run: tfjs.w2Run, w3Model: tfjs.w3Model, w1Note: 'tfjs layers, cpu backend (plain JavaScript)', w2Note: 'cpu backend', w3SkipQuick: 'skipped in --quick: tens of seconds per step' });
}
if (wanted('brain.js')) {
  const brainError = brain.load();
  if (brainError) skipped.push({ system: 'brain.js', reason: brainError });
  else peers.push({ name: 'brain.js', w1Fold: brain.w1Fold, w2Run: brain.w2Run, w1Note: brain.W1_SETTINGS, w2Note: brain.W2_SETTINGS });
}
const sklearnError = wanted('scikit-learn') ? sklearn.available() : null;
if (sklearnError) skipped.push({ system: 'scikit-learn', reason: sklearnError });
const useSklearn = wanted('scikit-learn') && !sklearnError;

const ctx = {
  quick,
  quickFolds: 1,
  quickEpochs: 10,
  peers,
  sklearn: useSklearn ? sklearn : null,
  roofline: null,
  rows: [],
  add(row) {
    this.rows.push(row);
    const v = row.skipped ? `skipped (${row.skipped})` : `${row.median.toFixed(2)} ${row.metric}`;
    console.error(`  ${row.system.padEnd(12)} ${row.workload.padEnd(40)} ${v}`);
  },
};

const started = performance.now();
const system = systemInfo();
console.error(`wasmlp bench${quick ? ' (quick)' : ''} on ${system.cpu}, ${system.cores} cores, Node ${system.node}`);
for (const [key, mod] of Object.entries(WORKLOADS)) {
  if (only && !only.includes(key)) continue;
  console.error(`${key}...`);
  await mod.run(ctx);
}

// Ratio to wasmlp: how many times wasmlp's figure the system's is, oriented so that > 1 means
// wasmlp is better (time, size: system / wasmlp; throughput: wasmlp / system).
for (const row of ctx.rows) {
  const base = ctx.rows.find((r) => r.system === 'wasmlp' && r.workload === row.workload && !r.skipped);
  const compared = ctx.rows.some((r) => r.workload === row.workload && r.system !== 'wasmlp' && !r.skipped);
  if (!base || !compared || row.skipped || row.system === 'roofline') { row.ratio = null; continue; }
  row.ratio = row.metric === 'GFLOP/s' || row.metric === 'MB/s' ? base.median / row.median : row.median / base.median;
}

const results = {
  date: new Date().toISOString(),
  mode: quick ? 'quick' : 'full',
  seconds: Number(((performance.now() - started) / 1000).toFixed(1)),
  system,
  peers: peers.map((p) => ({ name: p.name, ...(p.info ?? {}) })),
  skipped,
  roofline: ctx.roofline,
  results: ctx.rows.map(({ gflops, ...r }) => ({ ...r, ...(gflops ? { gflops: gflops.median } : {}) })),
};
// A partial or quick run (--only, --peers, --no-peers, --quick) goes to results.local.json
// (git-ignored) so it never overwrites the figures of a whole run.
const partial = Boolean(quick || onlyArg || peersArg || args.includes('--no-peers'));
writeFileSync(new URL(partial ? './results.local.json' : './results.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
console.log(markdown(results));
