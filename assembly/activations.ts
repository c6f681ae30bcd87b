// Activations: forward z -> a and backward dA -> dZ (in place), derivative beside the forward.
// Codes reach the host through src/core-abi.ts (scripts/gen-abi.mjs). Transcendentals use the core's own Mathf/Math (compiled into
// the module), never the host's, so every engine produces the same bits.

export const ACT_LINEAR = 0;
export const ACT_RELU = 1;
export const ACT_LEAKY_RELU = 2;
export const ACT_ELU = 3;
export const ACT_SELU = 4;
export const ACT_GELU = 5;
export const ACT_TANH = 6;
export const ACT_SIGMOID = 7;
export const ACT_SOFTMAX = 8;

import { f32x4_tanh, f32x4_sigmoid } from './vmath';

const SELU_ALPHA: f32 = 1.6732632423543772;
const SELU_SCALE: f32 = 1.0507009873554805;
const INV_SQRT2: f64 = 0.7071067811865476;
const INV_SQRT_2PI: f64 = 0.3989422804014327;

/** Numerically stable logistic function: never exp of a large positive number. */
@inline export function sigmoid(z: f32): f32 {
  if (z >= 0) return 1.0 / (1.0 + Mathf.exp(-z));
  const e = Mathf.exp(z);
  return e / (1.0 + e);
}

/** erf by Abramowitz & Stegun 7.1.26 refined (|error| < 1.2e-7), enough for f32 GELU. */
function erf(x: f64): f64 {
  const sign: f64 = x < 0 ? -1.0 : 1.0;
  const ax = Math.abs(x);
  // W. J. Cody-style rational via erfc approximation from Numerical Recipes (erfcc), |err| < 1.2e-7.
  const t = 1.0 / (1.0 + 0.5 * ax);
  const y = t * Math.exp(-ax * ax - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 +
    t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return sign * (1.0 - y);
}

@inline function gelu(z: f32): f32 {
  return <f32>(0.5 * <f64>z * (1.0 + erf(<f64>z * INV_SQRT2)));
}

@inline function geluDerivative(z: f32): f32 {
  const x = <f64>z;
  return <f32>(0.5 * (1.0 + erf(x * INV_SQRT2)) + x * INV_SQRT_2PI * Math.exp(-0.5 * x * x));
}

@inline function at(base: usize, index: i32): usize {
  return base + (<usize>index << 2);
}

/** Row-wise softmax over cols, shifted by the row max so exp never overflows. */
function softmaxRows(z: usize, a: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) {
    const zr = at(z, r * cols), ar = at(a, r * cols);
    let mx = load<f32>(zr);
    for (let j = 1; j < cols; j++) mx = max(mx, load<f32>(at(zr, j)));
    let sum: f32 = 0;
    for (let j = 0; j < cols; j++) {
      const e = Mathf.exp(load<f32>(at(zr, j)) - mx);
      store<f32>(at(ar, j), e);
      sum += e;
    }
    const inv: f32 = 1.0 / sum;
    for (let j = 0; j < cols; j++) store<f32>(at(ar, j), load<f32>(at(ar, j)) * inv);
  }
}

/** a = act(z) for rows x cols values (z and a may be the same buffer except for softmax). */
export function f32_act_forward__simd(act: i32, z: usize, a: usize, rows: i32, cols: i32, alpha: f32): void {
  const count = rows * cols;
  switch (act) {
    case ACT_LINEAR: if (a != z) memory.copy(a, z, <usize>count << 2); return;
    case ACT_RELU: {
      const zero = f32x4.splat(0);
      let i = 0;
      for (; i + 4 <= count; i += 4) v128.store(at(a, i), f32x4.max(v128.load(at(z, i)), zero));
      for (; i < count; i++) store<f32>(at(a, i), max<f32>(load<f32>(at(z, i)), 0));
      return;
    }
    case ACT_SOFTMAX: softmaxRows(z, a, rows, cols); return;
    case ACT_TANH: {
      let i = 0;
      for (; i + 4 <= count; i += 4) v128.store(at(a, i), f32x4_tanh(v128.load(at(z, i))));
      // Tail lanes through the same vector code, so a value's result never depends on its position.
      for (; i < count; i++) store<f32>(at(a, i), f32x4.extract_lane(f32x4_tanh(f32x4.splat(load<f32>(at(z, i)))), 0));
      return;
    }
    case ACT_SIGMOID: {
      let i = 0;
      for (; i + 4 <= count; i += 4) v128.store(at(a, i), f32x4_sigmoid(v128.load(at(z, i))));
      for (; i < count; i++) store<f32>(at(a, i), f32x4.extract_lane(f32x4_sigmoid(f32x4.splat(load<f32>(at(z, i)))), 0));
      return;
    }
    case ACT_LEAKY_RELU: {
      // A vector select, not the scalar loop's `x > 0 ? x : alpha * x`: V8 turns a float select
      // into a branch, which mispredicts on the sign of every value.
      const zero = f32x4.splat(0), va = f32x4.splat(alpha);
      let i = 0;
      for (; i + 4 <= count; i += 4) {
        const x = v128.load(at(z, i));
        v128.store(at(a, i), v128.bitselect(x, f32x4.mul(va, x), f32x4.gt(x, zero)));
      }
      for (; i < count; i++) {
        const x = load<f32>(at(z, i));
        store<f32>(at(a, i), x > 0 ? x : alpha * x);
      }
      return;
    }
    default: break;
  }
  for (let i = 0; i < count; i++) {
    const x = load<f32>(at(z, i));
    let y: f32;
    switch (act) {
      case ACT_LEAKY_RELU: y = x > 0 ? x : alpha * x; break;
      case ACT_ELU: y = x > 0 ? x : alpha * (Mathf.exp(x) - 1.0); break;
      case ACT_SELU: y = x > 0 ? SELU_SCALE * x : SELU_SCALE * SELU_ALPHA * (Mathf.exp(x) - 1.0); break;
      case ACT_GELU: y = gelu(x); break;
      default: unreachable(); y = 0;
    }
    store<f32>(at(a, i), y);
  }
}

/**
 * g <- g * act'(z), in place: turns dL/da into dL/dz. Uses the stored output a where the
 * derivative is cheapest from it (sigmoid, tanh, elu, selu, softmax).
 */
export function f32_act_backward__simd(act: i32, z: usize, a: usize, g: usize, rows: i32, cols: i32, alpha: f32): void {
  const count = rows * cols;
  if (act == ACT_LINEAR) return;
  if (act == ACT_SOFTMAX) {
    // dz_j = a_j * (g_j - sum_k g_k a_k)
    for (let r = 0; r < rows; r++) {
      const ar = at(a, r * cols), gr = at(g, r * cols);
      let dot: f32 = 0;
      for (let j = 0; j < cols; j++) dot += load<f32>(at(gr, j)) * load<f32>(at(ar, j));
      for (let j = 0; j < cols; j++) store<f32>(at(gr, j), load<f32>(at(ar, j)) * (load<f32>(at(gr, j)) - dot));
    }
    return;
  }
  if (act == ACT_RELU) {
    const zero = f32x4.splat(0);
    let i = 0;
    for (; i + 4 <= count; i += 4) {
      const keep = f32x4.gt(v128.load(at(z, i)), zero);
      v128.store(at(g, i), v128.and(v128.load(at(g, i)), keep));
    }
    for (; i < count; i++) if (!(load<f32>(at(z, i)) > 0)) store<f32>(at(g, i), 0);
    return;
  }
  // Blocks of four for every derivative that needs no exp, then the scalar formulas for the rest
  // (and the tail): the same float operations, so the same bits; no branch on each value's sign.
  let i = 0;
  if (act != ACT_GELU) {
    const zero = f32x4.splat(0), one = f32x4.splat(1), va = f32x4.splat(alpha);
    const seluScale = f32x4.splat(SELU_SCALE), seluNeg = f32x4.splat(SELU_SCALE * SELU_ALPHA);
    for (; i + 4 <= count; i += 4) {
      const x = v128.load(at(z, i)), y = v128.load(at(a, i));
      const pos = f32x4.gt(x, zero);
      let d: v128;
      switch (act) {
        case ACT_LEAKY_RELU: d = v128.bitselect(one, va, pos); break;
        case ACT_ELU: d = v128.bitselect(one, f32x4.add(y, va), pos); break;
        case ACT_SELU: d = v128.bitselect(seluScale, f32x4.add(y, seluNeg), pos); break;
        case ACT_TANH: d = f32x4.sub(one, f32x4.mul(y, y)); break;
        case ACT_SIGMOID: d = f32x4.mul(y, f32x4.sub(one, y)); break;
        default: unreachable(); d = zero;
      }
      v128.store(at(g, i), f32x4.mul(v128.load(at(g, i)), d));
    }
  }
  for (; i < count; i++) {
    const x = load<f32>(at(z, i));
    const y = load<f32>(at(a, i));
    let d: f32;
    switch (act) {
      case ACT_LEAKY_RELU: d = x > 0 ? 1.0 : alpha; break;
      case ACT_ELU: d = x > 0 ? 1.0 : y + alpha; break;
      case ACT_SELU: d = x > 0 ? SELU_SCALE : y + SELU_SCALE * SELU_ALPHA; break;
      case ACT_GELU: d = geluDerivative(x); break;
      case ACT_TANH: d = 1.0 - y * y; break;
      case ACT_SIGMOID: d = y * (1.0 - y); break;
      default: unreachable(); d = 0;
    }
    store<f32>(at(g, i), load<f32>(at(g, i)) * d);
  }
}
