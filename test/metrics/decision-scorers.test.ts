import { describe, expect, it } from 'vitest';
import { getScorer, getScorers } from '../../src/metrics/scoring.js';
import { brierScore, matthewsCorrcoef, prAuc } from '../../src/metrics/binary-scores.js';
import type { Matrix } from '../../src/data/matrix.js';

const binary = (p: number[]): Matrix => ({ data: Float32Array.from(p.flatMap((v) => [1 - v, v])), rows: p.length, cols: 2 });
const oneHot = (ids: number[], k: number): Matrix => ({ data: Float32Array.from(ids.flatMap((c) => Array.from({ length: k }, (_, j) => (j === c ? 1 : 0)))), rows: ids.length, cols: k });

describe('imbalance scores as scoring names', () => {
  const y = [1, 0, 1, 1, 0, 0, 1, 0];
  const p = [0.875, 0.25, 0.375, 0.75, 0.625, 0.125, 0.625, 0.5]; // exact in float32

  it('matthewsCorrcoef, prAuc and brierScore agree with the array scores; names and aliases resolve', () => {
    expect(getScorer('matthewsCorrcoef').score(y, binary(p))).toBeCloseTo(matthewsCorrcoef(y, p), 12);
    expect(getScorer('prAuc').score(y, binary(p))).toBeCloseTo(prAuc(y, p), 12);
    expect(getScorer('brierScore').score(y, binary(p))).toBeCloseTo(brierScore(y, p), 12);
    expect(getScorer('brierScore').greaterIsBetter).toBe(false);
    expect(getScorer('prAuc').greaterIsBetter).toBe(true);
    expect(getScorer('average_precision').name).toBe('prAuc');
    expect(getScorer('neg_brier_score').name).toBe('brierScore');
    expect(getScorer('mcc').name).toBe('matthewsCorrcoef');
    expect(getScorer('matthews_corrcoef').name).toBe('matthewsCorrcoef');
    expect(getScorers(['balancedAccuracy', 'f1', 'prAuc', 'brierScore']).map((s) => s.name)).toEqual(['balancedAccuracy', 'f1', 'prAuc', 'brierScore']);
  });

  it('multi-class: general MCC, macro average precision, Brier sum', () => {
    // y 0 1 2 0 1 2, predicted 0 1 1 0 1 2: c = 5, s = 6, p = (2, 3, 1), t = (2, 2, 2)
    // (5·6 − 12) / √((36 − 14)(36 − 12)) = 18 / √528
    const yy = [0, 1, 2, 0, 1, 2];
    expect(getScorer('matthewsCorrcoef').score(yy, oneHot([0, 1, 1, 0, 1, 2], 3))).toBeCloseTo(18 / Math.sqrt(528), 12);
    expect(getScorer('prAuc').score(yy, oneHot(yy, 3))).toBe(1);
    expect(getScorer('brierScore').score(yy, oneHot([0, 1, 1, 0, 1, 2], 3))).toBeCloseTo(2 / 6, 12);
  });

  it('a threshold attached to the probabilities moves every threshold score', () => {
    const at = (t: number): Matrix => Object.assign(binary(p), { threshold: t });
    // p > 0.3: predicted 1 for rows 0, 2, 3, 4, 6, 7 -> tp 4, fp 2, tn 2, fn 0.
    expect(getScorer('recall').score(y, at(0.3))).toBe(1);
    expect(getScorer('precision').score(y, at(0.3))).toBeCloseTo(4 / 6, 12);
    expect(getScorer('balancedAccuracy').score(y, at(0.3))).toBeCloseTo(0.75, 12);
    expect(getScorer('accuracy').score(y, at(0.3))).toBeCloseTo(6 / 8, 12);
    expect(getScorer('matthewsCorrcoef').score(y, at(0.3))).toBeCloseTo(matthewsCorrcoef(y, p, 0.3), 12);
    // Ranking scores ignore it.
    expect(getScorer('prAuc').score(y, at(0.3))).toBe(getScorer('prAuc').score(y, binary(p)));
    expect(getScorer('recall').score(y, binary(p))).toBe(0.75);
  });
});
