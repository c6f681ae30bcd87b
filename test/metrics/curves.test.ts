import { describe, expect, it } from 'vitest';
import { binaryClfCurve, calibrationCurve, precisionRecallCurve, rocCurve } from '../../src/metrics/curves.js';
import { rocAuc } from '../../src/metrics/scores.js';
import { prAuc } from '../../src/metrics/binary-scores.js';
import { expectWasmlpError } from '../helpers/expect-error.js';

const arr = (a: ArrayLike<number>) => Array.from(a);

describe('curves', () => {
  it("roc_curve's documented example", () => {
    const r = rocCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
    expect(arr(r.fpr)).toEqual([0, 0, 0.5, 0.5, 1]);
    expect(arr(r.tpr)).toEqual([0, 0.5, 0.5, 1, 1]);
    expect(arr(r.thresholds)).toEqual([Infinity, 0.8, 0.4, 0.35, 0.1]);
  });

  it('roc drops collinear points, keeps them on request; trapezoid area equals rocAuc', () => {
    const y = [1, 1, 1, 0, 0, 1, 0, 0], p = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.2, 0.1];
    const all = rocCurve(y, p, { dropIntermediate: false });
    expect(all.fpr.length).toBe(9);
    const r = rocCurve(y, p);
    // As scikit-learn: the first count point (0, 1/4) stays; (0, 1/2), (1/4, 3/4) and (3/4, 1) lie on
    // straight segments and go; (0, 0) is prepended after dropping.
    expect(arr(r.tpr)).toEqual([0, 0.25, 0.75, 0.75, 1, 1]);
    expect(arr(r.fpr)).toEqual([0, 0, 0, 0.5, 0.5, 1]);
    let area = 0;
    for (let i = 1; i < r.fpr.length; i++) area += ((r.fpr[i] - r.fpr[i - 1]) * (r.tpr[i] + r.tpr[i - 1])) / 2;
    expect(area).toBeCloseTo(rocAuc(y, p), 14);
  });

  it('ties form one point; one class gives NaN rates as scikit-learn', () => {
    const r = rocCurve([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5]);
    expect(arr(r.fpr)).toEqual([0, 1]);
    expect(arr(r.tpr)).toEqual([0, 1]);
    const c = binaryClfCurve([1, 0, 1, 0], [0.8, 0.8, 0.3, 0.1]);
    expect(arr(c.thresholds)).toEqual([0.8, 0.3, 0.1]);
    expect(arr(c.tps)).toEqual([1, 2, 2]);
    expect(arr(c.fps)).toEqual([1, 1, 2]);
    expect(rocCurve([1, 1], [0.2, 0.7]).fpr.every(Number.isNaN)).toBe(true);
    expect(rocCurve([0, 0], [0.2, 0.7]).tpr.every(Number.isNaN)).toBe(true);
  });

  it("precision_recall_curve's documented example", () => {
    const c = precisionRecallCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
    expect(arr(c.precision).map((v) => +v.toFixed(8))).toEqual([0.5, 0.66666667, 0.5, 1, 1]);
    expect(arr(c.recall)).toEqual([1, 1, 0.5, 0.5, 0]);
    expect(arr(c.thresholds)).toEqual([0.1, 0.35, 0.4, 0.8]);
  });

  it('precision-recall step sum equals prAuc; no positives gives recall 1', () => {
    const y = [1, 0, 1, 1, 0, 0, 1, 0], p = [0.9, 0.2, 0.4, 0.8, 0.6, 0.1, 0.7, 0.5];
    const c = precisionRecallCurve(y, p);
    let ap = 0;
    for (let i = 0; i < c.thresholds.length; i++) ap += (c.recall[i] - c.recall[i + 1]) * c.precision[i];
    expect(ap).toBeCloseTo(prAuc(y, p), 14);
    const none = precisionRecallCurve([0, 0], [0.3, 0.6]);
    expect(arr(none.recall)).toEqual([1, 1, 1]);
    expect(arr(none.precision)).toEqual([0, 0, 1]);
  });

  it("calibration_curve's documented example (3 uniform bins)", () => {
    const c = calibrationCurve([0, 0, 0, 0, 1, 1, 1, 1, 1], [0.1, 0.2, 0.3, 0.4, 0.65, 0.7, 0.8, 0.9, 1.0], { nBins: 3 });
    expect(arr(c.probTrue)).toEqual([0, 0.5, 1]);
    expect(arr(c.probPred).map((v) => +v.toFixed(12))).toEqual([0.2, 0.525, 0.85]);
    expect(arr(c.counts)).toEqual([3, 2, 4]);
  });

  it('calibration bins are (lo, hi] with 0 in the first; empty bins are left out', () => {
    const c = calibrationCurve([0, 1, 1, 0], [0, 0.2, 0.2000001, 1], { nBins: 5 });
    expect(arr(c.counts)).toEqual([2, 1, 1]);
    expect(arr(c.probTrue)).toEqual([0.5, 1, 0]);
    const q = calibrationCurve([0, 0, 1, 1], [0.1, 0.2, 0.3, 0.9], { nBins: 2, strategy: 'quantile' });
    expect(arr(q.counts)).toEqual([2, 2]);
    expect(arr(q.edges).map((v) => +v.toFixed(12))).toEqual([0.1, 0.25, 0.9]);
  });

  it('errors', async () => {
    await expectWasmlpError(() => calibrationCurve([0], [1.5]), 'BAD_OPTION', ['[0, 1]'], { row: 0 });
    await expectWasmlpError(() => calibrationCurve([0], [0.5], { nBins: 0 }), 'BAD_OPTION', ['nBins']);
    await expectWasmlpError(() => rocCurve([0, 1], [0.5]), 'LENGTH_MISMATCH');
  });
});
