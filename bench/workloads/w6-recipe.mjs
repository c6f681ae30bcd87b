// W6: the default recipe (TabularClassifier, no options but the seed) on the seven shared tables,
// stratified 5-fold CV (shuffled, seed 1), next to scikit-learn's HistGradientBoostingClassifier
// on the same folds and the same encoded matrices. Times are the whole 5-fold fit + predict for
// wasmlp and the sum of the 5 fits for scikit-learn (measured inside Python). --quick: iris and
// penguins, one fold each.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { StratifiedKFold, TabularClassifier, RECIPE_DEFAULTS } from '../../dist/index.js';
import { TABLES, TABLE_SOURCES, encodeFold } from '../lib/tables.mjs';
import { dataPath } from '../lib/data.mjs';
import { mean, std, stats } from '../lib/measure.mjs';

export const WORKLOAD = 'W6 recipe 5-fold CV';
const SETTINGS = `TabularClassifier defaults (ensemble ${RECIPE_DEFAULTS.ensemble} x ${(RECIPE_DEFAULTS.hidden === 'auto' ? 'hidden chosen by inner CV' : RECIPE_DEFAULTS.hidden.join('-'))} ${RECIPE_DEFAULTS.activation}, adamw ${RECIPE_DEFAULTS.schedule}, label smoothing ${RECIPE_DEFAULTS.labelSmoothing}), seed 1`;

const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
/**
 * `wasmlp cv <table> --folds 5 --seed 1 --workers 2` on the same files, timed from the outside
 * (process start included); its own TableTransformer encodes the mixed tables per fold.
 */
function cliRun(name) {
  const { file, label, drop = [] } = TABLE_SOURCES[name];
  const flags = [...(label ? ['--label', label] : []), ...drop.flatMap((c) => ['--drop', c])];
  const t0 = performance.now();
  const out = execFileSync(process.execPath, [CLI, 'cv', dataPath(file), ...flags, '--folds', '5', '--seed', '1', '--workers', '2'], { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
  const ms = performance.now() - t0;
  const acc = /accuracy: ([\d.]+)%/.exec(out);
  if (!acc) throw new Error(`wasmlp cv ${name}: no accuracy line in its output:\n${out}`);
  return { ms, accuracy: Number(acc[1]) / 100 };
}

/** The recipe fitted and scored on each encoded fold, in order: the whole CV's time and the fold accuracies. */
async function recipeCv(folds, options) {
  const accs = [];
  const t0 = performance.now();
  for (const f of folds) {
    const clf = new TabularClassifier(options);
    await clf.fit(f.xTrain, f.yTrain);
    accs.push(clf.score(f.xTest, f.yTest));
    clf.dispose();
  }
  return { ms: performance.now() - t0, accs };
}

export async function run(ctx) {
  const names = ctx.quick ? ['iris', 'penguins'] : Object.keys(TABLES);
  for (const name of names) {
    const table = TABLES[name]();
    const ids = Int32Array.from(table.y);
    let folds = [...new StratifiedKFold({ nSplits: 5, shuffle: true, seed: 1 }).split({ length: ids.length }, ids)]
      .map(({ train, test }) => encodeFold(table, Array.from(train), Array.from(test)));
    if (ctx.quick) folds = folds.slice(0, 1);
    const { ms, accs } = await recipeCv(folds, { seed: 1 });
    const workload = `${WORKLOAD} ${name}`;
    ctx.add({ system: 'wasmlp', workload, metric: 'ms', ...stats([ms]), accuracy: mean(accs), accuracyStd: std(accs), note: `${SETTINGS}; ${folds.length} fold(s), one timed run` });
    // The same folds with each fit's networks on 2 worker threads (the same networks, bit for bit).
    const { ms: ms2, accs: accs2 } = await recipeCv(folds, { seed: 1, workers: 2 });
    if (accs2.some((a, i) => a !== accs[i])) throw new Error(`W6 ${name}: workers: 2 scored ${accs2} against ${accs} on one thread; the networks must be the same`);
    ctx.add({ system: 'wasmlp', workload: `${workload}, workers: 2`, metric: 'ms', ...stats([ms2]), accuracy: mean(accs2), accuracyStd: std(accs2), note: `TabularClassifier({ seed: 1, workers: 2 }): each fit's networks on 2 worker threads (threads started once, kept between fits); ${(ms / ms2).toFixed(2)}x faster than one thread` });
    if (!ctx.quick) {
      // What a user runs: the CLI's 5 folds on both cores (gradient boosting uses both through OpenMP).
      const c = cliRun(name);
      ctx.add({ system: 'wasmlp', workload: `${workload}, wasmlp cv --workers 2`, metric: 'ms', ...stats([c.ms]), accuracy: c.accuracy, note: `the CLI with no model flags, 5 folds on 2 worker threads, seed 1; whole command (process start, loading, encoding) timed; ${(ms / c.ms).toFixed(2)}x faster than one thread` });
    }
    if (ctx.sklearn) {
      const res = ctx.sklearn.hgbFolds(folds);
      const total = res.reduce((s, r) => s + r.ms, 0);
      const a = res.map((r) => r.acc);
      ctx.add({ system: 'scikit-learn', workload, metric: 'ms', ...stats([total]), accuracy: mean(a), accuracyStd: std(a), note: `${ctx.sklearn.HGB_SETTINGS}; same folds and matrices; sum of ${res.length} fit(s)` });
    }
  }
}
