import type { ScoringIdentifier } from '../metrics/scoring.js';
import type { WithSnakeCase } from '../names.js';
import { WasmlpError, describe } from '../errors.js';
import type { Matrix } from '../data/matrix.js';
import { toFeatures, type Features, type FeaturesLike } from '../data/rows.js';
import { getScorers, type Scorer, type ScoringName } from '../metrics/scoring.js';
import { classesOf, encodeClasses, isEstimator, type Estimator } from './estimator.js';
import type { Fold } from './kfold.js';
import { runFold, type FoldResult } from './fold.js';
import { estimatorSpec } from './spec.js';
import { StratifiedKFold } from './stratified-kfold.js';
import { normaliseOptions } from '../options.js';
import { executorFor, type FoldExecutor } from './executor.js';
import { resolveWorkers } from './workers.js';

/** Anything with scikit-learn's splitter shape: KFold, StratifiedKFold or your own. */
export interface Splitter {
  split(x: Features, y: ArrayLike<number>): Iterable<Fold>;
  getNSplits(): number;
}

/** What crossValidate reports per fold to its onFold callback: the fold number, its scores and times. */
export interface FoldEvent {
  fold: number;
  nFolds: number;
  /** The fold's fresh estimator; disposed right after 'end'. */
  estimator: Estimator;
  /** Test scores of this fold (on 'end'). */
  scores?: Record<string, number>;
  fitTime?: number;
}

/** Options of crossValidate: folds, scoring names, seed, workers and what to return. */
export interface CrossValidateOptions {
  /** Folds: a number (stratified k-fold, default 5) or a splitter such as new KFold({ ... }). */
  cv?: number | Splitter;
  /** A scoring name or several (default 'accuracy'): accuracy, balancedAccuracy, precision, recall, f1, rocAuc, logLoss. */
  scoring?: ScoringIdentifier | readonly ScoringIdentifier[];
  /** With a number for cv: shuffle rows into folds with this seed (default: no shuffle, as scikit-learn). */
  seed?: number;
  /** Also score each fold's model on its training rows (default false). */
  returnTrainScore?: boolean;
  /** Keep each row's out-of-fold probabilities, for ROC curves and confusion matrices (default false). */
  returnPredictions?: boolean;
  /**
   * Run folds on this many worker threads (Node), or 'auto' for one per CPU; default 1 (this
   * thread). Results equal the sequential run. The estimator must be rebuildable in a worker:
   * a KerasClassifier (or a Pipeline ending in one) whose builder is exported by name from
   * `buildModule`. Epoch callbacks do not cross threads; onFold still reports each fold.
   * A Redis URL ('redis://host:6379', 'rediss://user:pass@host:6380' for TLS) runs the folds as
   * BullMQ jobs on `wasmlp worker --redis URL` processes (see docs/scale.md); an executor object
   * (FoldExecutor) runs them wherever it likes.
   */
  workers?: number | 'auto' | string | FoldExecutor;
  /** @internal A worker pool or executor shared across calls (GridSearchCV's candidates); implies worker mode. */
  pool?: FoldExecutor;
  /** @internal Calls with the same key pass the same x and y (one search's candidates): the pool sends them once. */
  dataKey?: object;
  /** Called when a fold starts and ends (progress reporting). In worker mode `estimator` is the template. */
  onFold?: (event: FoldEvent & { phase: 'start' | 'end' }) => void | Promise<void>;
}

const CROSS_VALIDATE_OPTIONS = ['cv', 'scoring', 'seed', 'returnTrainScore', 'returnPredictions', 'workers', 'pool', 'dataKey', 'onFold'] as const satisfies readonly (keyof CrossValidateOptions)[];

/** What crossValidate returns: per-fold scores and times, and optionally the fitted estimators and out-of-fold predictions. */
export interface CrossValidateResult {
  scoring: ScoringName[];
  /** Per-fold test scores under each scoring name. */
  testScores: Record<string, number[]>;
  trainScores?: Record<string, number[]>;
  /** Mean and population standard deviation (ddof = 0, as numpy's std) of the test scores. */
  mean: Record<string, number>;
  std: Record<string, number>;
  /** Seconds spent in fit and in scoring, per fold. */
  fitTimes: number[];
  scoreTimes: number[];
  /** Class values in the column order of `predictions`. */
  classes: number[];
  /** Out-of-fold probabilities, rows x classes in the original row order (returnPredictions). */
  predictions?: Matrix;
  /** Each fold's training history (loss and metrics per epoch), when the estimator keeps one. */
  histories: Record<string, number[]>[];
  folds: Fold[];
}

/** What crossValScore returns: the per-fold scores of one scoring name, with their mean and standard deviation. */
export interface CrossValScoreResult {
  scoring: ScoringName;
  scores: number[];
  mean: number;
  std: number;
  fitTimes: number[];
}

export function meanStd(values: readonly number[]): { mean: number; std: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const std = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
  return { mean, std };
}

/** The splitter for `cv`: numbers become a StratifiedKFold (shuffled when a seed is given). */
export function resolveCv(cv: number | Splitter | undefined, seed: number | undefined): Splitter {
  if (cv === undefined || typeof cv === 'number') {
    const nSplits = cv ?? 5;
    return new StratifiedKFold(seed === undefined ? { nSplits } : { nSplits, shuffle: true, seed });
  }
  if (typeof cv !== 'object' || cv === null || typeof (cv as Splitter).split !== 'function') {
    throw new WasmlpError('BAD_OPTION', `cv must be a number of folds or a splitter with split(x, y) (KFold, StratifiedKFold); received ${describe(cv)}.`, { option: 'cv' });
  }
  if (seed !== undefined) {
    throw new WasmlpError('BAD_OPTION', "seed applies only when cv is a number; give the splitter its own seed (new StratifiedKFold({ nSplits, shuffle: true, seed })).", { option: 'seed' });
  }
  return cv as Splitter;
}

/**
 * Cross-validation with per-fold scores, fit times and (optionally) out-of-fold predictions
 * (scikit-learn's cross_validate). Every fold clones the estimator, fits the clone on the fold's
 * training rows only, scores it on the test rows and disposes it.
 *
 * @example
 * const r = await crossValidate(pipe, ds.x, ds.y, { cv: 10, seed: 7, scoring: ['accuracy', 'rocAuc'] });
 * r.mean.accuracy; r.std.accuracy; r.fitTimes;
 */
export async function crossValidate(estimator: Estimator, x: FeaturesLike, y: ArrayLike<number>, rawOptions: WithSnakeCase<CrossValidateOptions> = {}): Promise<CrossValidateResult> {
  const options = normaliseOptions<CrossValidateOptions>('crossValidate', rawOptions, CROSS_VALIDATE_OPTIONS);
  if (!isEstimator(estimator)) {
    throw new WasmlpError('BAD_OPTION', `crossValidate needs an estimator (KerasClassifier or Pipeline); received ${describe(estimator)}.`, { option: 'estimator' });
  }
  const X = toFeatures(x, 'x');
  if (!y || y.length !== X.rows) {
    throw new WasmlpError('SHAPE_MISMATCH', `crossValidate: y needs one label per row of x (${X.rows}); received ${describe(y)}.`, { option: 'y' });
  }
  const scorers = getScorers(options.scoring);
  const classes = classesOf(y, 'crossValidate');
  const ids = encodeClasses(y, classes, 'crossValidate');
  const splitter = resolveCv(options.cv, options.seed);
  const folds = [...splitter.split(X, ids)];
  const nFolds = folds.length;
  const testScores = emptyScores(scorers), trainScores = options.returnTrainScore ? emptyScores(scorers) : undefined;
  const fitTimes: number[] = [], scoreTimes: number[] = [], histories: Record<string, number[]>[] = [];
  const predictions = options.returnPredictions ? { data: new Float32Array(X.rows * Math.max(2, classes.length)), rows: X.rows, cols: Math.max(2, classes.length) } : undefined;

  const record = (k: number, r: FoldResult) => {
    fitTimes[k] = r.fitTime;
    scoreTimes[k] = r.scoreTime;
    for (const s of scorers) testScores[s.name][k] = r.scores[s.name];
    if (trainScores && r.trainScores) for (const s of scorers) trainScores[s.name][k] = r.trainScores[s.name];
    if (predictions && r.proba) {
      const cols = predictions.cols, test = folds[k].test;
      for (let i = 0; i < test.length; i++) predictions.data.set(r.proba.subarray(i * cols, (i + 1) * cols), test[i] * cols);
    }
    historyByFold[k] = r.history;
  };
  const historyByFold: (Record<string, number[]> | null)[] = new Array(nFolds).fill(null);
  const given = options.pool ? { executor: options.pool, release: async () => {} } : await executorFor(options.workers);
  const workers = given ? 1 : resolveWorkers(options.workers as number | 'auto' | undefined, nFolds);
  if (workers > 1 || given) {
    // Folds run on worker threads (Node) or a cluster; each rebuilds the estimator from its
    // spec, so the scores are those of the sequential run, fold for fold.
    const lease = given ? { pool: given.executor, release: given.release } : (await import('./parallel.js')).acquirePool(workers);
    const pool = lease.pool;
    try {
      await pool.run({
        spec: estimatorSpec(estimator), X, ids, nClasses: classes.length, folds, scoring: scorers.map((s) => s.name),
        returnTrainScore: options.returnTrainScore, returnPredictions: options.returnPredictions, dataKey: options.dataKey,
        onStart: (k) => options.onFold?.({ phase: 'start', fold: k, nFolds, estimator }),
        onResult: async (k, r) => {
          record(k, r);
          await options.onFold?.({ phase: 'end', fold: k, nFolds, estimator, scores: r.scores, fitTime: r.fitTime });
        },
      });
    } finally {
      await lease.release();
    }
  } else {
    for (let k = 0; k < nFolds; k++) {
      const model = estimator.clone();
      try {
        await options.onFold?.({ phase: 'start', fold: k, nFolds, estimator: model });
        const r = await runFold(model, X, ids, classes.length, folds[k], k, scorers, options);
        record(k, r);
        await options.onFold?.({ phase: 'end', fold: k, nFolds, estimator: model, scores: r.scores, fitTime: r.fitTime });
      } finally {
        model.dispose();
      }
    }
  }
  for (const h of historyByFold) if (h) histories.push(h);
  const mean: Record<string, number> = {}, std: Record<string, number> = {};
  for (const s of scorers) ({ mean: mean[s.name], std: std[s.name] } = meanStd(testScores[s.name]));
  return {
    scoring: scorers.map((s) => s.name), testScores, trainScores, mean, std, fitTimes, scoreTimes,
    classes, predictions, histories, folds,
  };
}

/**
 * One score per fold for a single scoring name (scikit-learn's cross_val_score), with mean, std
 * and fit times.
 *
 * @example
 * const { mean, std } = await crossValScore(pipe, x, y, { cv: 10, seed: 7 });
 * console.log(`Standardized: ${(100 * mean).toFixed(2)}% (${(100 * std).toFixed(2)}%)`);
 */
export async function crossValScore(
  estimator: Estimator, x: FeaturesLike, y: ArrayLike<number>,
  options: Omit<CrossValidateOptions, 'scoring' | 'returnTrainScore' | 'returnPredictions'> & { scoring?: ScoringIdentifier } = {},
): Promise<CrossValScoreResult> {
  options = normaliseOptions<typeof options>('crossValScore', options, ['cv', 'scoring', 'seed', 'workers', 'pool', 'onFold']);
  if (Array.isArray(options.scoring)) {
    throw new WasmlpError('BAD_OPTION', 'crossValScore takes one scoring name; use crossValidate for several.', { option: 'scoring' });
  }
  const r = await crossValidate(estimator, x, y, options);
  const name = r.scoring[0];
  return { scoring: name, scores: r.testScores[name], mean: r.mean[name], std: r.std[name], fitTimes: r.fitTimes };
}

function emptyScores(scorers: Scorer[]): Record<string, number[]> {
  return Object.fromEntries(scorers.map((s) => [s.name, [] as number[]]));
}
