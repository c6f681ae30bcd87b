import { normaliseOptions } from '../options.js';
/**
 * scikit-learn's classification_report: per-class precision, recall, F1 and support, then
 * accuracy and the macro and support-weighted averages, as a fixed-width text table.
 */
import { WasmlpError, describe } from '../errors.js';
import { fBetaFromCounts, precisionFromCounts, recallFromCounts } from './scores.js';

/** One class of a classification report: precision, recall, f1 and support. */
export interface ClassRow { precision: number; recall: number; f1: number; support: number }

/** The numbers behind classificationReport: one row per class plus averages. */
export interface ClassificationReportData {
  /** Class labels in row order (sorted distinct values of y and yPred unless `labels` is given). */
  labels: number[];
  /** Row names: targetNames, else the labels as text. */
  names: string[];
  perClass: ClassRow[];
  /** Share of rows predicted right; null when `labels` leaves some class out (scikit-learn then prints a micro average). */
  accuracy: number | null;
  /** Micro average over the listed labels, reported instead of accuracy when `labels` is a subset. */
  microAvg: ClassRow | null;
  macroAvg: ClassRow;
  weightedAvg: ClassRow;
}

/** Options of classificationReport: class names and number formatting. */
export interface ClassificationReportOptions {
  /** Classes to report, in order (default: sorted distinct values of y and yPred). */
  labels?: readonly number[];
  /** Display names, one per label (e.g. ['tested_negative', 'tested_positive']). */
  targetNames?: readonly string[];
  /** Decimals (default 2). */
  digits?: number;
}

/** The numbers behind classificationReport. y and yPred hold class values (0/1 for binary). */
export function classificationReportData(y: ArrayLike<number>, yPred: ArrayLike<number>, options: ClassificationReportOptions = {}): ClassificationReportData {
  options = normaliseOptions<ClassificationReportOptions>('classificationReport', options, ['labels', 'targetNames', 'digits']);
  if (!y || !yPred || y.length !== yPred.length) {
    throw new WasmlpError('LENGTH_MISMATCH', `classificationReport: y and yPred need the same length; received ${describe(y)} and ${describe(yPred)}.`, { option: 'yPred' });
  }
  const present = [...new Set([...Array.from(y), ...Array.from(yPred)])].sort((a, b) => a - b);
  const labels = options.labels ? [...options.labels] : present;
  if (labels.length === 0) throw new WasmlpError('BAD_OPTION', 'classificationReport: no classes to report (y is empty).', { option: 'y' });
  if (options.targetNames && options.targetNames.length !== labels.length) {
    throw new WasmlpError('BAD_OPTION', `classificationReport: targetNames has ${options.targetNames.length} names for ${labels.length} classes (${labels.join(', ')}).`, { option: 'targetNames' });
  }
  const names = options.targetNames ? [...options.targetNames] : labels.map(String);
  let micro = { tp: 0, fp: 0, fn: 0, tn: 0 };
  const perClass = labels.map((c) => {
    let tp = 0, fp = 0, fn = 0;
    for (let i = 0; i < y.length; i++) {
      const a = y[i] === c, p = yPred[i] === c;
      if (a && p) tp++;
      else if (p) fp++;
      else if (a) fn++;
    }
    const counts = { tp, fp, fn, tn: 0 };
    micro = { tp: micro.tp + tp, fp: micro.fp + fp, fn: micro.fn + fn, tn: 0 };
    return { precision: precisionFromCounts(counts), recall: recallFromCounts(counts), f1: fBetaFromCounts(counts), support: tp + fn };
  });
  const total = perClass.reduce((s, r) => s + r.support, 0);
  const avg = (weight: (r: ClassRow) => number, den: number): ClassRow => ({
    precision: den ? perClass.reduce((s, r) => s + weight(r) * r.precision, 0) / den : 0,
    recall: den ? perClass.reduce((s, r) => s + weight(r) * r.recall, 0) / den : 0,
    f1: den ? perClass.reduce((s, r) => s + weight(r) * r.f1, 0) / den : 0,
    support: total,
  });
  // scikit-learn shows 'accuracy' when the labels cover every class in y and yPred; else 'micro avg'.
  const coversAll = present.every((c) => labels.includes(c));
  let correct = 0;
  for (let i = 0; i < y.length; i++) if (y[i] === yPred[i]) correct++;
  const microRow = { precision: precisionFromCounts(micro), recall: recallFromCounts(micro), f1: fBetaFromCounts(micro), support: total };
  return {
    labels, names, perClass,
    accuracy: coversAll ? (y.length ? correct / y.length : 0) : null,
    microAvg: coversAll ? null : microRow,
    macroAvg: avg(() => 1, perClass.length),
    weightedAvg: avg((r) => r.support, total),
  };
}

/**
 * The text table, laid out as scikit-learn's classification_report (same widths and headings).
 *
 * @example
 * console.log(classificationReport([0, 1, 2, 2, 2], [0, 0, 2, 2, 1], { targetNames: ['class 0', 'class 1', 'class 2'] }));
 * //               precision    recall  f1-score   support
 * //
 * //      class 0       0.50      1.00      0.67         1
 * //      class 1       0.00      0.00      0.00         1
 * //      class 2       1.00      0.67      0.80         3
 * //
 * //     accuracy                           0.60         5
 * //    macro avg       0.50      0.56      0.49         5
 * // weighted avg       0.70      0.60      0.61         5
 */
export function classificationReport(y: ArrayLike<number>, yPred: ArrayLike<number>, options: ClassificationReportOptions = {}): string {
  options = normaliseOptions<ClassificationReportOptions>('classificationReport', options, ['labels', 'targetNames', 'digits']);
  const digits = options.digits ?? 2;
  if (!Number.isInteger(digits) || digits < 0 || digits > 20) {
    throw new WasmlpError('BAD_OPTION', `classificationReport: digits must be an integer in [0, 20], received ${describe(options.digits)}.`, { option: 'digits' });
  }
  const d = classificationReportData(y, yPred, options);
  const width = Math.max(...d.names.map((n) => n.length), 'weighted avg'.length, digits);
  const name = (s: string) => s.padStart(width);
  const num = (v: number) => ' ' + v.toFixed(digits).padStart(9);
  const int = (v: number) => ' ' + String(v).padStart(9);
  const row = (label: string, r: ClassRow) => `${name(label)} ${num(r.precision)}${num(r.recall)}${num(r.f1)}${int(r.support)}\n`;
  let out = `${name('')} ${['precision', 'recall', 'f1-score', 'support'].map((h) => ' ' + h.padStart(9)).join('')}\n\n`;
  d.perClass.forEach((r, i) => (out += row(d.names[i], r)));
  out += '\n';
  if (d.accuracy !== null) out += `${name('accuracy')} ${' '.repeat(20)}${num(d.accuracy)}${int(d.macroAvg.support)}\n`;
  else if (d.microAvg) out += row('micro avg', d.microAvg);
  out += row('macro avg', d.macroAvg);
  out += row('weighted avg', d.weightedAvg);
  return out;
}
