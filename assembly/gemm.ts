// f32 matrix products of the dense layer, forward and both backward shapes.
// Row-major throughout; m, k, n and all strides count floats; pointers are byte addresses
// with no alignment requirement (v128.load/store tolerate any alignment).
// The blocking depends only on the shapes, so results are bit-identical on every engine.
//
//   f32_gemm_nn: C[m,n]  = A[m,k] . B[k,n] (+ bias[n])      forward:  Z = X . W + b
//   f32_gemm_tn: C[k,n]  = A[m,k]^T . D[m,n]                 backward: dW = X^T . dZ
//   f32_gemm_nt: C[m,k]  = D[m,n] . B[k,n]^T                 backward: dX = dZ . W^T

@inline function hsum(v: v128): f32 {
  return (f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1)) + (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3));
}

@inline function at(base: usize, index: i32): usize {
  return base + (<usize>index << 2);
}

/** Dot product of two contiguous f32 vectors of length len (4 independent SIMD chains). */
export function f32_dot__simd(x: usize, y: usize, len: i32): f32 {
  let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
  let i = 0;
  for (; i + 16 <= len; i += 16) {
    a0 = f32x4.add(a0, f32x4.mul(v128.load(at(x, i)), v128.load(at(y, i))));
    a1 = f32x4.add(a1, f32x4.mul(v128.load(at(x, i + 4)), v128.load(at(y, i + 4))));
    a2 = f32x4.add(a2, f32x4.mul(v128.load(at(x, i + 8)), v128.load(at(y, i + 8))));
    a3 = f32x4.add(a3, f32x4.mul(v128.load(at(x, i + 12)), v128.load(at(y, i + 12))));
  }
  for (; i + 4 <= len; i += 4) a0 = f32x4.add(a0, f32x4.mul(v128.load(at(x, i)), v128.load(at(y, i))));
  let s = hsum(f32x4.add(f32x4.add(a0, a1), f32x4.add(a2, a3)));
  for (; i < len; i++) s += load<f32>(at(x, i)) * load<f32>(at(y, i));
  return s;
}

/** y[0..len) += alpha * x[0..len) */
@inline function axpy(y: usize, x: usize, alpha: f32, len: i32): void {
  const va = f32x4.splat(alpha);
  let i = 0;
  for (; i + 4 <= len; i += 4) v128.store(at(y, i), f32x4.add(v128.load(at(y, i)), f32x4.mul(va, v128.load(at(x, i)))));
  for (; i < len; i++) store<f32>(at(y, i), load<f32>(at(y, i)) + alpha * load<f32>(at(x, i)));
}

// ---------------------------------------------------------------- forward: C = A . B + bias

/** One row block of 4 rows, 8 columns at a time: 8 independent accumulators. */
@inline function nn_rows4(a: usize, b: usize, c: usize, i: i32, k: i32, n: i32, bias: usize): void {
  const r0 = at(a, i * k), r1 = at(a, (i + 1) * k), r2 = at(a, (i + 2) * k), r3 = at(a, (i + 3) * k);
  let j = 0;
  for (; j + 8 <= n; j += 8) {
    let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
    if (bias) { c00 = v128.load(at(bias, j)); c01 = v128.load(at(bias, j + 4)); }
    let c10 = c00, c11 = c01, c20 = c00, c21 = c01, c30 = c00, c31 = c01;
    let bp = at(b, j);
    const bstride = <usize>n << 2;
    for (let p = 0; p < k; p++) {
      const b0 = v128.load(bp), b1 = v128.load(bp, 16);
      const pp = <usize>p << 2;
      const a0 = v128.load32_splat(r0 + pp), a1 = v128.load32_splat(r1 + pp);
      const a2 = v128.load32_splat(r2 + pp), a3 = v128.load32_splat(r3 + pp);
      c00 = f32x4.add(c00, f32x4.mul(a0, b0)); c01 = f32x4.add(c01, f32x4.mul(a0, b1));
      c10 = f32x4.add(c10, f32x4.mul(a1, b0)); c11 = f32x4.add(c11, f32x4.mul(a1, b1));
      c20 = f32x4.add(c20, f32x4.mul(a2, b0)); c21 = f32x4.add(c21, f32x4.mul(a2, b1));
      c30 = f32x4.add(c30, f32x4.mul(a3, b0)); c31 = f32x4.add(c31, f32x4.mul(a3, b1));
      bp += bstride;
    }
    v128.store(at(c, i * n + j), c00); v128.store(at(c, i * n + j + 4), c01);
    v128.store(at(c, (i + 1) * n + j), c10); v128.store(at(c, (i + 1) * n + j + 4), c11);
    v128.store(at(c, (i + 2) * n + j), c20); v128.store(at(c, (i + 2) * n + j + 4), c21);
    v128.store(at(c, (i + 3) * n + j), c30); v128.store(at(c, (i + 3) * n + j + 4), c31);
  }
  for (; j + 4 <= n; j += 4) {
    let c0 = bias ? v128.load(at(bias, j)) : f32x4.splat(0);
    let c1 = c0, c2 = c0, c3 = c0;
    for (let p = 0; p < k; p++) {
      const bv = v128.load(at(b, p * n + j));
      const pp = <usize>p << 2;
      c0 = f32x4.add(c0, f32x4.mul(v128.load32_splat(r0 + pp), bv));
      c1 = f32x4.add(c1, f32x4.mul(v128.load32_splat(r1 + pp), bv));
      c2 = f32x4.add(c2, f32x4.mul(v128.load32_splat(r2 + pp), bv));
      c3 = f32x4.add(c3, f32x4.mul(v128.load32_splat(r3 + pp), bv));
    }
    v128.store(at(c, i * n + j), c0); v128.store(at(c, (i + 1) * n + j), c1);
    v128.store(at(c, (i + 2) * n + j), c2); v128.store(at(c, (i + 3) * n + j), c3);
  }
  for (; j < n; j++) {
    for (let r = 0; r < 4; r++) {
      let s: f32 = bias ? load<f32>(at(bias, j)) : 0;
      const row = at(a, (i + r) * k);
      for (let p = 0; p < k; p++) s += load<f32>(at(row, p)) * load<f32>(at(b, p * n + j));
      store<f32>(at(c, (i + r) * n + j), s);
    }
  }
}

@inline function nn_row1(a: usize, b: usize, c: usize, i: i32, k: i32, n: i32, bias: usize): void {
  const row = at(a, i * k);
  const out = at(c, i * n);
  if (bias) memory.copy(out, bias, <usize>n << 2);
  else memory.fill(out, 0, <usize>n << 2);
  for (let p = 0; p < k; p++) axpy(out, at(b, p * n), load<f32>(at(row, p)), n);
}

export function f32_gemm_nn__simd(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, bias: usize): void {
  if (n == 1) {
    // A single output unit: B is one contiguous column, so each output is a dot product.
    const b0: f32 = bias ? load<f32>(bias) : 0;
    for (let i = 0; i < m; i++) store<f32>(at(c, i), f32_dot__simd(at(a, i * k), b, k) + b0);
    return;
  }
  let i = 0;
  for (; i + 4 <= m; i += 4) nn_rows4(a, b, c, i, k, n, bias);
  for (; i < m; i++) nn_row1(a, b, c, i, k, n, bias);
}

// ---------------------------------------------------------------- weight gradient: C = A^T . D

export function f32_gemm_tn__simd(a: usize, d: usize, c: usize, m: i32, k: i32, n: i32): void {
  if (n == 1) {
    // dW is a column: accumulate whole rows of A scaled by dZ[i] (contiguous along k).
    memory.fill(c, 0, <usize>k << 2);
    for (let i = 0; i < m; i++) axpy(c, at(a, i * k), load<f32>(at(d, i)), k);
    return;
  }
  let p = 0;
  for (; p + 4 <= k; p += 4) {
    let j = 0;
    for (; j + 8 <= n; j += 8) {
      let c00 = f32x4.splat(0), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
      for (let i = 0; i < m; i++) {
        const arow = at(a, i * k + p);
        const drow = at(d, i * n + j);
        const d0 = v128.load(drow), d1 = v128.load(drow, 16);
        const a0 = v128.load32_splat(arow), a1 = v128.load32_splat(arow + 4);
        const a2 = v128.load32_splat(arow + 8), a3 = v128.load32_splat(arow + 12);
        c00 = f32x4.add(c00, f32x4.mul(a0, d0)); c01 = f32x4.add(c01, f32x4.mul(a0, d1));
        c10 = f32x4.add(c10, f32x4.mul(a1, d0)); c11 = f32x4.add(c11, f32x4.mul(a1, d1));
        c20 = f32x4.add(c20, f32x4.mul(a2, d0)); c21 = f32x4.add(c21, f32x4.mul(a2, d1));
        c30 = f32x4.add(c30, f32x4.mul(a3, d0)); c31 = f32x4.add(c31, f32x4.mul(a3, d1));
      }
      v128.store(at(c, p * n + j), c00); v128.store(at(c, p * n + j + 4), c01);
      v128.store(at(c, (p + 1) * n + j), c10); v128.store(at(c, (p + 1) * n + j + 4), c11);
      v128.store(at(c, (p + 2) * n + j), c20); v128.store(at(c, (p + 2) * n + j + 4), c21);
      v128.store(at(c, (p + 3) * n + j), c30); v128.store(at(c, (p + 3) * n + j + 4), c31);
    }
    for (; j + 4 <= n; j += 4) {
      let c0 = f32x4.splat(0), c1 = c0, c2 = c0, c3 = c0;
      for (let i = 0; i < m; i++) {
        const arow = at(a, i * k + p);
        const dv = v128.load(at(d, i * n + j));
        c0 = f32x4.add(c0, f32x4.mul(v128.load32_splat(arow), dv));
        c1 = f32x4.add(c1, f32x4.mul(v128.load32_splat(arow + 4), dv));
        c2 = f32x4.add(c2, f32x4.mul(v128.load32_splat(arow + 8), dv));
        c3 = f32x4.add(c3, f32x4.mul(v128.load32_splat(arow + 12), dv));
      }
      v128.store(at(c, p * n + j), c0); v128.store(at(c, (p + 1) * n + j), c1);
      v128.store(at(c, (p + 2) * n + j), c2); v128.store(at(c, (p + 3) * n + j), c3);
    }
    for (; j < n; j++) {
      for (let r = 0; r < 4; r++) {
        let s: f32 = 0;
        for (let i = 0; i < m; i++) s += load<f32>(at(a, i * k + p + r)) * load<f32>(at(d, i * n + j));
        store<f32>(at(c, (p + r) * n + j), s);
      }
    }
  }
  for (; p < k; p++) {
    const out = at(c, p * n);
    memory.fill(out, 0, <usize>n << 2);
    for (let i = 0; i < m; i++) axpy(out, at(d, i * n), load<f32>(at(a, i * k + p)), n);
  }
}

// ---------------------------------------------------------------- input gradient: C = D . B^T

export function f32_gemm_nt__simd(d: usize, b: usize, c: usize, m: i32, n: i32, k: i32): void {
  if (n == 1) {
    // One output unit: dX[i, :] = dZ[i] * W[:, 0], and W's column is contiguous.
    for (let i = 0; i < m; i++) {
      const out = at(c, i * k);
      memory.fill(out, 0, <usize>k << 2);
      axpy(out, b, load<f32>(at(d, i)), k);
    }
    return;
  }
  for (let i = 0; i < m; i++) {
    const drow = at(d, i * n);
    let p = 0;
    for (; p + 4 <= k; p += 4) {
      const b0 = at(b, p * n), b1 = at(b, (p + 1) * n), b2 = at(b, (p + 2) * n), b3 = at(b, (p + 3) * n);
      let c0 = f32x4.splat(0), c1 = c0, c2 = c0, c3 = c0;
      let j = 0;
      for (; j + 4 <= n; j += 4) {
        const jj = <usize>j << 2;
        const dv = v128.load(drow + jj);
        c0 = f32x4.add(c0, f32x4.mul(dv, v128.load(b0 + jj)));
        c1 = f32x4.add(c1, f32x4.mul(dv, v128.load(b1 + jj)));
        c2 = f32x4.add(c2, f32x4.mul(dv, v128.load(b2 + jj)));
        c3 = f32x4.add(c3, f32x4.mul(dv, v128.load(b3 + jj)));
      }
      let s0 = hsum(c0), s1 = hsum(c1), s2 = hsum(c2), s3 = hsum(c3);
      for (; j < n; j++) {
        const dj = load<f32>(at(drow, j));
        s0 += dj * load<f32>(at(b0, j)); s1 += dj * load<f32>(at(b1, j));
        s2 += dj * load<f32>(at(b2, j)); s3 += dj * load<f32>(at(b3, j));
      }
      store<f32>(at(c, i * k + p), s0); store<f32>(at(c, i * k + p + 1), s1);
      store<f32>(at(c, i * k + p + 2), s2); store<f32>(at(c, i * k + p + 3), s3);
    }
    for (; p < k; p++) store<f32>(at(c, i * k + p), f32_dot__simd(drow, at(b, p * n), n));
  }
}

/** out[j] = sum_i D[i, j]: the bias gradient. */
export function f32_colsum__simd(d: usize, out: usize, m: i32, n: i32): void {
  memory.fill(out, 0, <usize>n << 2);
  for (let i = 0; i < m; i++) axpy(out, at(d, i * n), 1.0, n);
}
