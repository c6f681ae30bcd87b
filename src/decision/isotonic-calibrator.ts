import type { Calibrator } from './calibrator.js';

/**
 * Isotonic regression by pool-adjacent-violators: the non-decreasing step function of p closest to
 * the 0/1 outcomes in squared error. As scikit-learn's IsotonicRegression(out_of_bounds='clip'):
 * equal p are averaged first, new values are interpolated linearly between fitted points and
 * clipped to the ends.
 */
export class IsotonicCalibrator implements Calibrator {
  readonly method = 'isotonic';
  constructor(readonly xs: Float64Array, readonly ys: Float64Array) {}

  static fit(y: ArrayLike<number>, p: ArrayLike<number>, weights?: ArrayLike<number>): IsotonicCalibrator {
    const order = Array.from({ length: y.length }, (_, i) => i).sort((i, j) => p[i] - p[j]);
    // Unique x with weighted mean y.
    const ux: number[] = [], uy: number[] = [], uw: number[] = [];
    for (const i of order) {
      const w = weights ? weights[i] : 1;
      const v = y[i] >= 0.5 ? 1 : 0;
      if (ux.length && ux[ux.length - 1] === p[i]) {
        const k = ux.length - 1;
        uy[k] = (uy[k] * uw[k] + v * w) / (uw[k] + w || 1);
        uw[k] += w;
      } else {
        ux.push(p[i]); uy.push(v); uw.push(w);
      }
    }
    // PAV over blocks: value, weight, length.
    const value: number[] = [], weight: number[] = [], size: number[] = [];
    for (let i = 0; i < ux.length; i++) {
      value.push(uy[i]); weight.push(uw[i]); size.push(1);
      while (value.length > 1 && value[value.length - 2] > value[value.length - 1]) {
        const v2 = value.pop()!, w2 = weight.pop()!, s2 = size.pop()!;
        const k = value.length - 1;
        const w = weight[k] + w2;
        value[k] = w > 0 ? (value[k] * weight[k] + v2 * w2) / w : (value[k] + v2) / 2;
        weight[k] = w;
        size[k] += s2;
      }
    }
    const fitted = new Float64Array(ux.length);
    let at = 0;
    value.forEach((v, b) => { for (let j = 0; j < size[b]; j++) fitted[at++] = v; });
    return new IsotonicCalibrator(Float64Array.from(ux), fitted);
  }

  predict(p: number): number {
    const { xs, ys } = this;
    const n = xs.length;
    if (n === 0) return p;
    if (p <= xs[0]) return ys[0];
    if (p >= xs[n - 1]) return ys[n - 1];
    let lo = 0, hi = n - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (xs[mid] <= p) lo = mid;
      else hi = mid;
    }
    const t = (p - xs[lo]) / (xs[hi] - xs[lo]);
    return ys[lo] + t * (ys[hi] - ys[lo]);
  }

  toJSON(): unknown {
    return { method: this.method, xs: Array.from(this.xs), ys: Array.from(this.ys) };
  }
}