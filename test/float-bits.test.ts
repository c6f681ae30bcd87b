import { describe, expect, it } from 'vitest';
import { firstNonFinite, flushSubnormals } from '../src/float-bits.js';

const MIN_NORMAL = 1.1754943508222875e-38;

/** Float32 values from random bit patterns: every class (normal, subnormal, zero, inf, NaN) occurs. */
function randomBits(n: number, seed: number): Float32Array {
  const bits = new Int32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    // Bias the exponent towards its two ends so zero/subnormal and inf/NaN patterns are common.
    const pick = s & 3;
    const mantissa = (s >>> 9) & 0x7fffff;
    const sign = s & 0x80000000;
    bits[i] = pick === 0 ? sign | mantissa : pick === 1 ? sign | 0x7f800000 | (mantissa & 1 ? mantissa : 0) : sign | ((s >>> 3) & 0x7f800000) | mantissa;
  }
  return new Float32Array(bits.buffer);
}

describe('firstNonFinite', () => {
  it('agrees with Number.isFinite on every class of float32, at any offset into a buffer', () => {
    const all = randomBits(4096, 7);
    for (const offset of [0, 1, 3, 17]) {
      const view = all.subarray(offset, offset + 1000);
      const expected = view.findIndex((v) => !Number.isFinite(v));
      expect(expected).toBeGreaterThanOrEqual(0);
      expect(firstNonFinite(view)).toBe(expected);
    }
    const finite = Float32Array.from(all.filter((v) => Number.isFinite(v)));
    expect(finite.length).toBeGreaterThan(1000);
    expect(firstNonFinite(finite)).toBe(-1);
  });

  it('finds NaN, +Infinity and -Infinity, and passes the largest float32, -0 and subnormals', () => {
    const edge = Float32Array.of(3.4028234663852886e38, -3.4028234663852886e38, -0, 1e-45, -MIN_NORMAL);
    expect(firstNonFinite(edge)).toBe(-1);
    for (const bad of [NaN, Infinity, -Infinity]) {
      const v = new Float32Array(9);
      v[6] = bad;
      expect(firstNonFinite(v)).toBe(6);
    }
    expect(firstNonFinite(new Float32Array(0))).toBe(-1);
  });
});

describe('flushSubnormals', () => {
  it('stores exactly the subnormals as +0 and leaves every other bit pattern as it was', () => {
    const values = randomBits(4096, 11);
    const before = new Int32Array(values.slice().buffer);
    flushSubnormals(values);
    const after = new Int32Array(values.buffer);
    let flushed = 0;
    for (let i = 0; i < values.length; i++) {
      const v = new Float32Array(before.buffer)[i];
      const subnormal = v !== 0 && Math.abs(v) < MIN_NORMAL;
      if (subnormal) flushed++;
      expect(after[i], `value ${i} (${v})`).toBe(subnormal ? 0 : before[i]);
    }
    expect(flushed).toBeGreaterThan(100);
  });

  it('keeps -0 and the smallest normal float32', () => {
    const v = Float32Array.of(-0, MIN_NORMAL, -MIN_NORMAL, 1e-45, -1e-45);
    flushSubnormals(v);
    expect(Object.is(v[0], -0)).toBe(true);
    expect([v[1], v[2]]).toEqual([Math.fround(MIN_NORMAL), -Math.fround(MIN_NORMAL)]);
    expect(Object.is(v[3], 0) && Object.is(v[4], 0)).toBe(true);
  });
});
