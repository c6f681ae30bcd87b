import { describe, expect, it } from 'vitest';
import { Dense, Sequential } from '../../src/index.js';
import { INITIALIZER_CODES } from '../../src/initializers.js';
import { runtime } from '../../src/runtime/wasm.js';

/** Draws n values with the core's f32_init_fill__scalar (the path Dense uses) from a seeded stream. */
function draw(name: keyof typeof INITIALIZER_CODES, n: number, fanIn: number, fanOut: number, p1 = 0, p2 = 0, seed = 11): Float64Array {
  const rt = runtime();
  const rng = rt.mem.alloc(16, 'rng'), ptr = rt.mem.alloc(n * 4, 'weights');
  try {
    rt.core.rng_seed(rng, seed);
    rt.core.f32_init_fill__scalar(ptr, n, INITIALIZER_CODES[name], fanIn, fanOut, p1, p2, rng);
    return Float64Array.from(new Float32Array(rt.mem.memory.buffer, ptr, n));
  } finally {
    rt.mem.free(ptr); rt.mem.free(rng);
  }
}

function stats(v: Float64Array) {
  let sum = 0, min = Infinity, max = -Infinity;
  for (const x of v) { sum += x; min = Math.min(min, x); max = Math.max(max, x); }
  const mean = sum / v.length;
  let ss = 0;
  for (const x of v) ss += (x - mean) ** 2;
  return { mean, variance: ss / v.length, min, max };
}

const fraction = (v: Float64Array, pred: (x: number) => boolean) => v.filter(pred).length / v.length;
// Standard normal mass within [-1, 1] and [-2, 2].
const P1 = 0.6826894921370859, P2 = 0.9544997361036416;

const N = 200_000;
const FAN_IN = 300, FAN_OUT = 100;

describe('initializer distributions (assembly/initializers.ts)', () => {
  // Uniform presets: U(-l, l), variance l^2 / 3.
  it.each([
    ['glorotUniform', Math.sqrt(6 / (FAN_IN + FAN_OUT))],
    ['heUniform', Math.sqrt(6 / FAN_IN)],
    ['lecunUniform', Math.sqrt(3 / FAN_IN)],
  ] as const)('%s fills U(-l, l) with l = %f', (name, l) => {
    const s = stats(draw(name, N, FAN_IN, FAN_OUT));
    expect(s.min).toBeGreaterThanOrEqual(-l);
    expect(s.max).toBeLessThanOrEqual(l);
    expect(s.min).toBeLessThan(-0.999 * l);
    expect(s.max).toBeGreaterThan(0.999 * l);
    expect(Math.abs(s.mean)).toBeLessThan(5 * l / Math.sqrt(3 * N));
    expect(s.variance / (l * l / 3)).toBeCloseTo(1, 1.5);
  });

  // Keras' "normal" presets: a normal truncated at 2 sigma, widened by 1/0.8796 so the variance is the target.
  it.each([
    ['glorotNormal', 2 / (FAN_IN + FAN_OUT)],
    ['heNormal', 2 / FAN_IN],
    ['lecunNormal', 1 / FAN_IN],
  ] as const)('%s is truncated normal with the target variance %f (truncation corrected)', (name, target) => {
    const v = draw(name, N, FAN_IN, FAN_OUT);
    const s = stats(v);
    const sigma = Math.sqrt(target) / 0.87962566103423978; // the underlying normal's sigma
    expect(s.max).toBeLessThanOrEqual(2 * sigma * (1 + 1e-6));
    expect(s.min).toBeGreaterThanOrEqual(-2 * sigma * (1 + 1e-6));
    expect(s.max).toBeGreaterThan(1.99 * sigma);
    // Without the correction the variance would be 0.774 of the target: the 2% band separates them.
    expect(Math.abs(s.variance / target - 1)).toBeLessThan(0.02);
    // Shape: the share within one underlying sigma is P(|z| < 1) / P(|z| < 2) = 0.7152.
    expect(fraction(v, (x) => Math.abs(x) < sigma)).toBeCloseTo(P1 / P2, 2);
    expect(Math.abs(s.mean)).toBeLessThan(5 * Math.sqrt(target / N));
  });

  it('randomNormal(mean, stddev) is an untruncated normal', () => {
    const v = draw('randomNormal', N, FAN_IN, FAN_OUT, 0.5, 0.2);
    const s = stats(v);
    expect(Math.abs(s.mean - 0.5)).toBeLessThan(5 * 0.2 / Math.sqrt(N));
    expect(Math.abs(Math.sqrt(s.variance) / 0.2 - 1)).toBeLessThan(0.01);
    expect(fraction(v, (x) => Math.abs(x - 0.5) > 0.4)).toBeCloseTo(1 - P2, 2); // tails are kept
  });

  it('randomUniform(minval, maxval), constant, zeros and ones', () => {
    const s = stats(draw('randomUniform', N, FAN_IN, FAN_OUT, -0.3, 0.1));
    expect(s.min).toBeGreaterThanOrEqual(-0.3);
    expect(s.max).toBeLessThanOrEqual(0.1);
    expect(s.mean).toBeCloseTo(-0.1, 3);
    expect(s.variance / (0.4 ** 2 / 12)).toBeCloseTo(1, 1.5);
    expect(new Set(draw('constant', 64, 1, 1, 0.25))).toEqual(new Set([0.25]));
    expect(new Set(draw('zeros', 64, 1, 1))).toEqual(new Set([0]));
    expect(new Set(draw('ones', 64, 1, 1))).toEqual(new Set([1]));
  });

  it('Dense passes its fan-in and fan-out: a 300 -> 100 glorotUniform kernel spans +-sqrt(6/400), the heNormal one keeps 2/300', () => {
    const m = new Sequential([
      new Dense({ units: FAN_OUT, inputDim: FAN_IN, kernelInitializer: 'glorotUniform' }),
      new Dense({ units: FAN_IN, kernelInitializer: 'heNormal' }),
    ], { seed: 3 });
    m.build();
    const [k1, , k2] = m.getWeights();
    const a = stats(Float64Array.from(k1.values)), b = stats(Float64Array.from(k2.values));
    const l = Math.sqrt(6 / (FAN_IN + FAN_OUT));
    expect(a.max).toBeLessThanOrEqual(l);
    expect(a.max).toBeGreaterThan(0.99 * l);
    expect(Math.abs(b.variance / (2 / FAN_OUT) - 1)).toBeLessThan(0.05); // second layer's fan-in is 100
    m.dispose();
  });
});
