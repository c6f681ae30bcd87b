/**
 * What the decision tools need from a binary classifier: fit, predictProba and clone (an unfitted
 * copy with the same parameters, so every inner fold trains a fresh model). KerasClassifier and
 * Pipeline from model-selection have this shape, and so does anything hand-written.
 */
import { WasmlpError, describe } from '../errors.js';
import type { Matrix } from '../data/matrix.js';
import { selectRows, toFeatures, type Features, type FeaturesLike } from '../data/rows.js';
import { StratifiedKFold } from '../model-selection/stratified-kfold.js';
import type { Fold } from '../model-selection/kfold.js';

/** What the decision tools need from a binary classifier: fit, predictProba and clone. */
export interface ProbabilisticClassifier {
  fit(x: FeaturesLike, y: ArrayLike<number>): Promise<unknown>;
  /** rows x 2 probabilities (column 1 = positive class), rows x 1, or a flat positive-class array. */
  predictProba(x: FeaturesLike): Matrix | Float32Array | Float64Array;
  clone(): ProbabilisticClassifier;
  dispose?(): void;
  getParams?(): Record<string, unknown>;
  setParams?(params: Record<string, unknown>): unknown;
  toJSON?(): unknown;
  readonly history?: unknown;
}

/** A splitter with scikit-learn's shape (KFold, StratifiedKFold or your own). */
export interface FoldSplitter {
  split(x: Features, y: ArrayLike<number>): Iterable<Fold>;
}

export function checkClassifier(estimator: unknown, caller: string): ProbabilisticClassifier {
  const e = estimator as ProbabilisticClassifier;
  if (typeof e !== 'object' || e === null || typeof e.fit !== 'function' || typeof e.predictProba !== 'function' || typeof e.clone !== 'function') {
    throw new WasmlpError('BAD_OPTION', `${caller} needs a classifier with fit, predictProba and clone (a KerasClassifier or a Pipeline ending in one); received ${describe(estimator)}.`, { option: 'estimator' });
  }
  return e;
}

/** Positive-class probability per row from whatever predictProba returned. */
export function positiveProba(out: Matrix | Float32Array | Float64Array, caller: string): Float64Array {
  if (ArrayBuffer.isView(out)) return Float64Array.from(out as ArrayLike<number>);
  const m = out as Matrix;
  if (m.cols === 1) return Float64Array.from(m.data);
  if (m.cols !== 2) {
    throw new WasmlpError('NOT_BINARY', `${caller} works on binary problems; predictProba returned ${m.cols} columns. Thresholds and this calibration need one positive class.`, { option: 'estimator' });
  }
  const p = new Float64Array(m.rows);
  for (let r = 0; r < m.rows; r++) p[r] = m.data[2 * r + 1];
  return p;
}

/** Sorted distinct labels of y, which must be exactly two (the larger is the positive class). */
export function binaryClasses(y: ArrayLike<number>, caller: string): [number, number] {
  const seen = new Set<number>();
  for (let i = 0; i < y.length; i++) seen.add(y[i]);
  const classes = [...seen].sort((a, b) => a - b);
  if (classes.length !== 2) {
    throw new WasmlpError('NOT_BINARY', `${caller} needs exactly two classes in y; found ${classes.length} (${classes.slice(0, 5).join(', ')}).`, { option: 'y' });
  }
  return [classes[0], classes[1]];
}

/** 0/1 per row: 1 for the larger class value. */
export function binaryTargets(y: ArrayLike<number>, classes: [number, number]): Int32Array {
  return Int32Array.from({ length: y.length }, (_, i) => (y[i] === classes[1] ? 1 : 0));
}

export function resolveSplitter(cv: number | FoldSplitter | undefined, seed: number, caller: string): FoldSplitter {
  if (cv === undefined || typeof cv === 'number') {
    const nSplits = cv ?? 5;
    if (!Number.isInteger(nSplits) || nSplits < 2) {
      throw new WasmlpError('BAD_OPTION', `${caller}: cv must be an integer >= 2 or a splitter, received ${describe(cv)}.`, { option: 'cv' });
    }
    return new StratifiedKFold({ nSplits, shuffle: true, seed });
  }
  if (typeof cv !== 'object' || cv === null || typeof cv.split !== 'function') {
    throw new WasmlpError('BAD_OPTION', `${caller}: cv must be a number of folds or a splitter with split(x, y); received ${describe(cv)}.`, { option: 'cv' });
  }
  return cv;
}

/** Out-of-fold predictions: each row predicted by the model that did not see it in training. */
export interface OutOfFold {
  /** Positive-class probability of each row from the model that did not train on it. */
  proba: Float64Array;
  /** Fold index of each row. */
  foldOf: Int32Array;
  folds: Fold[];
}

/**
 * Out-of-fold probabilities over the rows given (and only those): every fold trains a clone on
 * the other folds and predicts its own rows; the clone is then disposed unless `keep` wants it.
 */
export async function outOfFoldProba(
  estimator: ProbabilisticClassifier, x: FeaturesLike, y: ArrayLike<number>, splitter: FoldSplitter, caller: string,
  keep?: (model: ProbabilisticClassifier, fold: Fold, k: number) => boolean,
): Promise<OutOfFold> {
  const X = toFeatures(x, 'x');
  const ids = Int32Array.from(y, (v) => v);
  const folds = [...splitter.split(X, ids)];
  const proba = new Float64Array(X.rows).fill(NaN), foldOf = new Int32Array(X.rows).fill(-1);
  for (let k = 0; k < folds.length; k++) {
    const { train, test } = folds[k];
    const model = estimator.clone();
    let kept = false;
    try {
      await model.fit(selectRows(X, train), Array.from(train, (i) => y[i]));
      const p = positiveProba(model.predictProba(selectRows(X, test)), caller);
      test.forEach((row, i) => { proba[row] = p[i]; foldOf[row] = k; });
      kept = keep?.(model, folds[k], k) ?? false;
    } finally {
      if (!kept) model.dispose?.();
    }
  }
  const missing = foldOf.indexOf(-1);
  if (missing >= 0) {
    throw new WasmlpError('BAD_OPTION', `${caller}: the cv splitter never put row ${missing} in a test fold; out-of-fold predictions need every row tested once (KFold or StratifiedKFold).`, { option: 'cv', row: missing });
  }
  return { proba, foldOf, folds };
}
