/**
 * An independent float64 implementation of the dense forward pass and the losses, used as the
 * reference for gradient checks (finite differences) and forward checks.
 */
export type Act = 'linear' | 'relu' | 'leakyRelu' | 'elu' | 'selu' | 'gelu' | 'tanh' | 'sigmoid' | 'softmax';
export type Loss = 'binaryCrossentropy' | 'categoricalCrossentropy' | 'sparseCategoricalCrossentropy' | 'meanSquaredError' | 'meanAbsoluteError';

export interface RefLayer { inDim: number; units: number; act: Act; alpha: number; useBias: boolean; l1?: number; l2?: number }

const SELU_ALPHA = 1.6732632423543772, SELU_SCALE = 1.0507009873554805;

/** erf to ~1e-15 by its Taylor series / continued fraction (independent of the core's approximation). */
export function erf(x: number): number {
  const ax = Math.abs(x);
  if (ax < 3) {
    let sum = 0, term = ax, n = 0;
    while (Math.abs(term) > 1e-17 * Math.abs(sum) || n < 3) {
      sum += term / (2 * n + 1);
      n++;
      term *= (-ax * ax) / n;
      if (n > 200) break;
    }
    return Math.sign(x) * (2 / Math.sqrt(Math.PI)) * sum;
  }
  // erfc continued fraction for the tail.
  let f = 0;
  for (let k = 60; k >= 1; k--) f = (k / 2) / (ax + f);
  const erfc = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / (ax + f);
  return Math.sign(x) * (1 - erfc);
}

function act(name: Act, z: number[], alpha: number): number[] {
  switch (name) {
    case 'linear': return z;
    case 'relu': return z.map((v) => Math.max(v, 0));
    case 'leakyRelu': return z.map((v) => (v > 0 ? v : alpha * v));
    case 'elu': return z.map((v) => (v > 0 ? v : alpha * (Math.exp(v) - 1)));
    case 'selu': return z.map((v) => (v > 0 ? SELU_SCALE * v : SELU_SCALE * SELU_ALPHA * (Math.exp(v) - 1)));
    case 'gelu': return z.map((v) => 0.5 * v * (1 + erf(v / Math.SQRT2)));
    case 'tanh': return z.map(Math.tanh);
    case 'sigmoid': return z.map((v) => 1 / (1 + Math.exp(-v)));
    case 'softmax': {
      const m = Math.max(...z);
      const e = z.map((v) => Math.exp(v - m));
      const s = e.reduce((a, b) => a + b, 0);
      return e.map((v) => v / s);
    }
  }
}

/** Splits a flat parameter vector like the core lays it out: kernel [in x out] then bias, per layer. */
export function forward(layers: RefLayer[], params: ArrayLike<number>, x: number[]): { z: number[]; a: number[] } {
  let input = x, offset = 0, z: number[] = [];
  for (const L of layers) {
    z = new Array(L.units).fill(0);
    for (let j = 0; j < L.units; j++) {
      let s = 0;
      for (let i = 0; i < L.inDim; i++) s += input[i] * params[offset + i * L.units + j];
      z[j] = s;
    }
    offset += L.inDim * L.units;
    if (L.useBias) { for (let j = 0; j < L.units; j++) z[j] += params[offset + j]; offset += L.units; }
    input = act(L.act, z, L.alpha);
  }
  return { z, a: input };
}

const EPS = 1e-7;
const clip = (p: number) => Math.min(Math.max(p, EPS), 1 - EPS);

/** Per-sample loss, as the core defines it (fused pairs from z; others on clipped probabilities). */
export function sampleLoss(loss: Loss, outAct: Act, z: number[], a: number[], y: number[]): number {
  const k = a.length;
  switch (loss) {
    case 'binaryCrossentropy':
      if (outAct === 'sigmoid') return z.reduce((s, zj, j) => s + Math.max(zj, 0) - zj * y[j] + Math.log1p(Math.exp(-Math.abs(zj))), 0) / k;
      return a.reduce((s, p, j) => s - (y[j] * Math.log(clip(p)) + (1 - y[j]) * Math.log(1 - clip(p))), 0) / k;
    case 'categoricalCrossentropy':
    case 'sparseCategoricalCrossentropy': {
      const yy = loss === 'sparseCategoricalCrossentropy' ? a.map((_, j) => (j === y[0] ? 1 : 0)) : y;
      if (outAct === 'softmax') {
        const m = Math.max(...z);
        const lse = m + Math.log(z.reduce((s, v) => s + Math.exp(v - m), 0));
        return yy.reduce((s, yj, j) => s + yj * (lse - z[j]), 0);
      }
      return -yy.reduce((s, yj, j) => s + yj * Math.log(clip(a[j])), 0);
    }
    case 'meanSquaredError': return a.reduce((s, p, j) => s + (p - y[j]) ** 2, 0) / k;
    case 'meanAbsoluteError': return a.reduce((s, p, j) => s + Math.abs(p - y[j]), 0) / k;
  }
}

/** (1/rows) * sum_i w_i * loss_i + regularisation: the quantity the core differentiates. */
export function batchLoss(layers: RefLayer[], loss: Loss, params: ArrayLike<number>, xs: number[][], ys: number[][], w?: number[]): number {
  let total = 0;
  xs.forEach((x, i) => {
    const { z, a } = forward(layers, params, x);
    total += (w ? w[i] : 1) * sampleLoss(loss, layers[layers.length - 1].act, z, a, ys[i]);
  });
  let reg = 0, offset = 0;
  for (const L of layers) {
    for (let i = 0; i < L.inDim * L.units; i++) {
      const v = params[offset + i];
      reg += (L.l1 ?? 0) * Math.abs(v) + (L.l2 ?? 0) * v * v;
    }
    offset += L.inDim * L.units + (L.useBias ? L.units : 0);
  }
  return total / xs.length + reg;
}

/** Central finite differences of batchLoss in float64. */
export function numericGradient(f: (p: Float64Array) => number, params: ArrayLike<number>, h = 1e-5): Float64Array {
  const p = Float64Array.from(params);
  const g = new Float64Array(p.length);
  for (let i = 0; i < p.length; i++) {
    const keep = p[i];
    p[i] = keep + h; const up = f(p);
    p[i] = keep - h; const down = f(p);
    p[i] = keep;
    g[i] = (up - down) / (2 * h);
  }
  return g;
}
