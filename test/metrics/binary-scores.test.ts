import { describe, expect, it } from 'vitest';
import {
  averagePrecision, balancedAccuracy, brierScore, f1, fBeta, logLoss, matthewsCorrcoef, prAuc, precision, recall,
} from '../../src/metrics/binary-scores.js';
import { rocAuc } from '../../src/metrics/scores.js';
import { expectWasmlpError } from '../helpers/expect-error.js';

// y and p from test/metrics/scores.test.ts: at 0.5, tp 3, fp 1, tn 3, fn 1.
const y = [1, 0, 1, 1, 0, 0, 1, 0];
const p = [0.9, 0.2, 0.4, 0.8, 0.6, 0.1, 0.7, 0.5];

describe('binary scores against hand-computed values', () => {
  it('threshold scores at 0.5 and at another threshold', () => {
    expect(balancedAccuracy(y, p)).toBe(0.75);
    expect(matthewsCorrcoef(y, p)).toBe(0.5); // (3·3 − 1·1) / √(4·4·4·4)
    expect(precision(y, p)).toBe(0.75);
    expect(recall(y, p)).toBe(0.75);
    expect(f1(y, p)).toBe(0.75);
    // At 0.3: tp 4, fp 2, tn 2, fn 0.
    expect(balancedAccuracy(y, p, 0.3)).toBe((1 + 0.5) / 2);
    expect(matthewsCorrcoef(y, p, 0.3)).toBeCloseTo((4 * 2 - 0) / Math.sqrt(6 * 4 * 4 * 2), 14);
    expect(fBeta(y, p, 2, 0.3)).toBeCloseTo((5 * 4) / (5 * 4 + 0 + 2), 14);
    expect(fBeta(y, p, 0.5, 0.3)).toBeCloseTo((1.25 * 4) / (1.25 * 4 + 0 + 2), 14);
  });

  it('average precision is the step sum over distinct scores', () => {
    // Ranked: 1 1 1 0 0 1 0 0 -> recall steps of 1/4 at precision 1, 1, 1, then 4/6.
    expect(prAuc(y, p)).toBeCloseTo(0.75 + 0.25 * (4 / 6), 14);
    expect(averagePrecision).toBe(prAuc);
  });

  it('probability scores in float64', () => {
    const ll = -[0.9, 0.8, 0.4, 0.8, 0.4, 0.9, 0.7, 0.5].reduce((s, q) => s + Math.log(q), 0) / 8;
    expect(logLoss(y, p)).toBeCloseTo(ll, 14);
    expect(brierScore(y, p)).toBeCloseTo((0.01 + 0.04 + 0.36 + 0.04 + 0.36 + 0.01 + 0.09 + 0.25) / 8, 14);
  });

  it('ties: tied scores are one step', () => {
    expect(prAuc([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5])).toBe(0.5);
    // Groups 0.8 {1, 0}, 0.3 {1}, 0.1 {0}: 1/2 · 1/2 + 1/2 · 2/3.
    expect(prAuc([1, 0, 1, 0], [0.8, 0.8, 0.3, 0.1])).toBeCloseTo(0.25 + 1 / 3, 14);
    // 0.5 is not > 0.5: everything negative.
    expect(balancedAccuracy([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5])).toBe(0.5);
    expect(matthewsCorrcoef([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5])).toBe(0);
  });

  it('perfect and inverted predictions', () => {
    const yy = [0, 0, 1, 1];
    expect(balancedAccuracy(yy, [0.1, 0.2, 0.8, 0.9])).toBe(1);
    expect(matthewsCorrcoef(yy, [0.1, 0.2, 0.8, 0.9])).toBe(1);
    expect(prAuc(yy, [0.1, 0.2, 0.8, 0.9])).toBe(1);
    expect(brierScore(yy, [0, 0, 1, 1])).toBe(0);
    expect(balancedAccuracy(yy, [0.9, 0.8, 0.2, 0.1])).toBe(0);
    expect(matthewsCorrcoef(yy, [0.9, 0.8, 0.2, 0.1])).toBe(-1);
    expect(prAuc(yy, [0.9, 0.8, 0.2, 0.1])).toBeCloseTo(0.5 * (1 / 3) + 0.5 * 0.5, 14);
    expect(brierScore(yy, [1, 1, 0, 0])).toBe(1);
    // Confidently wrong costs −log(1e−15), not Infinity.
    expect(logLoss([1], [0])).toBeCloseTo(-Math.log(1e-15), 10);
    expect(logLoss([0], [1])).toBeCloseTo(-Math.log(1 - (1 - 1e-15)), 10); // 1 − 1e−15 rounds in float64
  });

  it('all one class', () => {
    expect(balancedAccuracy([1, 1, 1], [0.9, 0.2, 0.7])).toBeCloseTo(2 / 3, 14);
    expect(balancedAccuracy([0, 0, 0], [0.9, 0.2, 0.7])).toBeCloseTo(1 / 3, 14);
    expect(matthewsCorrcoef([1, 1, 1], [0.9, 0.2, 0.7])).toBe(0);
    expect(prAuc([1, 1, 1], [0.9, 0.2, 0.7])).toBe(1);
    expect(prAuc([0, 0, 0], [0.9, 0.2, 0.7])).toBe(0); // scikit-learn: 0 with a warning
    expect(precision([0, 0], [0.1, 0.2])).toBe(0);
    expect(fBeta([0, 0], [0.1, 0.2], 2)).toBe(0);
    expect(balancedAccuracy([], [])).toBe(0);
  });

  it("scikit-learn's documented examples", () => {
    // balanced_accuracy_score([0, 1, 0, 0, 1, 0], [0, 1, 0, 0, 0, 1]) == 0.625
    expect(balancedAccuracy([0, 1, 0, 0, 1, 0], [0, 1, 0, 0, 0, 1])).toBe(0.625);
    // matthews_corrcoef([+1, +1, +1, -1], [+1, -1, +1, +1]) == -0.33...
    expect(matthewsCorrcoef([1, 1, 1, 0], [1, 0, 1, 1])).toBeCloseTo(-1 / 3, 14);
    // average_precision_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == 0.83...
    expect(prAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBeCloseTo(5 / 6, 14);
    // brier_score_loss([0, 1, 1, 0], [0.1, 0.9, 0.8, 0.3]) == 0.0375
    expect(brierScore([0, 1, 1, 0], [0.1, 0.9, 0.8, 0.3])).toBeCloseTo(0.0375, 15);
    // log_loss(['spam', 'ham', 'ham', 'spam'], [[.1, .9], [.9, .1], [.8, .2], [.35, .65]]) == 0.21616...
    expect(logLoss([1, 0, 0, 1], [0.9, 0.1, 0.2, 0.65])).toBeCloseTo(0.21616187468057912, 12);
    // roc_auc_score stays in scores.ts; AP differs from it.
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBe(0.75);
  });

  it('float32 probabilities are read exactly', () => {
    const p32 = Float32Array.from(p);
    expect(brierScore(y, p32)).toBeCloseTo(brierScore(y, p), 6);
    expect(prAuc(y, p32)).toBe(prAuc(y, p));
  });

  it('errors name the call and the fix', async () => {
    await expectWasmlpError(() => balancedAccuracy([0, 1], [0.5]), 'LENGTH_MISMATCH', ['balancedAccuracy']);
    await expectWasmlpError(() => fBeta([0, 1], [0.2, 0.8], 0), 'BAD_OPTION', ['beta', 'recall']);
  });
});
