// f32x4 transcendentals for the activations: exp, tanh, sigmoid on four lanes at once.
// Plain mul/add/div/min/max only (no relaxed SIMD, no fused multiply-add), so every engine gives
// the same bits; each lane's result depends on that lane's input alone, so a value gets the same
// result wherever it sits in a buffer (tails go through the same code, see activations.ts).
// Coefficients: Cephes expf and tanhf (S. L. Moshier), max error about 2 ulp in f32.

const LOG2E: f32 = 1.44269504088896341;
const LN2_HI: f32 = 0.693359375;
const LN2_LO: f32 = -2.12194440e-4;
/** exp overflows f32 above 88.72 and flushes to 0 below -87.3 (before denormals): clamp there. */
const EXP_HI: f32 = 88.3762626647949;
const EXP_LO: f32 = -87.3365447504;

/** e^x per lane. */
@inline export function f32x4_exp(x0: v128): v128 {
  // min/max keep NaN lanes NaN.
  const x = f32x4.min(f32x4.max(x0, f32x4.splat(EXP_LO)), f32x4.splat(EXP_HI));
  // x = n ln2 + r, |r| <= ln2 / 2; n by rounding to nearest.
  const n = f32x4.nearest(f32x4.mul(x, f32x4.splat(LOG2E)));
  let r = f32x4.sub(x, f32x4.mul(n, f32x4.splat(LN2_HI)));
  r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(LN2_LO)));
  let p = f32x4.splat(1.9875691500e-4);
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.3981999507e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(8.3334519073e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(4.1665795894e-2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.6666665459e-1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(5.0000001201e-1));
  const er = f32x4.add(f32x4.add(f32x4.mul(f32x4.mul(p, r), r), r), f32x4.splat(1));
  // 2^n by building the exponent bits: n in [-126, 127] after the clamp.
  const pow2 = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(127)), 23);
  // Below the clamp the true value is a denormal or 0: give 0 (so e^-inf = 0); NaN stays NaN.
  return v128.andnot(f32x4.mul(er, pow2), f32x4.lt(x0, f32x4.splat(EXP_LO)));
}

/**
 * tanh per lane. |x| < 0.625: Cephes' odd polynomial (no cancellation near 0); else
 * 1 - 2 / (e^{2|x|} + 1); then the sign of x. |x| is capped at 10, where tanh is 1 in f32.
 */
@inline export function f32x4_tanh(x: v128): v128 {
  const ax = f32x4.abs(x);
  const z = f32x4.mul(x, x);
  let p = f32x4.splat(-5.70498872745e-3);
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(2.06390887954e-2));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(-5.37397155531e-2));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(1.33314422036e-1));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(-3.33332819422e-1));
  const small = f32x4.add(f32x4.mul(f32x4.mul(p, z), ax), ax);
  const capped = f32x4.min(ax, f32x4.splat(10));
  const e = f32x4_exp(f32x4.add(capped, capped));
  const big = f32x4.sub(f32x4.splat(1), f32x4.div(f32x4.splat(2), f32x4.add(e, f32x4.splat(1))));
  const t = v128.bitselect(small, big, f32x4.lt(ax, f32x4.splat(0.625)));
  return v128.or(t, v128.and(x, i32x4.splat(0x80000000))); // tanh is odd: |tanh| with the sign of x
}

/** Logistic function per lane: e^-|x| only (never exp of a large positive number), one division. */
@inline export function f32x4_sigmoid(x: v128): v128 {
  const e = f32x4_exp(f32x4.neg(f32x4.abs(x)));
  const positive = f32x4.ge(x, f32x4.splat(0));
  // x >= 0: 1 / (1 + e^-x);  x < 0: e^x / (1 + e^x)
  return f32x4.div(v128.bitselect(f32x4.splat(1), e, positive), f32x4.add(f32x4.splat(1), e));
}
