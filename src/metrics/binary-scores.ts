/**
 * Binary scores for imbalanced problems, scikit-learn's definitions, over flat arrays:
 * y holds 0/1 labels (>= 0.5 is positive), p the positive-class probability (or 0/1 predictions).
 * Threshold scores count p > threshold as positive (Keras' rule, as binaryCounts); degenerate
 * ratios are 0, as scikit-learn's zero_division=0.
 */
import { WasmlpError, describe } from '../errors.js';
import { binaryCounts, fBetaFromCounts, precisionFromCounts, recallFromCounts, type BinaryCounts } from './scores.js';
import { binaryClfCurve } from './curves.js';

function checkPair(y: ArrayLike<number>, p: ArrayLike<number>, caller: string): void {
  if (!y || !p || typeof y.length !== 'number' || y.length !== p.length) {
    throw new WasmlpError('LENGTH_MISMATCH', `${caller}: y and p need the same length; received ${describe(y)} and ${describe(p)}.`, { option: 'p' });
  }
}

/**
 * Mean of the per-class recalls, (TPR + TNR) / 2 (balanced_accuracy_score). A class absent from y
 * is left out of the mean, so all-one-class y gives that class's recall.
 */
export function balancedAccuracy(y: ArrayLike<number>, p: ArrayLike<number>, threshold = 0.5): number {
  checkPair(y, p, 'balancedAccuracy');
  return balancedAccuracyFromCounts(binaryCounts(y, p, threshold));
}

export function balancedAccuracyFromCounts(c: BinaryCounts): number {
  const pos = c.tp + c.fn, neg = c.tn + c.fp;
  if (pos === 0 && neg === 0) return 0;
  if (pos === 0) return c.tn / neg;
  if (neg === 0) return c.tp / pos;
  return (c.tp / pos + c.tn / neg) / 2;
}

/** Precision of the positive class, tp / (tp + fp). */
export function precision(y: ArrayLike<number>, p: ArrayLike<number>, threshold = 0.5): number {
  checkPair(y, p, 'precision');
  return precisionFromCounts(binaryCounts(y, p, threshold));
}

/** Recall (sensitivity, TPR) of the positive class, tp / (tp + fn). */
export function recall(y: ArrayLike<number>, p: ArrayLike<number>, threshold = 0.5): number {
  checkPair(y, p, 'recall');
  return recallFromCounts(binaryCounts(y, p, threshold));
}

/**
 * F-beta of the positive class: (1 + b²) tp / ((1 + b²) tp + b² fn + fp). beta > 1 weighs recall
 * more (F2), beta < 1 precision (F0.5); beta = 1 is F1.
 */
export function fBeta(y: ArrayLike<number>, p: ArrayLike<number>, beta = 1, threshold = 0.5): number {
  checkPair(y, p, 'fBeta');
  if (typeof beta !== 'number' || !(beta > 0) || !Number.isFinite(beta)) {
    throw new WasmlpError('BAD_OPTION', `fBeta: beta must be a positive number (2 favours recall, 0.5 precision), received ${describe(beta)}.`, { option: 'beta' });
  }
  return fBetaFromCounts(binaryCounts(y, p, threshold), beta);
}

/** F1 = fBeta with beta 1. */
export function f1(y: ArrayLike<number>, p: ArrayLike<number>, threshold = 0.5): number {
  return fBeta(y, p, 1, threshold);
}

/**
 * Matthews correlation coefficient (tp·tn − fp·fn) / √((tp+fp)(tp+fn)(tn+fp)(tn+fn)), in [−1, 1];
 * 0 when any factor is 0 (a constant prediction or one class), as scikit-learn.
 */
export function matthewsCorrcoef(y: ArrayLike<number>, p: ArrayLike<number>, threshold = 0.5): number {
  checkPair(y, p, 'matthewsCorrcoef');
  return mccFromCounts(binaryCounts(y, p, threshold));
}

export function mccFromCounts(c: BinaryCounts): number {
  const den = (c.tp + c.fp) * (c.tp + c.fn) * (c.tn + c.fp) * (c.tn + c.fn);
  return den === 0 ? 0 : (c.tp * c.tn - c.fp * c.fn) / Math.sqrt(den);
}

/**
 * Average precision, the area under the precision-recall curve as a step sum (average_precision_score):
 * AP = Σₙ (Rₙ − Rₙ₋₁) Pₙ over the distinct scores from high to low; tied scores form one step.
 * Not the trapezoid area, which is optimistic. 0 when y has no positive (scikit-learn warns and
 * returns 0 too); with no negative, 1.
 */
export function prAuc(y: ArrayLike<number>, p: ArrayLike<number>): number {
  checkPair(y, p, 'prAuc');
  const { tps, fps } = binaryClfCurve(y, p);
  const positives = tps.length ? tps[tps.length - 1] : 0;
  if (positives === 0) return 0;
  let ap = 0, prevRecall = 0;
  for (let i = 0; i < tps.length; i++) {
    const r = tps[i] / positives;
    ap += (r - prevRecall) * (tps[i] / (tps[i] + fps[i]));
    prevRecall = r;
  }
  return ap;
}

/** scikit-learn's name for prAuc. */
export const averagePrecision = prAuc;

/**
 * Probabilities are clipped to [eps, 1 − eps] before the log, so a confident wrong 0 or 1 costs
 * −log(1e−15) ≈ 34.5 instead of Infinity (scikit-learn's classic eps, as src/metrics/scoring.ts).
 */
export const LOG_LOSS_EPS = 1e-15;

/** Mean binary cross-entropy −mean(y log p + (1 − y) log(1 − p)) in float64, p clipped. Lower is better. */
export function logLoss(y: ArrayLike<number>, p: ArrayLike<number>): number {
  checkPair(y, p, 'logLoss');
  let total = 0;
  for (let i = 0; i < y.length; i++) {
    const q = Math.min(Math.max(p[i], LOG_LOSS_EPS), 1 - LOG_LOSS_EPS);
    total -= y[i] >= 0.5 ? Math.log(q) : Math.log(1 - q);
  }
  return y.length ? total / y.length : 0;
}

/** Mean squared difference between the probability and the 0/1 outcome (brier_score_loss). Lower is better. */
export function brierScore(y: ArrayLike<number>, p: ArrayLike<number>): number {
  checkPair(y, p, 'brierScore');
  let total = 0;
  for (let i = 0; i < y.length; i++) {
    const d = p[i] - (y[i] >= 0.5 ? 1 : 0);
    total += d * d;
  }
  return y.length ? total / y.length : 0;
}
