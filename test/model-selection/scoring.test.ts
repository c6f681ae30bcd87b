import { describe, expect, it } from 'vitest';
import { getScorer, SCORING_NAMES } from '../../src/metrics/scoring.js';
import { expectWasmlpError } from '../helpers/expect-error.js';

const m = (rows: number[][]) => ({ data: Float32Array.from(rows.flat()), rows: rows.length, cols: rows[0].length });
const s = (name: string, y: number[], p: number[][]) => getScorer(name).score(y, m(p));

describe('scoring names (hand-computed, scikit-learn definitions)', () => {
  // y: 1 1 1 0 0 0 0 0 ; positive-class probabilities below; p > 0.5 predicts 1 -> TP 2, FN 1, FP 1, TN 4
  const y = [1, 1, 1, 0, 0, 0, 0, 0];
  const p1 = [0.9, 0.8, 0.3, 0.6, 0.2, 0.1, 0.4, 0.05];
  const p = p1.map((v) => [1 - v, v]);

  it('binary: accuracy, balancedAccuracy, precision, recall, f1', () => {
    expect(s('accuracy', y, p)).toBeCloseTo(6 / 8, 12);
    expect(s('balancedAccuracy', y, p)).toBeCloseTo((2 / 3 + 4 / 5) / 2, 12);
    expect(s('precision', y, p)).toBeCloseTo(2 / 3, 12);
    expect(s('recall', y, p)).toBeCloseTo(2 / 3, 12);
    expect(s('f1', y, p)).toBeCloseTo(2 / 3, 12);
  });

  it('binary rocAuc counts ordered pairs; logLoss is the mean -log p(true class)', () => {
    // positives 0.9, 0.8, 0.3 vs negatives 0.6 0.2 0.1 0.4 0.05: pairs won 5 + 5 + 3 = 13 of 15
    expect(s('rocAuc', y, p)).toBeCloseTo(13 / 15, 12);
    const expected = -y.reduce((a, t, i) => a + Math.log(t ? Math.fround(p1[i]) : Math.fround(1 - p1[i])), 0) / y.length;
    expect(s('logLoss', y, p)).toBeCloseTo(expected, 6);
    expect(getScorer('logLoss').greaterIsBetter).toBe(false);
    expect(s('logLoss', [1], [[1, 0]])).toBeCloseTo(-Math.log(1e-15), 6); // clipped, not Infinity
  });

  it('multi-class: argmax accuracy, macro precision/recall/f1, one-vs-rest rocAuc', () => {
    const yc = [0, 1, 2, 2];
    const pc = [[0.8, 0.1, 0.1], [0.2, 0.7, 0.1], [0.1, 0.6, 0.3], [0.1, 0.1, 0.8]];
    expect(s('accuracy', yc, pc)).toBe(0.75);
    // recall per class: 1, 1, 0.5 ; precision per class: 1, 0.5, 1
    expect(s('recall', yc, pc)).toBeCloseTo(2.5 / 3, 12);
    expect(s('balancedAccuracy', yc, pc)).toBeCloseTo(2.5 / 3, 12);
    expect(s('precision', yc, pc)).toBeCloseTo(2.5 / 3, 12);
    expect(s('f1', yc, pc)).toBeCloseTo((1 + 2 / 3 + 2 / 3) / 3, 12);
    expect(s('rocAuc', yc, pc)).toBeCloseTo(1, 12);
  });

  it('accepts scikit-learn spellings and lists valid names for unknown ones', async () => {
    expect(getScorer('roc_auc').name).toBe('rocAuc');
    expect(getScorer('balanced_accuracy').name).toBe('balancedAccuracy');
    expect(getScorer('neg_log_loss').name).toBe('logLoss');
    await expectWasmlpError(() => getScorer('auroc'), 'UNKNOWN_SCORING', ['"auroc"', SCORING_NAMES.join(', ')], { option: 'scoring' });
  });
});
