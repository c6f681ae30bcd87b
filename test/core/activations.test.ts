import { describe, expect, it } from 'vitest';
import { ACTIVATION_CODES, type ActivationName } from '../../src/activations.js';
import { runtime } from '../../src/runtime/wasm.js';
import { erf } from '../helpers/reference.js';

/**
 * The activation kernels (assembly/activations.ts, assembly/vmath.ts) over their whole domain,
 * including the tails where exp under/overflows, against float64 references (XNNPACK style:
 * a reference, a tolerance and a domain per op), at every buffer length around the SIMD width.
 */
const SELU_ALPHA = 1.6732632423543772, SELU_SCALE = 1.0507009873554805;
const ALPHA: Partial<Record<ActivationName, number>> = { leakyRelu: 0.3, elu: 1 };
const phi = (x: number) => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
const sigmoid = (x: number) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

type Elementwise = Exclude<ActivationName, 'softmax'>;
const REF: Record<Elementwise, { f: (x: number, alpha: number) => number; df: (x: number, alpha: number) => number }> = {
  linear: { f: (x) => x, df: () => 1 },
  relu: { f: (x) => Math.max(x, 0), df: (x) => (x > 0 ? 1 : 0) },
  leakyRelu: { f: (x, a) => (x > 0 ? x : a * x), df: (x, a) => (x > 0 ? 1 : a) },
  elu: { f: (x, a) => (x > 0 ? x : a * Math.expm1(x)), df: (x, a) => (x > 0 ? 1 : a * Math.exp(x)) },
  selu: { f: (x) => (x > 0 ? SELU_SCALE * x : SELU_SCALE * SELU_ALPHA * Math.expm1(x)), df: (x) => (x > 0 ? SELU_SCALE : SELU_SCALE * SELU_ALPHA * Math.exp(x)) },
  gelu: { f: (x) => 0.5 * x * (1 + erf(x / Math.SQRT2)), df: (x) => 0.5 * (1 + erf(x / Math.SQRT2)) + x * phi(x) },
  tanh: { f: Math.tanh, df: (x) => 1 - Math.tanh(x) ** 2 },
  sigmoid: { f: sigmoid, df: (x) => sigmoid(x) * (1 - sigmoid(x)) },
};

/**
 * Tolerances: `ulps` relative (f32 ulp of the reference) plus `abs`. exp-based kernels stay within
 * a few ulp; elu/selu compute e^x - 1 in f32 (cancellation near 0: ~1 ulp of 1, absolute); gelu's
 * erf approximation is good to 1.2e-7 absolute. Backward uses the stored f32 output (1 - a^2 for
 * tanh), so it is absolute near the saturation.
 */
const TOL: Record<Elementwise, { ulps: number; abs: number; dAbs: number }> = {
  linear: { ulps: 0, abs: 0, dAbs: 0 },
  relu: { ulps: 0, abs: 0, dAbs: 0 },
  leakyRelu: { ulps: 1, abs: 0, dAbs: 0 },
  elu: { ulps: 4, abs: 1.2e-7, dAbs: 2.4e-7 },
  selu: { ulps: 4, abs: 2.4e-7, dAbs: 4.8e-7 },
  gelu: { ulps: 4, abs: 1.5e-7, dAbs: 3e-7 },
  tanh: { ulps: 4, abs: 1e-37, dAbs: 2.4e-7 },
  sigmoid: { ulps: 4, abs: 1e-37, dAbs: 1.2e-7 },
};

function ulp(v: number): number {
  const f = Math.abs(Math.fround(v));
  if (f === 0 || !Number.isFinite(f)) return 1.4e-45;
  const e = Math.floor(Math.log2(f));
  return Math.max(2 ** (e - 23), 1.4e-45);
}

/** Runs the forward (and backward with dL/da = 1) kernel on `z` laid out as rows x cols. */
function kernel(name: ActivationName, z: ArrayLike<number>, rows: number, cols: number): { a: Float32Array; d: Float32Array } {
  const rt = runtime();
  const n = z.length, alpha = ALPHA[name] ?? 0;
  const zp = rt.mem.alloc(n * 4 + 16), ap = rt.mem.alloc(n * 4 + 16), gp = rt.mem.alloc(n * 4 + 16);
  try {
    new Float32Array(rt.mem.memory.buffer, zp, n).set(z);
    rt.core.f32_act_forward__simd(ACTIVATION_CODES[name], zp, ap, rows, cols, alpha);
    new Float32Array(rt.mem.memory.buffer, gp, n).fill(1);
    rt.core.f32_act_backward__simd(ACTIVATION_CODES[name], zp, ap, gp, rows, cols, alpha);
    return { a: new Float32Array(rt.mem.memory.buffer, ap, n).slice(), d: new Float32Array(rt.mem.memory.buffer, gp, n).slice() };
  } finally {
    rt.mem.free(zp); rt.mem.free(ap); rt.mem.free(gp);
  }
}

/** A dense grid over [-20, 20], the exp tails, tiny values, signed zeros and infinities. */
const DOMAIN: number[] = (() => {
  const v: number[] = [];
  for (let i = -4000; i <= 4000; i++) v.push(Math.fround(i / 200));
  for (const t of [30, 50, 87, 87.3, 88, 88.5, 88.8, 89, 100, 1e4, 3e38, 1e-3, 1e-7, 1e-20, 1e-38, 1e-45]) v.push(Math.fround(t), Math.fround(-t));
  v.push(0, -0, Infinity, -Infinity);
  return v;
})();

const NAMES = Object.keys(REF) as Elementwise[];

describe('activation kernels over their domain and tails', () => {
  it.each(NAMES)('%s forward and derivative match float64 within the stated tolerance', (name) => {
    const alpha = ALPHA[name] ?? 0, tol = TOL[name];
    const { a, d } = kernel(name, DOMAIN, 1, DOMAIN.length);
    DOMAIN.forEach((x, i) => {
      const want = REF[name].f(x, alpha);
      const dWant = REF[name].df(x, alpha);
      if (!Number.isFinite(want)) {
        expect(a[i], `${name}(${x})`).toBe(Math.fround(want));
        return;
      }
      if (Math.abs(a[i] - want) > tol.ulps * ulp(want) + tol.abs + (tol.ulps === 0 ? ulp(want) / 2 : 0)) {
        throw new Error(`${name}(${x}) = ${a[i]}, float64 reference ${want}`);
      }
      if (Number.isFinite(x) && Math.abs(d[i] - dWant) > 8 * ulp(dWant) + tol.dAbs) {
        throw new Error(`${name}'(${x}) = ${d[i]}, float64 reference ${dWant}`);
      }
    });
    // Saturations are exact, not approximately so.
    if (name === 'sigmoid') expect([...kernel(name, [-Infinity, -200, 200, Infinity], 1, 4).a]).toEqual([0, 0, 1, 1]);
    if (name === 'tanh') expect([...kernel(name, [-Infinity, -20, 20, Infinity], 1, 4).a]).toEqual([-1, -1, 1, 1]);
  });

  it.each(NAMES)('%s gives NaN for NaN', (name) => {
    expect(Number.isNaN(kernel(name, [NaN], 1, 1).a[0])).toBe(true);
  });

  it.each(NAMES)('%s gives a value the same bits at any position and buffer length (SIMD body and tails)', (name) => {
    const probe = [-88.5, -7.25, -0.3, 1e-7, 0.61, 2.5, 9.99];
    const alone = probe.map((p) => kernel(name, [p], 1, 1).a[0]);
    for (const n of [2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 33]) {
      for (let pos = 0; pos < n; pos++) {
        const z = new Float32Array(n).fill(0.5);
        probe.forEach((p, k) => {
          z[pos] = p;
          const got = kernel(name, z, 1, n).a[pos];
          if (!Object.is(got, alone[k])) throw new Error(`${name}(${p}) at ${pos} of ${n}: ${got}, alone ${alone[k]}`);
        });
      }
    }
  });

  it('softmax: rows sum to 1, match float64 for every width 1..17, and survive +-1000 logits', () => {
    for (let cols = 1; cols <= 17; cols++) {
      const rows = 3;
      const z = Array.from({ length: rows * cols }, (_, i) => Math.fround(Math.sin(i * 1.7) * 12));
      z[cols - 1] = 1000; // a huge logit in row 0
      if (rows * cols > cols) z[cols] = -1000;
      const { a, d } = kernel('softmax', z, rows, cols);
      for (let r = 0; r < rows; r++) {
        const row = z.slice(r * cols, (r + 1) * cols), m = Math.max(...row);
        const e = row.map((v) => Math.exp(Math.fround(v - m))), s = e.reduce((p, q) => p + q, 0); // the core shifts in f32
        let sum = 0;
        for (let j = 0; j < cols; j++) {
          const want = e[j] / s, got = a[r * cols + j];
          sum += got;
          if (Math.abs(got - want) > 4 * ulp(want) + 1e-37) throw new Error(`softmax width ${cols} row ${r} col ${j}: ${got} vs ${want}`);
          // With dL/da = 1 the softmax Jacobian gives a_j (1 - sum a) = 0 (up to rounding).
          expect(Math.abs(d[r * cols + j])).toBeLessThan(1e-6);
        }
        expect(sum).toBeCloseTo(1, 5);
      }
    }
  });
});
