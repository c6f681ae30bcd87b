import { describe, expect, it } from 'vitest';
import { Dense, Dropout, Sequential } from '../../src/index.js';
import { HEADER_WORDS, LAYER_WORDS, L_MASK, NET_RNG } from '../../src/core-abi.js';
import { runtime } from '../../src/runtime/wasm.js';
import { coreGradients, randn, testRandom } from '../helpers/device.js';

const D = 64, ROWS = 32, RATE = 0.25;

/** Dense(D -> D, linear) -> Dropout -> Dense(D -> 1, linear), no biases, mean squared error. */
function model(seed: number, rate = RATE) {
  const rand = testRandom(seed + 100);
  const m = new Sequential([
    new Dense({ units: D, inputDim: D, useBias: false }),
    new Dropout({ rate }),
    new Dense({ units: 1, useBias: false }),
  ], { seed });
  m.compile({ loss: 'meanSquaredError', optimizer: 'sgd' });
  const w1 = Array.from({ length: D * D }, () => randn(rand) / 8), w2 = Array.from({ length: D }, () => randn(rand));
  m.setWeights([w1, w2]);
  return { m, w1, w2 };
}

/** The mask the core drew in the last training forward pass (rows x D scale factors). */
function lastMask(m: Sequential, rows: number): Float32Array {
  const rt = runtime();
  const net = m.network(D);
  const dropout = net.desc + (HEADER_WORDS + 1 * LAYER_WORDS) * 4;
  const maskPtr = rt.mem.i32(dropout, LAYER_WORDS)[L_MASK];
  return new Float32Array(rt.mem.memory.buffer, maskPtr, rows * D).slice();
}

describe('Dropout', () => {
  const rand = testRandom(5);
  const xs = Array.from({ length: ROWS }, () => Array.from({ length: D }, () => randn(rand)));
  const ys = Array.from({ length: ROWS }, () => [randn(rand)]);

  it('in training, zeroes each value with probability rate and scales the rest by 1 / (1 - rate)', () => {
    const { m } = model(1);
    coreGradients(m, xs, ys);
    const mask = lastMask(m, ROWS);
    const keep = Math.fround(1 / (1 - RATE));
    expect(new Set(mask)).toEqual(new Set([0, keep]));
    const dropped = mask.filter((v) => v === 0).length / mask.length;
    expect(Math.abs(dropped - RATE)).toBeLessThan(4 * Math.sqrt((RATE * (1 - RATE)) / mask.length));
    // Inverted dropout keeps the expected activation: the mean scale is 1.
    expect(mask.reduce((a, b) => a + b, 0) / mask.length).toBeCloseTo(1, 1);
    m.dispose();
  });

  // The kernel compares integers (u < ceil(rate * 2^24) << 8) where the definition compares
  // floats; rates on the 2^-24 grid (0.5, 0.25) and off it, tiny and near 1, pin the two together.
  it.each([0.5, 0.25, 0.15, 0.1, 1e-7, 2 ** -24, 0.9999999])('rate %s: mask value i is 0 exactly when draw i of the model generator, as (u >>> 8) * 2^-24, is below the rate', (rate) => {
    const rt = runtime();
    const { m } = model(7, rate);
    const net = m.network(D);
    const state = rt.mem.i32(net.desc, HEADER_WORDS)[NET_RNG];
    const copy = rt.mem.alloc(16);
    try {
      new Uint8Array(rt.mem.memory.buffer, copy, 16).set(new Uint8Array(rt.mem.memory.buffer, state, 16));
      coreGradients(m, xs, ys);
      const keep = Math.fround(1 / Math.fround(1 - Math.fround(rate))); // the core's float32 arithmetic
      const expected = Float32Array.from({ length: ROWS * D }, () => ((rt.core.rng_next_u32(copy) >>> 8) * 2 ** -24 < Math.fround(rate) ? 0 : keep));
      expect(lastMask(m, ROWS)).toEqual(expected);
    } finally {
      rt.mem.free(copy);
      m.dispose();
    }
  });

  it('the loss and every gradient equal a float64 reference that applies the same fixed mask', () => {
    const { m, w1, w2 } = model(2);
    const { lossSum, grads } = coreGradients(m, xs, ys);
    const mask = lastMask(m, ROWS);
    // Forward: h = x W1, a = h * mask, o = a W2; loss = mean_r (o_r - y_r)^2.
    const g1 = new Float64Array(D * D), g2 = new Float64Array(D);
    let loss = 0;
    for (let r = 0; r < ROWS; r++) {
      const a = new Float64Array(D);
      for (let j = 0; j < D; j++) {
        let h = 0;
        for (let i = 0; i < D; i++) h += xs[r][i] * w1[i * D + j];
        a[j] = h * mask[r * D + j];
      }
      let o = 0;
      for (let j = 0; j < D; j++) o += a[j] * w2[j];
      loss += (o - ys[r][0]) ** 2 / ROWS;
      const dO = (2 * (o - ys[r][0])) / ROWS;
      for (let j = 0; j < D; j++) {
        g2[j] += dO * a[j];
        const dH = dO * w2[j] * mask[r * D + j]; // the gradient passes only where the mask kept the value
        for (let i = 0; i < D; i++) g1[i * D + j] += xs[r][i] * dH;
      }
    }
    expect(lossSum / ROWS).toBeCloseTo(loss, 4);
    // float32 sums over 32 rows x 64 units: within 2e-4 of the largest gradient plus 0.2% of each.
    const ref = [...g1, ...g2], scale = Math.max(...ref.map(Math.abs));
    ref.forEach((g, k) => {
      if (Math.abs(grads[k] - g) > 2e-4 * scale + 2e-3 * Math.abs(g)) throw new Error(`parameter ${k}: core ${grads[k]}, reference ${g}`);
    });
    // Columns of W1 whose unit was dropped in every row get no gradient at all.
    for (let j = 0; j < D; j++) {
      if (mask.every((_, k) => k % D !== j || mask[k] === 0)) for (let i = 0; i < D; i++) expect(grads[i * D + j]).toBe(0);
    }
    m.dispose();
  });

  it('draws its masks from the model seed: same seed, same mask; another seed, another mask; a new one every pass', () => {
    const a = model(3), b = model(3), c = model(4);
    coreGradients(a.m, xs, ys); coreGradients(b.m, xs, ys); coreGradients(c.m, xs, ys);
    const ma = lastMask(a.m, ROWS);
    expect(lastMask(b.m, ROWS)).toEqual(ma);
    expect(lastMask(c.m, ROWS)).not.toEqual(ma);
    coreGradients(a.m, xs, ys);
    expect(lastMask(a.m, ROWS)).not.toEqual(ma);
    for (const x of [a, b, c]) x.m.dispose();
  });

  it('in inference, passes values through unchanged (predict equals the same network without Dropout)', () => {
    const { m, w1, w2 } = model(6, 0.5);
    const plain = new Sequential([new Dense({ units: D, inputDim: D, useBias: false }), new Dense({ units: 1, useBias: false })]);
    plain.setWeights([w1, w2]);
    expect(m.predict(xs).data).toEqual(plain.predict(xs).data);
    m.dispose(); plain.dispose();
  });
});
