import { describe, expect, it } from 'vitest';
import { CalibratedClassifier, IsotonicCalibrator, SigmoidCalibrator } from '../../src/decision/calibration.js';
import { brierScore } from '../../src/metrics/binary-scores.js';
import { takeRows, toMatrix, type Matrix, type MatrixLike } from '../../src/data/matrix.js';
import { StratifiedKFold } from '../../src/model-selection/stratified-kfold.js';
import { SeededRandom } from '../../src/random.js';
import type { ProbabilisticClassifier } from '../../src/decision/classifier-like.js';
import { expectWasmlpError } from '../helpers/expect-error.js';

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

describe('calibrators', () => {
  it('isotonic: pool-adjacent-violators by hand, linear between points, clipped outside', () => {
    // y 1 0 1 0 0 | 1 1: the first five pool to 2/5.
    const iso = IsotonicCalibrator.fit([1, 0, 1, 0, 0, 1, 1], [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]);
    expect(Array.from(iso.ys)).toEqual([0.4, 0.4, 0.4, 0.4, 0.4, 1, 1]);
    expect(iso.predict(0.55)).toBeCloseTo(0.7, 12);
    expect(iso.predict(0)).toBe(0.4);
    expect(iso.predict(0.95)).toBe(1);
    // Equal p are averaged before pooling.
    const tied = IsotonicCalibrator.fit([1, 0, 1], [0.2, 0.2, 0.5]);
    expect(Array.from(tied.xs)).toEqual([0.2, 0.5]);
    expect(Array.from(tied.ys)).toEqual([0.5, 1]);
    // Already monotone: unchanged; inverted: one block at the mean.
    expect(Array.from(IsotonicCalibrator.fit([0, 0, 1], [0.1, 0.2, 0.3]).ys)).toEqual([0, 0, 1]);
    expect(Array.from(IsotonicCalibrator.fit([1, 1, 0, 0], [0.1, 0.2, 0.3, 0.4]).ys)).toEqual([0.5, 0.5, 0.5, 0.5]);
  });

  it('sigmoid: recovers a known logit-scale map and sits at the minimum of its objective', () => {
    const rng = new SeededRandom(4);
    const n = 20000, y = new Int32Array(n), p = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const f = (rng.next() - 0.5) * 12; // the model's logit
      p[i] = sigmoid(f);
      y[i] = rng.next() < sigmoid(0.4 * f - 0.5) ? 1 : 0; // truth: 2.5x over-confident, biased
    }
    const s = SigmoidCalibrator.fit(y, p);
    expect(s.a).toBeCloseTo(0.4, 1);
    expect(s.b).toBeCloseTo(-0.5, 1);
    // Newton's optimum: the smoothed-target log loss does not drop in any nearby direction.
    const pos = y.reduce((a, v) => a + v, 0), hi = (pos + 1) / (pos + 2), lo = 1 / (n - pos + 2);
    const loss = (a: number, b: number) => {
      let t = 0;
      for (let i = 0; i < n; i++) {
        const q = sigmoid(a * Math.log(p[i] / (1 - p[i])) + b), target = y[i] ? hi : lo;
        t -= target * Math.log(q) + (1 - target) * Math.log(1 - q);
      }
      return t;
    };
    const at = loss(s.a, s.b);
    for (const [da, db] of [[1e-3, 0], [-1e-3, 0], [0, 1e-3], [0, -1e-3]]) expect(loss(s.a + da, s.b + db)).toBeGreaterThan(at);
    // Identity when already calibrated.
    const y2 = Int32Array.from(p, (q) => (rng.next() < q ? 1 : 0));
    const id = SigmoidCalibrator.fit(y2, p);
    expect(id.a).toBeCloseTo(1, 1);
    expect(id.b).toBeCloseTo(0, 1);
  });
});

/**
 * An over-confident model: it ranks rows well (its score is the true logit z in column 1) but
 * reports σ(4 z), far too close to 0 and 1. fit learns nothing; clones share the rule.
 */
class OverConfident implements ProbabilisticClassifier {
  fitCalls = 0;
  async fit(): Promise<this> { this.fitCalls++; return this; }
  predictProba(x: MatrixLike): Matrix {
    const m = toMatrix(x, 'x');
    return { data: Float32Array.from({ length: m.rows }, (_, r) => sigmoid(4 * m.data[r * m.cols + 1])), rows: m.rows, cols: 1 };
  }
  clone(): OverConfident { return new OverConfident(); }
}

function overConfidentData(n: number, seed: number): { x: Matrix; y: Int32Array } {
  const rng = new SeededRandom(seed);
  const x: Matrix = { data: new Float32Array(n * 2), rows: n, cols: 2 }, y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const z = (rng.next() - 0.5) * 6;
    x.data[2 * i] = i;
    x.data[2 * i + 1] = z;
    y[i] = rng.next() < sigmoid(z) ? 1 : 0;
  }
  return { x, y };
}

describe('CalibratedClassifier', () => {
  const { x, y } = overConfidentData(3000, 7);

  for (const method of ['sigmoid', 'isotonic'] as const) {
    for (const ensemble of [true, false]) {
      it(`${method}${ensemble ? '' : ' (ensemble: false)'}: the Brier score on outer held-out folds drops`, async () => {
        const before: number[] = [], after: number[] = [];
        for (const { train, test } of new StratifiedKFold({ nSplits: 5, shuffle: true, seed: 1 }).split(x, y)) {
          const yTrain = Array.from(train, (i) => y[i]), yTest = Array.from(test, (i) => y[i]);
          const raw = new OverConfident();
          await raw.fit();
          before.push(brierScore(yTest, raw.predictProba(takeRows(x, test)).data));
          const cal = await new CalibratedClassifier(new OverConfident(), { method, cv: 5, seed: 2, ensemble }).fit(takeRows(x, train), yTrain);
          const p = cal.predictProba(takeRows(x, test));
          after.push(brierScore(yTest, Float64Array.from({ length: p.rows }, (_, r) => p.data[2 * r + 1])));
          // The held-out diagnostics on the training rows tell the same story.
          expect(cal.diagnostics!.brierAfter).toBeLessThan(cal.diagnostics!.brierBefore);
          expect(cal.pairs.length).toBe(ensemble ? 5 : 1);
        }
        const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
        console.log(`calibration ${method} ensemble=${ensemble}: held-out Brier ${mean(before).toFixed(4)} -> ${mean(after).toFixed(4)}`);
        for (let k = 0; k < 5; k++) expect(after[k]).toBeLessThan(before[k]);
        expect(mean(after)).toBeLessThan(mean(before) - 0.01);
      });
    }
  }

  it('reliability curves: over-confident before, near the diagonal after', async () => {
    const cal = await new CalibratedClassifier(new OverConfident(), { cv: 5, seed: 3, nBins: 10 }).fit(x, y);
    const d = cal.diagnostics!;
    const gap = (c: { probTrue: Float64Array; probPred: Float64Array; counts: Int32Array }) => {
      let s = 0, n = 0;
      c.probTrue.forEach((t, i) => { s += c.counts[i] * Math.abs(t - c.probPred[i]); n += c.counts[i]; });
      return s / n; // expected calibration error
    };
    expect(gap(d.curveBefore)).toBeGreaterThan(0.08);
    expect(gap(d.curveAfter)).toBeLessThan(0.04);
    const a = (cal.pairs[0].calibrator as SigmoidCalibrator).a;
    expect(a).toBeGreaterThan(0.15);
    expect(a).toBeLessThan(0.35); // about 1/4
  });

  it('options and state errors', async () => {
    await expectWasmlpError(() => new CalibratedClassifier(new OverConfident(), { method: 'beta' as never }), 'BAD_OPTION', ['sigmoid', 'isotonic'], { option: 'method' });
    await expectWasmlpError(() => new CalibratedClassifier(new OverConfident()).predictProba(x), 'NOT_FITTED', ['fit(x, y) before predictProba']);
    await expectWasmlpError(() => new CalibratedClassifier(new OverConfident()).fit(x, new Int32Array(3000)), 'NOT_BINARY', ['two classes']);
  });
});
