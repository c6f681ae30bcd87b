// Products with a sparse left operand in CSR form, for a first Dense layer fed sparse rows
// (TF-IDF text): the cost follows the nonzeros, not the width of the input.
//
//   f32_spmm_nn: C[m,n] = A[m,k] . B[k,n] (+ bias[n])   forward:  Z = X . W + b
//   f32_spmm_tn: C[k,n] = A[m,k]^T . D[m,n]             backward: dW = X^T . dZ
//
// A is (indptr, indices, values): row i's nonzeros are entries indptr[i] .. indptr[i+1] (absolute
// offsets into indices/values, so a run of rows of a larger matrix needs no copy), columns
// increasing. Each output is its start value (bias or 0) plus the products in ascending column
// (forward) or ascending row (backward) order, one at a time: the order depends only on the data,
// and skipping a zero product changes no bit, so the results equal the dense kernels' exactly.

@inline function at(base: usize, index: i32): usize {
  return base + (<usize>index << 2);
}

/** Row i of C: start (bias or 0) + sum over row i's nonzeros of value * B[col, :], 16 columns at a time. */
@inline function spmm_row(indptr: usize, indices: usize, values: usize, b: usize, c: usize, i: i32, n: i32, bias: usize): void {
  const k0 = load<i32>(at(indptr, i)), k1 = load<i32>(at(indptr, i + 1));
  const crow = at(c, i * n);
  let j = 0;
  for (; j + 16 <= n; j += 16) {
    let c0 = bias ? v128.load(at(bias, j)) : f32x4.splat(0), c1 = bias ? v128.load(at(bias, j + 4)) : f32x4.splat(0);
    let c2 = bias ? v128.load(at(bias, j + 8)) : f32x4.splat(0), c3 = bias ? v128.load(at(bias, j + 12)) : f32x4.splat(0);
    for (let k = k0; k < k1; k++) {
      const v = f32x4.splat(load<f32>(at(values, k)));
      const brow = at(b, load<i32>(at(indices, k)) * n + j);
      c0 = f32x4.add(c0, f32x4.mul(v, v128.load(brow)));
      c1 = f32x4.add(c1, f32x4.mul(v, v128.load(brow, 16)));
      c2 = f32x4.add(c2, f32x4.mul(v, v128.load(brow, 32)));
      c3 = f32x4.add(c3, f32x4.mul(v, v128.load(brow, 48)));
    }
    v128.store(at(crow, j), c0); v128.store(at(crow, j), c1, 16);
    v128.store(at(crow, j), c2, 32); v128.store(at(crow, j), c3, 48);
  }
  for (; j + 4 <= n; j += 4) {
    let c0 = bias ? v128.load(at(bias, j)) : f32x4.splat(0);
    for (let k = k0; k < k1; k++) {
      c0 = f32x4.add(c0, f32x4.mul(f32x4.splat(load<f32>(at(values, k))), v128.load(at(b, load<i32>(at(indices, k)) * n + j))));
    }
    v128.store(at(crow, j), c0);
  }
  for (; j < n; j++) {
    let s: f32 = bias ? load<f32>(at(bias, j)) : 0;
    for (let k = k0; k < k1; k++) s += load<f32>(at(values, k)) * load<f32>(at(b, load<i32>(at(indices, k)) * n + j));
    store<f32>(at(crow, j), s);
  }
}

/** C[m,n] = A . B (+ bias), A an m-row CSR matrix, B dense k x n (k = A's width, implied by its indices). */
export function f32_spmm_nn_1x16__simd(indptr: usize, indices: usize, values: usize, b: usize, c: usize, m: i32, n: i32, bias: usize): void {
  for (let i = 0; i < m; i++) spmm_row(indptr, indices, values, b, c, i, n, bias);
}

/** y[0..len) += alpha * x[0..len) */
@inline function axpy(y: usize, x: usize, alpha: f32, len: i32): void {
  const va = f32x4.splat(alpha);
  let i = 0;
  for (; i + 4 <= len; i += 4) v128.store(at(y, i), f32x4.add(v128.load(at(y, i)), f32x4.mul(va, v128.load(at(x, i)))));
  for (; i < len; i++) store<f32>(at(y, i), load<f32>(at(y, i)) + alpha * load<f32>(at(x, i)));
}

/**
 * C[k,n] = A^T . D: C is cleared, then each nonzero A[i,p] adds A[i,p] * D[i,:] to row p of C,
 * rows i ascending. Rows of C that no nonzero touches stay 0.
 */
export function f32_spmm_tn__simd(indptr: usize, indices: usize, values: usize, d: usize, c: usize, m: i32, k: i32, n: i32): void {
  memory.fill(c, 0, <usize>k * <usize>n << 2);
  for (let i = 0; i < m; i++) {
    const drow = at(d, i * n);
    const k1 = load<i32>(at(indptr, i + 1));
    for (let kk = load<i32>(at(indptr, i)); kk < k1; kk++) {
      axpy(at(c, load<i32>(at(indices, kk)) * n), drow, load<f32>(at(values, kk)), n);
    }
  }
}
