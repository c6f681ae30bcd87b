import { normaliseOptions } from '../options.js';
/**
 * Curves as plain arrays, scikit-learn's definitions: ROC, precision-recall and the calibration
 * (reliability) curve. y holds 0/1 labels (>= 0.5 is positive), p the positive-class probability.
 */
import { WasmlpError, describe } from '../errors.js';

/** A threshold curve (ROC or precision-recall): the points and the thresholds that produce them. */
export interface ClfCurve {
  /** Distinct scores, high to low. */
  thresholds: Float64Array;
  /** Positives / negatives with score >= thresholds[i]. */
  tps: Float64Array;
  fps: Float64Array;
}

/**
 * The counts behind every threshold curve (scikit-learn's _binary_clf_curve): for each distinct
 * score t, high to low, how many positives and negatives score >= t. Tied scores form one point.
 */
export function binaryClfCurve(y: ArrayLike<number>, p: ArrayLike<number>): ClfCurve {
  const n = y.length;
  if (p.length !== n) {
    throw new WasmlpError('LENGTH_MISMATCH', `y has ${n} labels but p has ${p.length} scores; give one score per label.`, { option: 'p' });
  }
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(p[i])) throw new WasmlpError('NON_FINITE', `p[${i}] is NaN; scores must be numbers.`, { option: 'p', row: i });
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => p[b] - p[a]);
  const thresholds: number[] = [], tps: number[] = [], fps: number[] = [];
  let tp = 0, fp = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k];
    if (y[i] >= 0.5) tp++;
    else fp++;
    if (k === n - 1 || p[order[k + 1]] !== p[i]) {
      thresholds.push(p[i]);
      tps.push(tp);
      fps.push(fp);
    }
  }
  return { thresholds: Float64Array.from(thresholds), tps: Float64Array.from(tps), fps: Float64Array.from(fps) };
}

/** ROC curve points: false and true positive rates at each threshold (scikit-learn's roc_curve). */
export interface RocCurve {
  /** False positive rate per threshold, from 0 up to 1. */
  fpr: Float64Array;
  tpr: Float64Array;
  /** Decreasing; the first is Infinity (no row predicted positive), as scikit-learn >= 1.3. */
  thresholds: Float64Array;
}

/**
 * ROC curve (roc_curve): points (fpr, tpr) for p >= threshold, starting at (0, 0).
 * dropIntermediate (default true, as scikit-learn) removes points on a straight segment, which do
 * not change the area or the picture. With no positives tpr is NaN; with no negatives fpr is NaN
 * (scikit-learn warns and does the same).
 *
 * @example rocCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
 * // fpr [0, 0, 0.5, 0.5, 1], tpr [0, 0.5, 0.5, 1, 1], thresholds [Infinity, 0.8, 0.4, 0.35, 0.1]
 */
export function rocCurve(y: ArrayLike<number>, p: ArrayLike<number>, options: { dropIntermediate?: boolean } = {}): RocCurve {
  options = normaliseOptions<{ dropIntermediate?: boolean }>('rocCurve', options, ['dropIntermediate']);
  const c = binaryClfCurve(y, p);
  let keep = Array.from({ length: c.tps.length }, (_, i) => i);
  if ((options.dropIntermediate ?? true) && c.tps.length > 2) {
    // np.diff(x, 2) != 0 marks a bend; the first and last points always stay.
    keep = keep.filter((i) => i === 0 || i === c.tps.length - 1
      || c.fps[i + 1] - 2 * c.fps[i] + c.fps[i - 1] !== 0 || c.tps[i + 1] - 2 * c.tps[i] + c.tps[i - 1] !== 0);
  }
  const m = keep.length + 1;
  const fpr = new Float64Array(m), tpr = new Float64Array(m), thresholds = new Float64Array(m);
  const P = c.tps.length ? c.tps[c.tps.length - 1] : 0, N = c.fps.length ? c.fps[c.fps.length - 1] : 0;
  thresholds[0] = Infinity;
  keep.forEach((i, k) => {
    fpr[k + 1] = c.fps[i] / N;
    tpr[k + 1] = c.tps[i] / P;
    thresholds[k + 1] = c.thresholds[i];
  });
  if (N === 0) fpr[0] = NaN;
  if (P === 0) tpr[0] = NaN;
  return { fpr, tpr, thresholds };
}

/** Precision and recall at each decision threshold (scikit-learn's precision_recall_curve). */
export interface PrecisionRecallCurve {
  /** One per threshold plus a final 1 (scikit-learn's convention, so the curve reaches the axis). */
  precision: Float64Array;
  /** Decreasing, ending at 0. */
  recall: Float64Array;
  /** Increasing distinct scores; one fewer than precision and recall. */
  thresholds: Float64Array;
}

/**
 * Precision-recall curve (precision_recall_curve, scikit-learn >= 1.1: every distinct score, no
 * truncation at full recall). Point i is precision and recall for p >= thresholds[i]; the last point
 * is (recall 0, precision 1). With no positives recall is 1 throughout, as scikit-learn.
 *
 * @example precisionRecallCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
 * // precision [0.5, 0.667, 0.5, 1, 1], recall [1, 1, 0.5, 0.5, 0], thresholds [0.1, 0.35, 0.4, 0.8]
 */
export function precisionRecallCurve(y: ArrayLike<number>, p: ArrayLike<number>): PrecisionRecallCurve {
  const c = binaryClfCurve(y, p);
  const k = c.tps.length;
  const P = k ? c.tps[k - 1] : 0;
  const precision = new Float64Array(k + 1), recall = new Float64Array(k + 1), thresholds = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    const j = k - 1 - i; // reversed: thresholds increasing
    precision[i] = c.tps[j] / (c.tps[j] + c.fps[j]);
    recall[i] = P === 0 ? 1 : c.tps[j] / P;
    thresholds[i] = c.thresholds[j];
  }
  precision[k] = 1;
  recall[k] = P === 0 ? 1 : 0;
  return { precision, recall, thresholds };
}

/** Reliability diagram points: mean predicted probability and observed positive rate per bin. */
export interface CalibrationCurve {
  /** Fraction of positives in each non-empty bin. */
  probTrue: Float64Array;
  /** Mean predicted probability in each non-empty bin. */
  probPred: Float64Array;
  /** Rows in each non-empty bin. */
  counts: Int32Array;
  /** The nBins + 1 bin edges (empty bins are left out of the three arrays above). */
  edges: Float64Array;
}

/**
 * Reliability curve (calibration_curve): the probabilities are cut into nBins bins (default 5);
 * per non-empty bin, the observed positive rate against the mean prediction. A calibrated model
 * lies on the diagonal. 'uniform' bins are equal widths of [0, 1], each (lo, hi] with 0 in the
 * first; 'quantile' bins hold equal numbers of rows.
 */
export function calibrationCurve(y: ArrayLike<number>, p: ArrayLike<number>, options: { nBins?: number; strategy?: 'uniform' | 'quantile' } = {}): CalibrationCurve {
  options = normaliseOptions<typeof options>('calibrationCurve', options, ['nBins', 'strategy']);
  const nBins = options.nBins ?? 5;
  if (!Number.isInteger(nBins) || nBins < 1) {
    throw new WasmlpError('BAD_OPTION', `calibrationCurve: nBins must be an integer >= 1, received ${describe(options.nBins)}.`, { option: 'nBins' });
  }
  const strategy = options.strategy ?? 'uniform';
  if (y.length !== p.length) {
    throw new WasmlpError('LENGTH_MISMATCH', `calibrationCurve: y has ${y.length} labels but p has ${p.length} probabilities.`, { option: 'p' });
  }
  for (let i = 0; i < p.length; i++) {
    if (!(p[i] >= 0 && p[i] <= 1)) {
      throw new WasmlpError('BAD_OPTION', `calibrationCurve: p[${i}] is ${describe(p[i])}; probabilities must lie in [0, 1].`, { option: 'p', row: i });
    }
  }
  let edges: Float64Array;
  if (strategy === 'uniform') {
    edges = Float64Array.from({ length: nBins + 1 }, (_, i) => i / nBins);
  } else if (strategy === 'quantile') {
    const sorted = Float64Array.from(p).sort();
    edges = Float64Array.from({ length: nBins + 1 }, (_, i) => quantile(sorted, i / nBins));
  } else {
    throw new WasmlpError('BAD_OPTION', `calibrationCurve: strategy must be 'uniform' or 'quantile', received ${describe(strategy)}.`, { option: 'strategy' });
  }
  const sums = new Float64Array(nBins), trues = new Float64Array(nBins), totals = new Int32Array(nBins);
  for (let i = 0; i < p.length; i++) {
    const b = searchLeft(edges, p[i], nBins);
    sums[b] += p[i];
    if (y[i] >= 0.5) trues[b]++;
    totals[b]++;
  }
  const probTrue: number[] = [], probPred: number[] = [], counts: number[] = [];
  for (let b = 0; b < nBins; b++) {
    if (totals[b] === 0) continue;
    probTrue.push(trues[b] / totals[b]);
    probPred.push(sums[b] / totals[b]);
    counts.push(totals[b]);
  }
  return { probTrue: Float64Array.from(probTrue), probPred: Float64Array.from(probPred), counts: Int32Array.from(counts), edges };
}

/** np.searchsorted(edges[1:-1], v, side='left'): the bin of v, with a value on an inner edge in the lower bin. */
function searchLeft(edges: Float64Array, v: number, nBins: number): number {
  let lo = 0, hi = nBins - 1; // candidates among inner edges 1..nBins-1
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (edges[mid + 1] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** numpy's default (linear) percentile on sorted values. */
function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return q;
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos), hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}
