/**
 * Scalar reference twins of the core's SIMD kernels (assembly/gemm.ts, sparse.ts, activations.ts,
 * vmath.ts, optimizers.ts), one per kernel and named after it with `__scalar` for `__simd`. Each
 * performs the same float32 operations in the same order as its kernel (lanes and accumulators
 * written out, every result rounded with Math.fround), so the kernel must match it bit for bit:
 * test/core/kernel-twins.test.ts checks that. A kernel whose summation order changes must change
 * its twin, and with it its name (the tile or unroll in the name is part of the contract).
 *
 * Arrays hold float32 values; matrices are row-major. `+`, `*`, `/` and `sqrt` of two float32
 * values in float64, then rounded to float32, equal the float32 operation, so `f(a + b)` mirrors
 * `f32x4.add` lane by lane.
 */
const f = Math.fround;

/** Mirrors f32_dot__simd_u16_acc4: 4 accumulators of 4 lanes over blocks of 16, then blocks of 4 into the first, lanes summed as (l0 + l1) + (l2 + l3), then the scalar tail. */
export function f32_dot__scalar_u16_acc4(x: Float32Array, xo: number, y: Float32Array, yo: number, len: number): number {
  const acc = [[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]];
  let i = 0;
  for (; i + 16 <= len; i += 16) {
    for (let c = 0; c < 4; c++) for (let l = 0; l < 4; l++) acc[c][l] = f(acc[c][l] + f(x[xo + i + 4 * c + l] * y[yo + i + 4 * c + l]));
  }
  for (; i + 4 <= len; i += 4) for (let l = 0; l < 4; l++) acc[0][l] = f(acc[0][l] + f(x[xo + i + l] * y[yo + i + l]));
  const v = [0, 1, 2, 3].map((l) => f(f(acc[0][l] + acc[1][l]) + f(acc[2][l] + acc[3][l])));
  let s = f(f(v[0] + v[1]) + f(v[2] + v[3]));
  for (; i < len; i++) s = f(s + f(x[xo + i] * y[yo + i]));
  return s;
}

/**
 * Mirrors f32_gemm_nn_4x8__simd (and __simd_packed, which gives the same bits): C[m,n] = A[m,k] B[k,n] (+ bias).
 * Each output starts at its bias (or 0) and adds the products in ascending p, whatever the tile or
 * block; one output column (n = 1) is a dot product plus the bias.
 */
export function f32_gemm_nn_4x8__scalar(a: Float32Array, b: Float32Array, m: number, k: number, n: number, bias: Float32Array | null): Float32Array {
  const c = new Float32Array(m * n);
  if (n === 1) {
    const b0 = bias ? bias[0] : 0;
    for (let i = 0; i < m; i++) c[i] = f(f32_dot__scalar_u16_acc4(a, i * k, b, 0, k) + b0);
    return c;
  }
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = bias ? bias[j] : 0;
      for (let p = 0; p < k; p++) s = f(s + f(a[i * k + p] * b[p * n + j]));
      c[i * n + j] = s;
    }
  }
  return c;
}

/** Mirrors f32_gemm_tn_4x8__simd (and __simd_packed): C[k,n] = A[m,k]^T D[m,n], each output 0 plus the products in ascending i. */
export function f32_gemm_tn_4x8__scalar(a: Float32Array, d: Float32Array, m: number, k: number, n: number): Float32Array {
  const c = new Float32Array(k * n);
  for (let p = 0; p < k; p++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let i = 0; i < m; i++) s = f(s + f(a[i * k + p] * d[i * n + j]));
      c[p * n + j] = s;
    }
  }
  return c;
}

/**
 * Mirrors f32_gemm_nt_2x4__simd: C[m,k] = D[m,n] B[k,n]^T. Outputs in the column groups of 4 are
 * one 4-lane accumulator over j in steps of 4, lanes summed (l0 + l1) + (l2 + l3), then the tail;
 * the last k % 4 columns are dot products (f32_dot); n = 1 is 0 + d * b.
 */
export function f32_gemm_nt_2x4__scalar(d: Float32Array, b: Float32Array, m: number, n: number, k: number): Float32Array {
  const c = new Float32Array(m * k);
  const k4 = k - (k % 4);
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < k; p++) {
      let s: number;
      if (n === 1) s = f(0 + f(d[i] * b[p]));
      else if (p < k4) {
        const lane = [0, 0, 0, 0];
        let j = 0;
        for (; j + 4 <= n; j += 4) for (let l = 0; l < 4; l++) lane[l] = f(lane[l] + f(d[i * n + j + l] * b[p * n + j + l]));
        s = f(f(lane[0] + lane[1]) + f(lane[2] + lane[3]));
        for (; j < n; j++) s = f(s + f(d[i * n + j] * b[p * n + j]));
      } else s = f32_dot__scalar_u16_acc4(d, i * n, b, p * n, n);
      c[i * k + p] = s;
    }
  }
  return c;
}

/** Mirrors f32_colsum__simd: out[j] = 0 + D[0, j] + D[1, j] + ... in ascending rows. */
export function f32_colsum__scalar(d: Float32Array, m: number, n: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[j] = f(out[j] + f(1 * d[i * n + j]));
  return out;
}

/** A CSR matrix: row i's nonzeros are entries indptr[i] .. indptr[i + 1] of indices/values. */
export interface Csr { indptr: Int32Array; indices: Int32Array; values: Float32Array }

/** Mirrors f32_spmm_nn_1x16__simd: each output starts at its bias (or 0) and adds value * B[col, j] over the row's nonzeros in order. */
export function f32_spmm_nn_1x16__scalar(a: Csr, b: Float32Array, m: number, n: number, bias: Float32Array | null): Float32Array {
  const c = new Float32Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = bias ? bias[j] : 0;
      for (let q = a.indptr[i]; q < a.indptr[i + 1]; q++) s = f(s + f(a.values[q] * b[a.indices[q] * n + j]));
      c[i * n + j] = s;
    }
  }
  return c;
}

/** Mirrors f32_spmm_tn__simd: C = 0, then for rows i ascending and each nonzero, C[col, :] += value * D[i, :]. */
export function f32_spmm_tn__scalar(a: Csr, d: Float32Array, m: number, k: number, n: number): Float32Array {
  const c = new Float32Array(k * n);
  for (let i = 0; i < m; i++) {
    for (let q = a.indptr[i]; q < a.indptr[i + 1]; q++) {
      const row = a.indices[q] * n;
      for (let j = 0; j < n; j++) c[row + j] = f(c[row + j] + f(a.values[q] * d[i * n + j]));
    }
  }
  return c;
}

// ------------------------------------------------------------------ vmath.ts, lane by lane

const bits = new DataView(new ArrayBuffer(4));
const toBits = (x: number): number => { bits.setFloat32(0, x); return bits.getUint32(0); };
const fromBits = (u: number): number => { bits.setUint32(0, u >>> 0); return bits.getFloat32(0); };
/** f32x4.nearest: round half to even. */
function nearest(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
/** i32x4.trunc_sat_f32x4_s (NaN gives 0). */
const truncSat = (x: number): number => (Number.isNaN(x) ? 0 : Math.max(-2147483648, Math.min(2147483647, Math.trunc(x))));

const LOG2E = f(1.44269504088896341), LN2_HI = f(0.693359375), LN2_LO = f(-2.12194440e-4);
const EXP_HI = f(88.3762626647949), EXP_LO = f(-87.3365447504);
const EXP_POLY = [1.9875691500e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1].map(f);
const TANH_POLY = [-5.70498872745e-3, 2.06390887954e-2, -5.37397155531e-2, 1.33314422036e-1, -3.33332819422e-1].map(f);

/** Mirrors f32x4_exp on one lane. */
export function exp__scalar(x0: number): number {
  const x = Math.min(Math.max(x0, EXP_LO), EXP_HI);
  const n = nearest(f(x * LOG2E));
  let r = f(x - f(n * LN2_HI));
  r = f(r - f(n * LN2_LO));
  let p = EXP_POLY[0];
  for (let q = 1; q < EXP_POLY.length; q++) p = f(f(p * r) + EXP_POLY[q]);
  const er = f(f(f(f(p * r) * r) + r) + 1);
  const pow2 = fromBits(((truncSat(n) + 127) << 23) >>> 0);
  return x0 < EXP_LO ? 0 : f(er * pow2);
}

/** Mirrors f32x4_tanh on one lane. */
export function tanh__scalar(x: number): number {
  const ax = Math.abs(x);
  const z = f(x * x);
  let p = TANH_POLY[0];
  for (let q = 1; q < TANH_POLY.length; q++) p = f(f(p * z) + TANH_POLY[q]);
  const small = f(f(f(p * z) * ax) + ax);
  const capped = Math.min(ax, 10);
  const e = exp__scalar(f(capped + capped));
  const big = f(1 - f(2 / f(e + 1)));
  const t = ax < 0.625 ? small : big;
  return fromBits(toBits(t) | (toBits(x) & 0x80000000));
}

/** Mirrors f32x4_sigmoid on one lane. */
export function sigmoid__scalar(x: number): number {
  const e = exp__scalar(-Math.abs(x));
  return f((x >= 0 ? 1 : e) / f(1 + e));
}

/** The activations whose core path is SIMD or plain arithmetic (elu, selu, gelu and softmax call the core's own Mathf.exp/erf: float64 references cover them). */
export type TwinActivation = 'linear' | 'relu' | 'leakyRelu' | 'tanh' | 'sigmoid';

/** Mirrors f32_act_forward__simd for one value (every lane and tail element runs the same code). */
export function f32_act_forward__scalar(act: TwinActivation, x: number, alpha: number): number {
  switch (act) {
    case 'linear': return x;
    case 'relu': return Math.max(x, 0);
    case 'leakyRelu': return x > 0 ? x : f(f(alpha) * x);
    case 'tanh': return tanh__scalar(x);
    case 'sigmoid': return sigmoid__scalar(x);
  }
}

/** Mirrors f32_act_backward__simd for one element: the new g from z, a and g (elu and selu too: their derivative is arithmetic on a). */
export function f32_act_backward__scalar(act: TwinActivation | 'elu' | 'selu', z: number, a: number, g: number, alpha: number): number {
  const SELU_ALPHA = f(1.6732632423543772), SELU_SCALE = f(1.0507009873554805);
  switch (act) {
    case 'linear': return g;
    case 'relu': return z > 0 ? g : fromBits(toBits(g) & 0); // v128.and with an all-zero mask: +0
    case 'leakyRelu': return f(g * (z > 0 ? 1 : f(alpha)));
    case 'elu': return f(g * (z > 0 ? 1 : f(a + f(alpha))));
    case 'selu': return f(g * (z > 0 ? SELU_SCALE : f(a + f(SELU_SCALE * SELU_ALPHA))));
    case 'tanh': return f(g * f(1 - f(a * a)));
    case 'sigmoid': return f(g * f(a * f(1 - a)));
  }
}

/** What f32_opt_step__simd takes besides the buffers (as the host passes them). */
export interface OptStep { opt: number; lr: number; a: number; b: number; eps: number; wd: number; flags: number; t: number }

/**
 * Mirrors f32_opt_step__simd, updating p, s1, s2 in place. `alpha` is Adam's step size from the
 * core's adam_step_size (float64 pow, computed once per step outside the SIMD loop).
 */
export function f32_opt_step__scalar(codes: { SGD: number; ADAM: number; ADAMW: number; RMSPROP: number; ADAGRAD: number; NESTEROV: number },
  s: OptStep, p: Float32Array, g: Float32Array, s1: Float32Array, s2: Float32Array, alpha: number): void {
  const lr = f(s.lr), a = f(s.a), b = f(s.b), eps = f(s.eps), wd = f(s.wd);
  for (let i = 0; i < p.length; i++) {
    const gv = g[i];
    if (s.opt === codes.SGD) {
      if (a === 0) { p[i] = f(p[i] - f(lr * gv)); continue; }
      const step = f(lr * gv);
      const v = f(f(a * s1[i]) - step);
      s1[i] = v;
      p[i] = f(p[i] + ((s.flags & codes.NESTEROV) !== 0 ? f(f(a * v) - step) : v));
    } else if (s.opt === codes.ADAM || s.opt === codes.ADAMW) {
      let pv = p[i];
      if (s.opt === codes.ADAMW && wd !== 0) pv = f(pv - f(pv * f(wd * lr)));
      const m = f(s1[i] + f(f(gv - s1[i]) * f(1 - a)));
      const v = f(s2[i] + f(f(f(gv * gv) - s2[i]) * f(1 - b)));
      s1[i] = m; s2[i] = v;
      p[i] = f(pv - f(f(m * alpha) / f(f(Math.sqrt(v)) + eps)));
    } else if (s.opt === codes.RMSPROP) {
      const v = f(f(a * s1[i]) + f(f(1 - a) * f(gv * gv)));
      s1[i] = v;
      p[i] = f(p[i] - f(f(lr * gv) / f(Math.sqrt(f(v + eps)))));
    } else if (s.opt === codes.ADAGRAD) {
      const acc = f(s1[i] + f(gv * gv));
      s1[i] = acc;
      p[i] = f(p[i] - f(f(lr * gv) / f(Math.sqrt(f(acc + eps)))));
    } else throw new Error(`unknown optimizer code ${s.opt}`);
  }
}
