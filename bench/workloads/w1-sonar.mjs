// W1: Sonar, stratified 10-fold CV, standardised per fold, 60-relu-1-sigmoid, adam 0.001, batch 5,
// 100 epochs (the tutorial's baseline). Wall time of the whole CV and mean/std test accuracy.
import { sonarFolds } from '../lib/data.mjs';
import { measure, mean, std, scale, stats } from '../lib/measure.mjs';
import * as wasmlp from '../systems/wasmlp.mjs';

export const WORKLOAD = 'W1 Sonar 10-fold CV';

async function cv(system, folds, accs) {
  accs.length = 0;
  for (let i = 0; i < folds.length; i++) accs.push(await system.w1Fold(folds[i], i + 1));
}

/**
 * A peer too slow to repeat the whole CV: each fold is timed once (quick: the first `quickFolds`
 * folds); the CV time is the per-fold figures times ten, the accuracy that of the folds trained.
 */
async function perFold(ctx, system, folds, label, note) {
  const n = ctx.quick ? ctx.quickFolds : folds.length;
  const times = [], accs = [];
  await system.w1Fold(folds[0], 1, 2); // warm the JIT on a 2-epoch run
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    accs.push(await system.w1Fold(folds[i], i + 1));
    times.push(performance.now() - t0);
  }
  const t = scale(stats(times), folds.length);
  ctx.add({ system: label, workload: WORKLOAD, metric: 'ms', ...t, accuracy: mean(accs), accuracyStd: std(accs),
    note: `${note}${n < folds.length ? `; ${n} of ${folds.length} folds timed, x${folds.length}` : `; total ${times.reduce((a, b) => a + b, 0).toFixed(0)} ms`}` });
}

export async function run(ctx) {
  const folds = await sonarFolds();
  const accs = [];
  const t = await measure('wasmlp W1', () => cv(wasmlp, folds, accs), { iterations: ctx.quick ? 3 : 5, warmup: 1 });
  ctx.add({ system: 'wasmlp', workload: WORKLOAD, metric: 'ms', ...t, accuracy: mean(accs), accuracyStd: std(accs), note: 'whole CV per sample' });

  for (const peer of ctx.peers) {
    if (!peer.w1Fold) continue;
    await peer.prepare?.();
    await perFold(ctx, peer, folds, peer.name, peer.w1Note ?? '');
  }
  if (ctx.sklearn) {
    const n = ctx.quick ? ctx.quickFolds : folds.length;
    const res = ctx.sklearn.w1Folds(folds.slice(0, n));
    const tt = scale(stats(res.map((r) => r.ms)), folds.length);
    const a = res.map((r) => r.acc);
    ctx.add({ system: 'scikit-learn', workload: WORKLOAD, metric: 'ms', ...tt, accuracy: mean(a), accuracyStd: std(a), note: `${ctx.sklearn.W1_SETTINGS}; per fold x${folds.length}` });
  }
}
