/**
 * Scorers over an estimator's probability matrix (rows x classes, as src/metrics/scoring.ts reads
 * them) for the imbalance scores: matthewsCorrcoef, prAuc and brierScore; plus the decision
 * threshold an estimator may attach to its probabilities (TunedThresholdClassifier does).
 */
import type { Matrix } from '../data/matrix.js';
import { argmaxRow } from './scores.js';
import { prAuc } from './binary-scores.js';

/**
 * The cut a thresholded estimator attached to its probabilities (`proba.threshold`), else 0.5.
 * Threshold scorers (accuracy, balancedAccuracy, precision, recall, f1, matthewsCorrcoef) call the
 * positive class when p > threshold, so crossValidate scores a tuned model at its own threshold.
 */
export function decisionThreshold(proba: Matrix): number {
  const t = (proba as Matrix & { threshold?: unknown }).threshold;
  return typeof t === 'number' && Number.isFinite(t) ? t : 0.5;
}

/** Class id per row: p > threshold for one or two columns, argmax for more. */
export function decidedClasses(proba: Matrix): Int32Array {
  const out = new Int32Array(proba.rows);
  const t = decisionThreshold(proba);
  if (proba.cols === 1) for (let r = 0; r < proba.rows; r++) out[r] = proba.data[r] > t ? 1 : 0;
  else if (proba.cols === 2) for (let r = 0; r < proba.rows; r++) out[r] = proba.data[2 * r + 1] > t ? 1 : 0;
  else for (let r = 0; r < proba.rows; r++) out[r] = argmaxRow(proba.data, r, proba.cols);
  return out;
}

function column(proba: Matrix, c: number): Float64Array {
  if (proba.cols === 1) return Float64Array.from(proba.data, (p) => (c === 1 ? p : 1 - p));
  return Float64Array.from({ length: proba.rows }, (_, r) => proba.data[r * proba.cols + c]);
}

/**
 * Matthews correlation coefficient; for k classes the general form (scikit-learn's):
 * (c·s − Σ pₖtₖ) / √((s² − Σ pₖ²)(s² − Σ tₖ²)), c correct, s rows, pₖ/tₖ predicted/true counts.
 * 0 when either factor is 0.
 */
export function matthewsScore(y: ArrayLike<number>, proba: Matrix): number {
  const pred = decidedClasses(proba);
  const k = Math.max(2, proba.cols);
  const t = new Float64Array(k), p = new Float64Array(k);
  let correct = 0;
  for (let i = 0; i < pred.length; i++) {
    t[y[i]]++; p[pred[i]]++;
    if (pred[i] === y[i]) correct++;
  }
  const s = pred.length;
  let pt = 0, pp = 0, tt = 0;
  for (let c = 0; c < k; c++) { pt += p[c] * t[c]; pp += p[c] * p[c]; tt += t[c] * t[c]; }
  const den = (s * s - pp) * (s * s - tt);
  return den === 0 ? 0 : (correct * s - pt) / Math.sqrt(den);
}

/** Average precision of the positive column; for k classes the macro mean over one-vs-rest. */
export function prAucScore(y: ArrayLike<number>, proba: Matrix): number {
  if (proba.cols <= 2) return prAuc(Float64Array.from(y, (v) => (v === 1 ? 1 : 0)), column(proba, 1));
  let sum = 0;
  for (let c = 0; c < proba.cols; c++) sum += prAuc(Float64Array.from(y, (v) => (v === c ? 1 : 0)), column(proba, c));
  return sum / proba.cols;
}

/**
 * Binary: mean (p − y)² of the positive column (brier_score_loss). k classes: mean over rows of
 * Σₖ (pₖ − [y = k])² (Brier's original multi-class form). Lower is better.
 */
export function brierScoreScore(y: ArrayLike<number>, proba: Matrix): number {
  if (proba.rows === 0) return 0;
  let total = 0;
  if (proba.cols <= 2) {
    const p = column(proba, 1);
    for (let r = 0; r < proba.rows; r++) total += (p[r] - (y[r] === 1 ? 1 : 0)) ** 2;
  } else {
    for (let r = 0; r < proba.rows; r++) for (let c = 0; c < proba.cols; c++) total += (proba.data[r * proba.cols + c] - (y[r] === c ? 1 : 0)) ** 2;
  }
  return total / proba.rows;
}
