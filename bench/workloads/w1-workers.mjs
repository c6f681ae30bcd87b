// W1 through the public model-selection API: crossValidate(Pipeline(StandardScaler, KerasClassifier))
// on Sonar, stratified 10-fold, with workers: 1 and workers: 2 (worker_threads, each with its own
// WebAssembly instance). Threads start once and are reused by later calls (the shared pool); the
// first, cold call is timed apart. The scores must be identical to the one-thread run.
import { KerasClassifier, Pipeline, StandardScaler, closeSharedPools, crossValidate, loadCsv } from '../../dist/node.js';
import { dataPath } from '../lib/data.mjs';
import { measure, mean, std } from '../lib/measure.mjs';
import { createBaseline } from '../lib/w1-builder.mjs';

export const WORKLOAD = 'W1 crossValidate (pipeline)';
const buildModule = new URL('../lib/w1-builder.mjs', import.meta.url).href;

export async function run(ctx) {
  const ds = await loadCsv(dataPath('sonar.csv'));
  const pipeline = () => new Pipeline([new StandardScaler(), new KerasClassifier({ build: createBaseline, buildModule, epochs: 100, batchSize: 5, seed: 7 })]);
  const scores = {};
  await closeSharedPools();
  const cold0 = performance.now();
  await crossValidate(pipeline(), ds.x, ds.y, { cv: 10, seed: 7, scoring: ['accuracy'], workers: 2 });
  const cold = performance.now() - cold0;
  for (const workers of [1, 2]) {
    const t = await measure(`wasmlp W1 workers ${workers}`, async () => {
      scores[workers] = (await crossValidate(pipeline(), ds.x, ds.y, { cv: 10, seed: 7, scoring: ['accuracy'], workers })).testScores.accuracy;
    }, { iterations: ctx.quick ? 2 : 5, warmup: 1 });
    ctx.add({ system: `wasmlp (workers ${workers})`, workload: WORKLOAD, metric: 'ms', ...t, accuracy: mean(scores[workers]), accuracyStd: std(scores[workers]), note: workers === 1 ? 'one thread' : `worker_threads, threads reused across calls (a cold first call, starting them: ${cold.toFixed(0)} ms)` });
  }
  const same = JSON.stringify(scores[1]) === JSON.stringify(scores[2]);
  const rows = ctx.rows.filter((r) => r.workload === WORKLOAD);
  const speedup = rows[0].median / rows[1].median;
  rows[1].note += `; ${speedup.toFixed(2)}x the one-thread run; per-fold scores ${same ? 'identical' : 'DIFFERENT'}`;
  await closeSharedPools();
  if (!same) throw new Error('W1 with workers gave different scores from the sequential run');
}
