/**
 * exp, log and cos from + - * / only. Engines may differ in the last bit of Math.exp/cos/pow
 * (they are not required to be correctly rounded), but IEEE-754 basic arithmetic is exact and the
 * same everywhere, so learning-rate schedules built on these give the same bits in every runtime.
 * Accuracy is a few ulps, far below what a learning rate needs.
 */

const LN2_HI = 0.6931471803691238; // high bits of ln 2 (exact product with small integers)
const LN2_LO = 1.9082149292705877e-10;
const LN2 = LN2_HI + LN2_LO;
const PI = 3.141592653589793;

/** x * 2^k by repeated exact halving or doubling. */
function scaleByPowerOfTwo(x: number, k: number): number {
  let y = x;
  for (; k > 0; k--) y *= 2;
  for (; k < 0; k++) y *= 0.5;
  return y;
}

export function exactExp(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x > 709.7) return Infinity;
  if (x < -745) return 0;
  const k = Math.round(x / LN2);
  const r = (x - k * LN2_HI) - k * LN2_LO; // |r| <= 0.35
  let term = 1, sum = 1;
  for (let n = 1; n < 24; n++) {
    term = (term * r) / n;
    sum += term;
  }
  return scaleByPowerOfTwo(sum, k);
}

export function exactLog(x: number): number {
  if (Number.isNaN(x) || x < 0) return NaN;
  if (x === 0) return -Infinity;
  if (x === Infinity) return Infinity;
  let m = x, e = 0;
  while (m >= 1.4142135623730951) { m *= 0.5; e++; }
  while (m < 0.7071067811865476) { m *= 2; e--; }
  const s = (m - 1) / (m + 1), s2 = s * s; // |s| <= 0.172
  let term = s, sum = 0;
  for (let n = 1; n < 60; n += 2) {
    sum += term / n;
    term *= s2;
  }
  return 2 * sum + e * LN2;
}

/** a^b; integer exponents by repeated squaring (exact where the true value is representable). */
export function exactPow(a: number, b: number): number {
  if (Number.isInteger(b) && Math.abs(b) < 2 ** 31) {
    let result = 1, base = a, n = Math.abs(b);
    while (n > 0) {
      if (n & 1) result *= base;
      base *= base;
      n = Math.floor(n / 2);
    }
    return b < 0 ? 1 / result : result;
  }
  return exactExp(b * exactLog(a));
}

export function exactCos(x: number): number {
  if (!Number.isFinite(x)) return NaN;
  // Reduce to [0, pi]: cos is even and 2*pi periodic.
  let y = Math.abs(x);
  const twoPi = 2 * PI;
  if (y > twoPi) y -= Math.floor(y / twoPi) * twoPi;
  if (y > PI) y = twoPi - y;
  // cos(y) = -cos(pi - y): keep the series argument within pi/2.
  let sign = 1;
  if (y > PI / 2) { y = PI - y; sign = -1; }
  const y2 = y * y;
  let term = 1, sum = 1;
  for (let n = 2; n < 40; n += 2) {
    term = (-term * y2) / ((n - 1) * n);
    sum += term;
  }
  return sign * sum;
}

export const EXACT_PI = PI;
