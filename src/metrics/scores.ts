/**
 * Scores over plain arrays, the definitions scikit-learn uses. Probabilities `p` and labels `y`
 * are flat; for binary problems y is 0/1 and p the positive-class probability.
 */

export interface BinaryCounts { tp: number; fp: number; tn: number; fn: number }

/** Counts of a thresholded binary decision: p > threshold is positive (Keras' rule). */
export function binaryCounts(y: ArrayLike<number>, p: ArrayLike<number>, threshold = 0.5): BinaryCounts {
  let tp = 0, fp = 0, tn = 0, fn = 0;
  for (let i = 0; i < y.length; i++) {
    const actual = y[i] >= 0.5;
    const predicted = p[i] > threshold;
    if (predicted) actual ? tp++ : fp++;
    else actual ? fn++ : tn++;
  }
  return { tp, fp, tn, fn };
}

const ratio = (num: number, den: number): number => (den === 0 ? 0 : num / den);

export const precisionFromCounts = (c: BinaryCounts): number => ratio(c.tp, c.tp + c.fp);
export const recallFromCounts = (c: BinaryCounts): number => ratio(c.tp, c.tp + c.fn);
export function fBetaFromCounts(c: BinaryCounts, beta = 1): number {
  const b2 = beta * beta;
  return ratio((1 + b2) * c.tp, (1 + b2) * c.tp + b2 * c.fn + c.fp);
}

/** Fraction of values whose thresholded prediction equals the 0/1 label (Keras binary_accuracy: p > t). */
export function binaryAccuracy(y: ArrayLike<number>, p: ArrayLike<number>, threshold = 0.5): number {
  let correct = 0;
  for (let i = 0; i < y.length; i++) if ((p[i] > threshold) === (y[i] >= 0.5)) correct++;
  return ratio(correct, y.length);
}

/** Index of the largest value in row r (first one on ties, as numpy/Keras argmax). */
export function argmaxRow(values: ArrayLike<number>, r: number, cols: number): number {
  let best = 0, bestValue = values[r * cols];
  for (let j = 1; j < cols; j++) {
    const v = values[r * cols + j];
    if (v > bestValue) { best = j; bestValue = v; }
  }
  return best;
}

/** Argmax of p per row equals the class id per row. */
export function classAccuracy(classIds: ArrayLike<number>, p: ArrayLike<number>, cols: number): number {
  let correct = 0;
  for (let r = 0; r < classIds.length; r++) if (argmaxRow(p, r, cols) === classIds[r]) correct++;
  return ratio(correct, classIds.length);
}

/** Multi-label exact match: a row counts only when every one of its labels is right. */
export function subsetAccuracy(y: ArrayLike<number>, p: ArrayLike<number>, cols: number, threshold = 0.5): number {
  const rows = y.length / cols;
  let correct = 0;
  for (let r = 0; r < rows; r++) {
    let all = true;
    for (let j = 0; j < cols && all; j++) all = (p[r * cols + j] > threshold) === (y[r * cols + j] >= 0.5);
    if (all) correct++;
  }
  return ratio(correct, rows);
}

/**
 * Exact ROC AUC: the probability that a random positive scores above a random negative, ties
 * counting one half (the Mann-Whitney statistic; equals scikit-learn's roc_auc_score).
 * NaN when only one class is present, as scikit-learn refuses that case.
 */
export function rocAuc(y: ArrayLike<number>, p: ArrayLike<number>): number {
  const n = y.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => p[a] - p[b]);
  let positives = 0;
  for (let i = 0; i < n; i++) if (y[i] >= 0.5) positives++;
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return NaN;
  // Sum of (average) ranks of the positives.
  let rankSum = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && p[order[j + 1]] === p[order[i]]) j++;
    const avgRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (y[order[k]] >= 0.5) rankSum += avgRank;
    i = j + 1;
  }
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** counts[actual][predicted] for class ids in [0, classes). */
export function confusionMatrix(actual: ArrayLike<number>, predicted: ArrayLike<number>, classes?: number): number[][] {
  let k = classes ?? 0;
  if (classes === undefined) for (let i = 0; i < actual.length; i++) k = Math.max(k, actual[i] + 1, predicted[i] + 1);
  const m = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < actual.length; i++) m[actual[i]][predicted[i]]++;
  return m;
}

/** Macro-averaged one-vs-rest precision, recall and F1 from a confusion matrix. */
export function macroScores(cm: number[][]): { precision: number; recall: number; f1: number } {
  const k = cm.length;
  let p = 0, r = 0, f = 0;
  for (let c = 0; c < k; c++) {
    let tp = cm[c][c], fp = 0, fn = 0;
    for (let o = 0; o < k; o++) if (o !== c) { fp += cm[o][c]; fn += cm[c][o]; }
    const counts = { tp, fp, fn, tn: 0 };
    p += precisionFromCounts(counts); r += recallFromCounts(counts); f += fBetaFromCounts(counts);
    tp = 0;
  }
  return { precision: p / k, recall: r / k, f1: f / k };
}
