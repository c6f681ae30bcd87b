import type { Calibrator } from './calibrator.js';

const LOGIT_EPS = 1e-12;
const logit = (p: number): number => {
  const q = Math.min(Math.max(p, LOGIT_EPS), 1 - LOGIT_EPS);
  return Math.log(q / (1 - q));
};
const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/**
 * Platt scaling: p' = σ(a · logit(p) + b), a and b minimising the log loss against Platt's smoothed
 * targets (N₊ + 1)/(N₊ + 2) and 1/(N₋ + 2), by Newton's method with a backtracking line search in
 * float64 (Lin, Lin & Weng 2007). On the logit scale, a < 1 shrinks over-confident probabilities
 * toward the base rate (temperature scaling with a bias). scikit-learn fits on the probability
 * itself when a model has no decision function; the logit is the model's own score here.
 */
export class SigmoidCalibrator implements Calibrator {
  readonly method = 'sigmoid';
  constructor(readonly a: number, readonly b: number) {}

  static fit(y: ArrayLike<number>, p: ArrayLike<number>, weights?: ArrayLike<number>): SigmoidCalibrator {
    const n = y.length;
    let pos = 0, neg = 0;
    for (let i = 0; i < n; i++) {
      const w = weights ? weights[i] : 1;
      if (y[i] >= 0.5) pos += w;
      else neg += w;
    }
    const hi = (pos + 1) / (pos + 2), lo = 1 / (neg + 2);
    const f = Float64Array.from({ length: n }, (_, i) => logit(p[i]));
    const t = Float64Array.from({ length: n }, (_, i) => (y[i] >= 0.5 ? hi : lo));
    const w = Float64Array.from({ length: n }, (_, i) => (weights ? weights[i] : 1));
    // Objective: Σ w [log(1 + e^z) − t z], z = a f + b.
    const objective = (a: number, b: number): number => {
      let s = 0;
      for (let i = 0; i < n; i++) {
        const z = a * f[i] + b;
        s += w[i] * ((z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - t[i] * z);
      }
      return s;
    };
    let a = 1, b = 0; // start at the identity map
    let value = objective(a, b);
    for (let iter = 0; iter < 100; iter++) {
      let ga = 0, gb = 0, haa = 1e-12, hab = 0, hbb = 1e-12;
      for (let i = 0; i < n; i++) {
        const q = sigmoid(a * f[i] + b);
        const d = w[i] * (q - t[i]), h = w[i] * q * (1 - q);
        ga += d * f[i]; gb += d;
        haa += h * f[i] * f[i]; hab += h * f[i]; hbb += h;
      }
      if (Math.abs(ga) < 1e-10 * Math.max(1, n) && Math.abs(gb) < 1e-10 * Math.max(1, n)) break;
      const det = haa * hbb - hab * hab;
      const da = -(hbb * ga - hab * gb) / det, db = -(haa * gb - hab * ga) / det;
      let step = 1, accepted = false;
      while (step > 1e-10) {
        const next = objective(a + step * da, b + step * db);
        if (next <= value + 1e-4 * step * (ga * da + gb * db)) {
          a += step * da; b += step * db; value = next; accepted = true;
          break;
        }
        step /= 2;
      }
      if (!accepted) break;
    }
    return new SigmoidCalibrator(a, b);
  }

  predict(p: number): number {
    return sigmoid(this.a * logit(p) + this.b);
  }

  toJSON(): unknown {
    return { method: this.method, a: this.a, b: this.b };
  }
}