import { describe, expect, it } from 'vitest';
import {
  binaryAccuracy, binaryCounts, classAccuracy, confusionMatrix, fBetaFromCounts, macroScores, precisionFromCounts,
  recallFromCounts, rocAuc, subsetAccuracy,
} from '../../src/metrics/scores.js';
import { resolveMetrics, taskOf } from '../../src/metrics/resolve.js';

describe('scores against hand-computed values', () => {
  const y = [1, 0, 1, 1, 0, 0, 1, 0];
  const p = [0.9, 0.2, 0.4, 0.8, 0.6, 0.1, 0.7, 0.5];

  it('binary counts, precision, recall, F1 at a threshold (p > t is positive)', () => {
    // Predicted positive at 0.5: rows 0, 3, 4, 6 (0.5 itself is not > 0.5).
    expect(binaryCounts(y, p)).toEqual({ tp: 3, fp: 1, tn: 3, fn: 1 });
    const c = binaryCounts(y, p);
    expect(precisionFromCounts(c)).toBe(0.75);
    expect(recallFromCounts(c)).toBe(0.75);
    expect(fBetaFromCounts(c)).toBe(0.75);
    expect(binaryAccuracy(y, p)).toBe(0.75);
    expect(binaryCounts(y, p, 0.3)).toEqual({ tp: 4, fp: 2, tn: 2, fn: 0 });
    expect(fBetaFromCounts({ tp: 2, fp: 2, fn: 0, tn: 0 }, 2)).toBeCloseTo((5 * 2) / (5 * 2 + 0 + 2), 12);
  });

  it('degenerate cases are 0, not NaN (scikit-learn zero_division=0)', () => {
    const none = binaryCounts([0, 0], [0.1, 0.2]);
    expect(precisionFromCounts(none)).toBe(0);
    expect(recallFromCounts(none)).toBe(0);
    expect(fBetaFromCounts(none)).toBe(0);
  });

  it('exact ROC AUC with ties equals the Mann-Whitney statistic', () => {
    expect(rocAuc(y, p)).toBeCloseTo(14 / 16, 12); // 14 of 16 positive-negative pairs ordered right
    expect(rocAuc([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5])).toBe(0.5);
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBe(0.75); // sklearn's documented example
    expect(rocAuc([1, 1, 0, 0], [0.9, 0.8, 0.2, 0.1])).toBe(1);
    expect(rocAuc([1, 1, 0, 0], [0.1, 0.2, 0.8, 0.9])).toBe(0);
    expect(rocAuc([1, 1, 1], [0.1, 0.2, 0.3])).toBeNaN();
  });

  it('class accuracy, subset accuracy and the confusion matrix', () => {
    expect(classAccuracy([0, 2, 1], [0.8, 0.1, 0.1, 0.2, 0.3, 0.5, 0.6, 0.3, 0.1], 3)).toBeCloseTo(2 / 3, 12);
    expect(subsetAccuracy([1, 0, 1, 1], [0.9, 0.2, 0.6, 0.4], 2)).toBe(0.5);
    const cm = confusionMatrix([0, 0, 1, 2, 2, 2], [0, 1, 1, 2, 0, 2]);
    expect(cm).toEqual([[1, 1, 0], [0, 1, 0], [1, 0, 2]]);
    const macro = macroScores(cm);
    expect(macro.precision).toBeCloseTo((0.5 + 0.5 + 1) / 3, 12);
    expect(macro.recall).toBeCloseTo((0.5 + 1 + 2 / 3) / 3, 12);
  });
});

describe("'accuracy' resolves from the output and the loss", () => {
  const names = (act: 'sigmoid' | 'softmax' | 'linear', units: number, loss: Parameters<typeof taskOf>[2]) =>
    resolveMetrics(['accuracy'], taskOf(act, units, loss)).map((m) => m.name);
  it('names what it computes', () => {
    expect(names('sigmoid', 1, 'binaryCrossentropy')).toEqual(['binaryAccuracy']);
    expect(names('sigmoid', 4, 'binaryCrossentropy')).toEqual(['binaryAccuracy', 'subsetAccuracy']);
    expect(names('softmax', 3, 'categoricalCrossentropy')).toEqual(['categoricalAccuracy']);
    expect(names('softmax', 3, 'sparseCategoricalCrossentropy')).toEqual(['sparseCategoricalAccuracy']);
    expect(() => names('linear', 1, 'meanSquaredError')).toThrow(/regression/);
  });
});
