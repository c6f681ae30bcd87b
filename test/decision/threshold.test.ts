import { describe, expect, it } from 'vitest';
import { chooseThreshold, tuneThreshold, TunedThresholdClassifier } from '../../src/decision/threshold.js';
import { takeRows, toMatrix, type Matrix, type MatrixLike } from '../../src/data/matrix.js';
import { StratifiedKFold } from '../../src/model-selection/stratified-kfold.js';
import type { ProbabilisticClassifier } from '../../src/decision/classifier-like.js';
import { expectWasmlpError } from '../helpers/expect-error.js';

describe('chooseThreshold on fixed vectors', () => {
  // Ranked by score: 0.9 P, 0.8 P, 0.7 N, 0.6 P, 0.4 N, 0.3 P, 0.2 N, 0.1 N  (4 P, 4 N)
  const y = [1, 1, 0, 1, 0, 1, 0, 0];
  const p = [0.9, 0.8, 0.7, 0.6, 0.4, 0.3, 0.2, 0.1];

  it('f1, balanced accuracy and Youden by hand', () => {
    // Cut after 0.6: tp 3, fp 1 -> F1 = 6/8 = 0.75; after 0.3: tp 4, fp 2 -> F1 = 8/10 = 0.8 (best).
    const f = chooseThreshold(y, p, 'f1');
    expect(f.threshold).toBeCloseTo(0.25, 12); // halfway between 0.3 and 0.2
    expect(f.score).toBeCloseTo(0.8, 12);
    expect([f.precision, f.recall]).toEqual([4 / 6, 1]);
    // Balanced accuracy: after 0.8 (2/4 + 4/4)/2 = .75, after 0.6 (3/4 + 3/4)/2 = .75, after 0.3 (1 + 2/4)/2 = .75:
    // ties keep the highest threshold, 0.75.
    const b = chooseThreshold(y, p, 'balancedAccuracy');
    expect(b.threshold).toBeCloseTo(0.75, 12);
    expect(b.score).toBeCloseTo(0.75, 12);
    const j = chooseThreshold(y, p, 'youden');
    expect(j.threshold).toBe(b.threshold);
    expect(j.score).toBeCloseTo(0.5, 12);
    expect(j.candidates.length).toBe(8);
    expect(j.candidates[7]).toBeCloseTo(0.05, 12); // below the lowest score: everything positive
  });

  it('precision and recall floors', () => {
    // Precision >= 0.75 allows cuts down to 0.6 (tp 3, fp 1): best recall 3/4.
    const a = chooseThreshold(y, p, { minPrecision: 0.75 });
    expect(a.threshold).toBeCloseTo(0.5, 12);
    expect(a.score).toBe(0.75);
    // Recall >= 1 needs the cut below 0.3: precision 4/6.
    const r = chooseThreshold(y, p, { minRecall: 1 });
    expect(r.threshold).toBeCloseTo(0.25, 12);
    expect(r.score).toBeCloseTo(4 / 6, 12);
    // Recall >= 0.5: the cut after 0.8 has precision 1.
    expect(chooseThreshold(y, p, { minRecall: 0.5 }).threshold).toBeCloseTo(0.75, 12);
  });

  it('ties, perfect and inverted scores', () => {
    const tied = chooseThreshold([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5], 'f1');
    expect(tied.candidates.length).toBe(1);
    expect(tied.threshold).toBeCloseTo(0.25, 12);
    expect(chooseThreshold([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9], 'balancedAccuracy')).toMatchObject({ threshold: 0.5, score: 1 });
    // Inverted: the best F1 is to call everything positive (2·2/(2·2 + 2) = 2/3).
    const inv = chooseThreshold([0, 0, 1, 1], [0.9, 0.8, 0.2, 0.1], 'f1');
    expect(inv.score).toBeCloseTo(2 / 3, 12);
    expect(inv.threshold).toBeCloseTo(0.05, 12);
  });

  it('errors: one class, unreachable floor, bad metric', async () => {
    await expectWasmlpError(() => chooseThreshold([1, 1], [0.2, 0.3]), 'NOT_BINARY', ['both classes']);
    await expectWasmlpError(() => chooseThreshold([0, 0, 1, 1], [0.9, 0.8, 0.2, 0.1], { minPrecision: 0.9 }), 'UNREACHABLE_CONSTRAINT', ['0.5000', 'Lower minPrecision']);
    await expectWasmlpError(() => chooseThreshold([0, 1], [0.2, 0.3], 'accuracy' as never), 'BAD_OPTION', ['youden', 'minRecall'], { option: 'metric' });
  });
});

/**
 * A spy: column 0 holds the row id, column 1 a score. It records every id it is fitted or
 * predicted on (through its clones too) and predicts sigmoid(score).
 */
class Spy implements ProbabilisticClassifier {
  constructor(readonly seen: { fit: Set<number>; predict: Set<number> }) {}
  fitted = false;
  async fit(x: MatrixLike, _y: ArrayLike<number>): Promise<this> {
    const m = toMatrix(x, 'x');
    for (let r = 0; r < m.rows; r++) this.seen.fit.add(m.data[r * m.cols]);
    this.fitted = true;
    return this;
  }
  predictProba(x: MatrixLike): Matrix {
    const m = toMatrix(x, 'x');
    const data = new Float32Array(m.rows);
    for (let r = 0; r < m.rows; r++) {
      this.seen.predict.add(m.data[r * m.cols]);
      data[r] = 1 / (1 + Math.exp(-m.data[r * m.cols + 1]));
    }
    return { data, rows: m.rows, cols: 1 };
  }
  clone(): Spy { return new Spy(this.seen); }
  dispose(): void { this.fitted = false; }
}

describe('tuneThreshold never sees test rows', () => {
  const n = 120;
  const y = Int32Array.from({ length: n }, (_, i) => (i % 4 === 0 ? 1 : 0));
  const x: Matrix = { data: new Float32Array(n * 2), rows: n, cols: 2 };
  for (let i = 0; i < n; i++) { x.data[2 * i] = i; x.data[2 * i + 1] = (y[i] ? 1 : -1) + Math.sin(i * 12.9898) * 2; }

  it('inside each outer fold, fitting and predicting touch only that fold\'s training rows', async () => {
    const outer = [...new StratifiedKFold({ nSplits: 4, shuffle: true, seed: 3 }).split(x, y)];
    for (const { train, test } of outer) {
      const seen = { fit: new Set<number>(), predict: new Set<number>() };
      const tuned = await tuneThreshold(new Spy(seen), takeRows(x, train), Array.from(train, (i) => y[i]), { metric: 'f1', cv: 3, seed: 1 });
      const trainIds = new Set(train);
      for (const id of [...seen.fit, ...seen.predict]) expect(trainIds.has(id), `row ${id} seen in tuning`).toBe(true);
      expect(seen.fit.size).toBe(train.length); // refit on all training rows
      expect(seen.predict.size).toBe(train.length); // each training row predicted out-of-fold
      expect(tuned.threshold).toBeGreaterThan(0);
      // Only now the test rows reach the model.
      tuned.predict(takeRows(x, test));
      expect([...test].every((id) => seen.predict.has(id))).toBe(true);
    }
  });

  it('stores the threshold; predict, predictClasses and predictProba follow it; score at it', async () => {
    const seen = { fit: new Set<number>(), predict: new Set<number>() };
    const tuned = await tuneThreshold(new Spy(seen), x, y, { metric: { minRecall: 1 }, cv: 4, seed: 2 });
    const t = tuned.threshold!;
    const proba = tuned.predictProba(x);
    expect(proba.threshold).toBe(t);
    const classes = tuned.predict(x);
    for (let r = 0; r < n; r++) expect(classes[r]).toBe(proba.data[2 * r + 1] > t ? 1 : 0);
    expect(tuned.predictClasses(x)).toEqual(classes);
    expect(tuned.score(x, y, 'recall')).toBe(1);
    tuned.threshold = 0.999;
    expect(tuned.score(x, y, 'recall')).toBeLessThan(1);
    expect(tuned.outOfFold!.proba.length).toBe(n);
    expect(tuned.clone().threshold).toBeNull();
    tuned.dispose();
    await expectWasmlpError(() => tuned.predict(x), 'NOT_FITTED', ['fit(x, y) before predict']);
  });

  it('option errors', async () => {
    const spy = new Spy({ fit: new Set(), predict: new Set() });
    await expectWasmlpError(() => new TunedThresholdClassifier(spy, { cv: 1 }), 'BAD_OPTION', ['cv'], { option: 'cv' });
    await expectWasmlpError(() => new TunedThresholdClassifier(spy, { thresholds: 3 } as never), 'BAD_OPTION', ["Unknown TunedThresholdClassifier option 'thresholds'"]);
    await expectWasmlpError(() => new TunedThresholdClassifier({} as never), 'BAD_OPTION', ['clone']);
    await expectWasmlpError(() => tuneThreshold(spy, x, new Int32Array(n).fill(1)), 'NOT_BINARY', ['two classes']);
  });
});
