import { WasmlpError } from '../errors.js';
import type { Matrix } from '../data/matrix.js';
import { selectRows, type Features } from '../data/rows.js';
import type { Scorer } from '../metrics/scoring.js';
import type { Estimator } from './estimator.js';
import type { Fold } from './kfold.js';

/** What one fold produces; plain data, so a worker thread can send it back. */
export interface FoldResult {
  scores: Record<string, number>;
  trainScores?: Record<string, number>;
  /** rows x classes probabilities of the fold's test rows (returnPredictions). */
  proba?: Float32Array;
  fitTime: number;
  scoreTime: number;
  history: Record<string, number[]> | null;
  /** The fitted estimator's JSON and its History's params (returnModel: a worker's fit that is kept). */
  model?: { json: unknown; historyParams: Record<string, unknown> | null };
}

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

export function pickIds(ids: Int32Array, index: Int32Array): Int32Array {
  const out = new Int32Array(index.length);
  for (let i = 0; i < index.length; i++) out[i] = ids[index[i]];
  return out;
}

export function scoreAll(scorers: readonly Scorer[], y: Int32Array, proba: Matrix): Record<string, number> {
  return Object.fromEntries(scorers.map((s) => [s.name, s.score(y, proba)]));
}

/**
 * Fits a fresh (already cloned) estimator on the fold's training rows and scores its test rows
 * (a fold without test rows is a fit only: no scores). returnModel: the result carries the fitted
 * estimator as JSON. The caller disposes the estimator. `k` is the 0-based fold number for messages.
 */
export async function runFold(
  model: Estimator, X: Features, ids: Int32Array, nClasses: number, fold: Fold, k: number,
  scorers: readonly Scorer[], options: { returnTrainScore?: boolean; returnPredictions?: boolean; returnModel?: boolean },
): Promise<FoldResult> {
  const { train, test } = fold;
  const t0 = now();
  await model.fit(selectRows(X, train), pickIds(ids, train));
  const t1 = now();
  const fitted = options.returnModel ? { json: model.toJSON(), historyParams: model.history ? { ...model.history.params } : null } : undefined;
  if (test.length === 0) {
    return { scores: {}, fitTime: (t1 - t0) / 1000, scoreTime: 0, history: model.history ? model.history.history : null, model: fitted };
  }
  const proba = model.predictProba(selectRows(X, test));
  if (proba.cols !== Math.max(2, nClasses)) {
    throw new WasmlpError('MISSING_CLASS', `crossValidate: fold ${k + 1}'s model predicts ${proba.cols} classes but y has ${nClasses}; a class is missing from that fold's training rows. Use a stratified cv or fewer folds.`, { option: 'cv' });
  }
  const scores = scoreAll(scorers, pickIds(ids, test), proba);
  const scoreTime = (now() - t1) / 1000;
  const trainScores = options.returnTrainScore ? scoreAll(scorers, pickIds(ids, train), model.predictProba(selectRows(X, train))) : undefined;
  return {
    scores, trainScores, proba: options.returnPredictions ? proba.data : undefined,
    fitTime: (t1 - t0) / 1000, scoreTime, history: model.history ? model.history.history : null, model: fitted,
  };
}
