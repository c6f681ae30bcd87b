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
export function f32_dot__simd_u16_acc4(x: usize, y: usize, len: i32): f32 {
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
// Every output is its start value (bias, 0, or the partial sum already in C) plus the products
// taken in ascending p, one at a time, whatever the path: the k-blocking of the large path
// resumes from C, so it gives the same bits as one pass.

/** A tile's start value: the running sum in C when resuming a k block, else bias or 0. */
@inline function start(resume: bool, cp: usize, bias: usize, j: i32): v128 {
  return resume ? v128.load(cp) : bias ? v128.load(at(bias, j)) : f32x4.splat(0);
}
@inline function start1(resume: bool, cp: usize, bias: usize, j: i32): f32 {
  return resume ? load<f32>(cp) : bias ? load<f32>(at(bias, j)) : 0;
}

/**
 * Rows i..i+3, columns [j0, j1) of C over k products: A rows at stride lda, B rows at stride ldb,
 * C rows at stride ldc (floats). Columns 8 at a time: 8 independent f32x4 accumulators.
 */
@inline function nn_rows4(a: usize, lda: i32, b: usize, ldb: i32, c: usize, ldc: i32, k: i32, j0: i32, j1: i32, bias: usize, resume: bool): void {
  const r0 = a, r1 = at(a, lda), r2 = at(a, 2 * lda), r3 = at(a, 3 * lda);
  const c0p = c, c1p = at(c, ldc), c2p = at(c, 2 * ldc), c3p = at(c, 3 * ldc);
  const bstride = <usize>ldb << 2;
  let j = j0;
  for (; j + 8 <= j1; j += 8) nn_tile4x8(a, lda, b + (<usize>j << 2), bstride, c, ldc, k, j, bias, resume);
  for (; j + 4 <= j1; j += 4) {
    const jo = <usize>j << 2;
    let c0 = start(resume, c0p + jo, bias, j), c1 = start(resume, c1p + jo, bias, j);
    let c2 = start(resume, c2p + jo, bias, j), c3 = start(resume, c3p + jo, bias, j);
    let bp = b + jo;
    for (let p = 0; p < k; p++) {
      const bv = v128.load(bp);
      const pp = <usize>p << 2;
      c0 = f32x4.add(c0, f32x4.mul(v128.load32_splat(r0 + pp), bv));
      c1 = f32x4.add(c1, f32x4.mul(v128.load32_splat(r1 + pp), bv));
      c2 = f32x4.add(c2, f32x4.mul(v128.load32_splat(r2 + pp), bv));
      c3 = f32x4.add(c3, f32x4.mul(v128.load32_splat(r3 + pp), bv));
      bp += bstride;
    }
    v128.store(c0p + jo, c0); v128.store(c1p + jo, c1); v128.store(c2p + jo, c2); v128.store(c3p + jo, c3);
  }
  for (; j < j1; j++) {
    for (let r = 0; r < 4; r++) {
      const cp = at(c, r * ldc + j);
      let s = start1(resume, cp, bias, j);
      const row = at(a, r * lda);
      for (let p = 0; p < k; p++) s += load<f32>(at(row, p)) * load<f32>(at(b, p * ldb + j));
      store<f32>(cp, s);
    }
  }
}

/** One row of C, columns [j0, j1): out += a_p * B[p, :] for p ascending. */
@inline function nn_row1(a: usize, b: usize, ldb: i32, c: usize, k: i32, j0: i32, j1: i32, bias: usize, resume: bool): void {
  const out = at(c, j0), len = j1 - j0;
  if (!resume) {
    if (bias) memory.copy(out, at(bias, j0), <usize>len << 2);
    else memory.fill(out, 0, <usize>len << 2);
  }
  for (let p = 0; p < k; p++) axpy(out, at(b, p * ldb + j0), load<f32>(at(a, p)), len);
}

/** Rows [0, m) x columns [j0, j1) of C over k products (strides in floats). */
function nn_block(a: usize, lda: i32, b: usize, ldb: i32, c: usize, ldc: i32, m: i32, k: i32, j0: i32, j1: i32, bias: usize, resume: bool): void {
  let i = 0;
  for (; i + 4 <= m; i += 4) nn_rows4(at(a, i * lda), lda, b, ldb, at(c, i * ldc), ldc, k, j0, j1, bias, resume);
  for (; i < m; i++) nn_row1(at(a, i * lda), b, ldb, at(c, i * ldc), k, j0, j1, bias, resume);
}

/** Never read: keeps touch()'s loads alive through the optimiser. */
let touchSink: i32 = 0;

/**
 * Reads one cache line in every 64 bytes of rows x cols floats (row stride ld floats) so that a
 * block fetched from memory arrives with many misses in flight (wasm has no prefetch), instead of
 * one strided miss at a time inside the micro-kernel.
 */
function touch(p: usize, rows: i32, ld: i32, cols: i32): void {
  let acc = i32x4.splat(0);
  const bytes = <usize>cols << 2, stride = <usize>ld << 2;
  for (let r = 0; r < rows; r++) {
    for (let o: usize = 0; o + 16 <= bytes; o += 64) acc = v128.or(acc, v128.load(p + o));
    p += stride;
  }
  touchSink |= i32x4.extract_lane(acc, 0);
}

/** k rows of B per block and columns per block in the large path: a 256 x 128 block is 128 KiB (L2). */
const NN_KC = 256;
const NN_NC = 128;
/** B bigger than this (bytes) leaves L2 in one sweep: block it. */
const NN_BLOCK_BYTES = 256 * 1024;

export function f32_gemm_nn_4x8__simd(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, bias: usize): void {
  if (n == 1) {
    // A single output unit: B is one contiguous column, so each output is a dot product.
    const b0: f32 = bias ? load<f32>(bias) : 0;
    for (let i = 0; i < m; i++) store<f32>(at(c, i), f32_dot__simd_u16_acc4(at(a, i * k), b, k) + b0);
    return;
  }
  if (m < 8 || <i64>k * <i64>n * 4 <= NN_BLOCK_BYTES) {
    nn_block(a, k, b, n, c, n, m, k, 0, n, bias, false);
    return;
  }
  // Large B: for each block of KC rows of B and NC columns, sweep all rows of A, so the block
  // is read from L2 m/4 times instead of from memory. C carries the partial sums between k blocks.
  for (let pc = 0; pc < k; pc += NN_KC) {
    const kc = min(NN_KC, k - pc);
    for (let jc = 0; jc < n; jc += NN_NC) {
      const j1 = min(jc + NN_NC, n);
      touch(at(b, pc * n + jc), kc, n, j1 - jc);
      nn_block(at(a, pc), k, at(b, pc * n), n, c, n, m, kc, jc, j1, bias, pc > 0);
    }
  }
}

/**
 * The 4x8 register tile: rows i..i+3, columns j..j+8 of C over k products, 8 independent f32x4
 * accumulators. B rows sit `bstride` bytes apart: ldb * 4 in place, 32 in a packed panel (kc rows
 * of 8 floats back to back, so the loads stream instead of striding through B).
 */
@inline function nn_tile4x8(a: usize, lda: i32, b: usize, bstride: usize, c: usize, ldc: i32, k: i32, j: i32, bias: usize, resume: bool): void {
  const r0 = a, r1 = at(a, lda), r2 = at(a, 2 * lda), r3 = at(a, 3 * lda);
  const jo = <usize>j << 2;
  const c0p = c + jo, c1p = at(c, ldc) + jo, c2p = at(c, 2 * ldc) + jo, c3p = at(c, 3 * ldc) + jo;
  let c00 = start(resume, c0p, bias, j), c01 = start(resume, c0p + 16, bias, j + 4);
  let c10 = start(resume, c1p, bias, j), c11 = start(resume, c1p + 16, bias, j + 4);
  let c20 = start(resume, c2p, bias, j), c21 = start(resume, c2p + 16, bias, j + 4);
  let c30 = start(resume, c3p, bias, j), c31 = start(resume, c3p + 16, bias, j + 4);
  let bp = b;
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
  v128.store(c0p, c00); v128.store(c0p, c01, 16);
  v128.store(c1p, c10); v128.store(c1p, c11, 16);
  v128.store(c2p, c20); v128.store(c2p, c21, 16);
  v128.store(c3p, c30); v128.store(c3p, c31, 16);
}

/** Rows i..i+3 of C, one packed panel of 8 columns (see nn_tile4x8). */
@inline function nn_rows4_packed(a: usize, lda: i32, panel: usize, c: usize, ldc: i32, k: i32, j: i32, bias: usize, resume: bool): void {
  nn_tile4x8(a, lda, panel, 32, c, ldc, k, j, bias, resume);
}

/**
 * Forward product with B packed into `scratch` (`scratchFloats` floats, contents destroyed; a
 * block of B needs up to NN_KC x NN_NC = 32768, one that does not fit runs unpacked). Training
 * lends the layer's kernel-gradient buffer (free until backward overwrites it), inference the
 * gradient buffer. Same blocking and the same bits as f32_gemm_nn_4x8__simd; only the 8-column
 * panels of each block are read from the packed copy, whose rows are contiguous, so power-of-two
 * widths (n = 1024, 2048) no longer map a panel onto one cache set.
 */
export function f32_gemm_nn_4x8__simd_packed(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, bias: usize, scratch: usize, scratchFloats: i32): void {
  if (n == 1 || m < 8 || <i64>k * <i64>n * 4 <= NN_BLOCK_BYTES) {
    f32_gemm_nn_4x8__simd(a, b, c, m, k, n, bias);
    return;
  }
  nn_packed_cols(a, b, c, m, k, n, bias, scratch, scratchFloats, 0, n);
}

/**
 * Columns [j0, j1) of the packed forward product: one part of a job split over threads. Every
 * output is summed exactly as in the whole product, so any split gives the same bits.
 */
export function nn_packed_cols(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, bias: usize, scratch: usize, scratchFloats: i32, j0: i32, jEnd: i32): void {
  for (let pc = 0; pc < k; pc += NN_KC) {
    const kc = min(NN_KC, k - pc);
    for (let jc = j0; jc < jEnd; jc += NN_NC) {
      const j1 = min(jc + NN_NC, jEnd);
      const panels = (j1 - jc) >> 3, jp = jc + (panels << 3);
      if (<i64>kc * <i64>(panels << 3) > <i64>scratchFloats) {
        touch(at(b, pc * n + jc), kc, n, j1 - jc);
        nn_block(at(a, pc), k, at(b, pc * n), n, c, n, m, kc, jc, j1, bias, pc > 0);
        continue;
      }
      // Pack: panel q gets B[pc + p, jc + 8q .. +8] for p ascending (row by row: sequential reads).
      for (let p = 0; p < kc; p++) {
        const src = at(b, (pc + p) * n + jc);
        for (let q = 0; q < panels; q++) {
          const dst = scratch + ((<usize>(q * kc + p)) << 5);
          v128.store(dst, v128.load(src + (<usize>q << 5)));
          v128.store(dst, v128.load(src + (<usize>q << 5), 16), 16);
        }
      }
      const resume = pc > 0;
      let i = 0;
      for (; i + 4 <= m; i += 4) {
        const ai = at(a, i * k + pc), ci = at(c, i * n);
        for (let q = 0; q < panels; q++) nn_rows4_packed(ai, k, scratch + (<usize>(q * kc) << 5), ci, n, kc, jc + (q << 3), bias, resume);
        if (jp < j1) nn_rows4(ai, k, at(b, pc * n), n, ci, n, kc, jp, j1, bias, resume);
      }
      for (; i < m; i++) nn_row1(at(a, i * k + pc), at(b, pc * n), n, at(c, i * n), kc, jc, j1, bias, resume);
    }
  }
}

// ---------------------------------------------------------------- weight gradient: C = A^T . D
// Every output is 0 (or, resuming a block of rows, the partial sum in C) plus the products taken
// in ascending i, one at a time, on every path: blocking over i gives the same bits as one pass.

/**
 * Rows p..p+3 of C (columns of A), columns [j0, j1), summed over m rows of A and D.
 * A rows at stride lda, D rows at stride ldd, C rows at stride n (floats).
 */
@inline function tn_rows4(a: usize, lda: i32, d: usize, ldd: i32, c: usize, n: i32, m: i32, p: i32, j0: i32, j1: i32, resume: bool): void {
  const c0p = at(c, p * n), c1p = at(c, (p + 1) * n), c2p = at(c, (p + 2) * n), c3p = at(c, (p + 3) * n);
  const ap0 = at(a, p);
  const astride = <usize>lda << 2, dstride = <usize>ldd << 2;
  let j = j0;
  for (; j + 8 <= j1; j += 8) {
    const jo = <usize>j << 2;
    let c00 = start(resume, c0p + jo, 0, 0), c01 = start(resume, c0p + jo + 16, 0, 0);
    let c10 = start(resume, c1p + jo, 0, 0), c11 = start(resume, c1p + jo + 16, 0, 0);
    let c20 = start(resume, c2p + jo, 0, 0), c21 = start(resume, c2p + jo + 16, 0, 0);
    let c30 = start(resume, c3p + jo, 0, 0), c31 = start(resume, c3p + jo + 16, 0, 0);
    let arow = ap0, drow = d + jo;
    for (let i = 0; i < m; i++) {
      const d0 = v128.load(drow), d1 = v128.load(drow, 16);
      const a0 = v128.load32_splat(arow), a1 = v128.load32_splat(arow, 4);
      const a2 = v128.load32_splat(arow, 8), a3 = v128.load32_splat(arow, 12);
      c00 = f32x4.add(c00, f32x4.mul(a0, d0)); c01 = f32x4.add(c01, f32x4.mul(a0, d1));
      c10 = f32x4.add(c10, f32x4.mul(a1, d0)); c11 = f32x4.add(c11, f32x4.mul(a1, d1));
      c20 = f32x4.add(c20, f32x4.mul(a2, d0)); c21 = f32x4.add(c21, f32x4.mul(a2, d1));
      c30 = f32x4.add(c30, f32x4.mul(a3, d0)); c31 = f32x4.add(c31, f32x4.mul(a3, d1));
      arow += astride; drow += dstride;
    }
    v128.store(c0p + jo, c00); v128.store(c0p + jo, c01, 16);
    v128.store(c1p + jo, c10); v128.store(c1p + jo, c11, 16);
    v128.store(c2p + jo, c20); v128.store(c2p + jo, c21, 16);
    v128.store(c3p + jo, c30); v128.store(c3p + jo, c31, 16);
  }
  for (; j + 4 <= j1; j += 4) {
    const jo = <usize>j << 2;
    let c0 = start(resume, c0p + jo, 0, 0), c1 = start(resume, c1p + jo, 0, 0);
    let c2 = start(resume, c2p + jo, 0, 0), c3 = start(resume, c3p + jo, 0, 0);
    let arow = ap0, drow = d + jo;
    for (let i = 0; i < m; i++) {
      const dv = v128.load(drow);
      c0 = f32x4.add(c0, f32x4.mul(v128.load32_splat(arow), dv));
      c1 = f32x4.add(c1, f32x4.mul(v128.load32_splat(arow, 4), dv));
      c2 = f32x4.add(c2, f32x4.mul(v128.load32_splat(arow, 8), dv));
      c3 = f32x4.add(c3, f32x4.mul(v128.load32_splat(arow, 12), dv));
      arow += astride; drow += dstride;
    }
    v128.store(c0p + jo, c0); v128.store(c1p + jo, c1); v128.store(c2p + jo, c2); v128.store(c3p + jo, c3);
  }
  for (; j < j1; j++) {
    for (let r = 0; r < 4; r++) {
      const cp = at(c, (p + r) * n + j);
      let s = start1(resume, cp, 0, 0);
      for (let i = 0; i < m; i++) s += load<f32>(at(a, i * lda + p + r)) * load<f32>(at(d, i * ldd + j));
      store<f32>(cp, s);
    }
  }
}

/** Rows [0, k) of C, columns [j0, j1), over m rows of A and D (strides in floats). */
function tn_block(a: usize, lda: i32, d: usize, ldd: i32, c: usize, n: i32, m: i32, k: i32, j0: i32, j1: i32, resume: bool): void {
  let p = 0;
  for (; p + 4 <= k; p += 4) tn_rows4(a, lda, d, ldd, c, n, m, p, j0, j1, resume);
  for (; p < k; p++) {
    // One row of C: C[p, :] += A[i, p] * D[i, :] for i ascending.
    const out = at(c, p * n + j0), len = j1 - j0;
    if (!resume) memory.fill(out, 0, <usize>len << 2);
    for (let i = 0; i < m; i++) axpy(out, at(d, i * ldd + j0), load<f32>(at(a, i * lda + p)), len);
  }
}

/** Rows of A and D per block (the sum's i) and columns of D per block in the large path. */
const TN_MC = 256;
const TN_NC = 128;
/** D bigger than this (bytes) leaves L2 in one sweep: block it. */
const TN_BLOCK_BYTES = 256 * 1024;

export function f32_gemm_tn_4x8__simd(a: usize, d: usize, c: usize, m: i32, k: i32, n: i32): void {
  if (n == 1) {
    // dW is a column: accumulate whole rows of A scaled by dZ[i] (contiguous along k).
    memory.fill(c, 0, <usize>k << 2);
    for (let i = 0; i < m; i++) axpy(c, at(a, i * k), load<f32>(at(d, i)), k);
    return;
  }
  if (k < 8 || <i64>m * <i64>n * 4 <= TN_BLOCK_BYTES) {
    tn_block(a, k, d, n, c, n, m, k, 0, n, false);
    return;
  }
  // Large D: for each block of MC rows and NC columns of D (fetched by a touch pass), run every
  // row of C against it; C carries the partial sums between row blocks.
  for (let ic = 0; ic < m; ic += TN_MC) {
    const mc = min(TN_MC, m - ic);
    for (let jc = 0; jc < n; jc += TN_NC) {
      const j1 = min(jc + TN_NC, n);
      touch(at(d, ic * n + jc), mc, n, j1 - jc);
      tn_block(at(a, ic * k), k, at(d, ic * n), n, c, n, mc, k, jc, j1, ic > 0);
    }
  }
}

/**
 * Weight gradient with D's column panels and A's 4-column panels packed into `scratch`
 * (`scratchFloats` floats, contents destroyed): the backward pass lends the gradient buffer that
 * the next input gradient will overwrite. Same blocking and the same bits as f32_gemm_tn_4x8__simd;
 * a block whose packed copy would not fit in the scratch runs unpacked.
 */
export function f32_gemm_tn_4x8__simd_packed(a: usize, d: usize, c: usize, m: i32, k: i32, n: i32, scratch: usize, scratchFloats: i32): void {
  // Packing pays once D or C leaves L2 (a wide C is swept once per 4 rows, re-reading D's panels).
  if (n == 1 || k < 8 || (<i64>m * <i64>n * 4 <= TN_BLOCK_BYTES && <i64>k * <i64>n * 4 <= TN_BLOCK_BYTES)) {
    f32_gemm_tn_4x8__simd(a, d, c, m, k, n);
    return;
  }
  tn_packed_cols(a, d, c, m, k, n, scratch, scratchFloats, 0, n);
}

/** Columns [j0, jEnd) of the packed weight gradient: one part of a job split over threads (same bits). */
export function tn_packed_cols(a: usize, d: usize, c: usize, m: i32, k: i32, n: i32, scratch: usize, scratchFloats: i32, j0: i32, jEnd: i32): void {
  for (let ic = 0; ic < m; ic += TN_MC) {
    const mc = min(TN_MC, m - ic);
    const ab = at(a, ic * k), db = at(d, ic * n);
    const resume = ic > 0;
    for (let jc = j0; jc < jEnd; jc += TN_NC) {
      const j1 = min(jc + TN_NC, jEnd);
      const panels = (j1 - jc) >> 3, jp = jc + (panels << 3);
      if (panels == 0 || <i64>mc * <i64>((panels << 3) + 4) > <i64>scratchFloats) {
        touch(at(d, ic * n + jc), mc, n, j1 - jc);
        tn_block(ab, k, db, n, c, n, mc, k, jc, j1, resume);
        continue;
      }
      // D panel q: rows i of D[ic + i, jc + 8q .. +8] back to back; then A's panel (4 floats a row).
      const apack = scratch + (<usize>(panels * mc) << 5);
      for (let i = 0; i < mc; i++) {
        const src = at(db, i * n + jc);
        for (let q = 0; q < panels; q++) {
          const dst = scratch + (<usize>(q * mc + i) << 5);
          v128.store(dst, v128.load(src + (<usize>q << 5)));
          v128.store(dst, v128.load(src + (<usize>q << 5), 16), 16);
        }
      }
      let p = 0;
      for (; p + 4 <= k; p += 4) {
        for (let i = 0; i < mc; i++) v128.store(apack + (<usize>i << 4), v128.load(at(ab, i * k + p)));
        const c0p = at(c, p * n), c1p = at(c, (p + 1) * n), c2p = at(c, (p + 2) * n), c3p = at(c, (p + 3) * n);
        for (let q = 0; q < panels; q++) {
          const jo = <usize>(jc + (q << 3)) << 2;
          let c00 = start(resume, c0p + jo, 0, 0), c01 = start(resume, c0p + jo + 16, 0, 0);
          let c10 = start(resume, c1p + jo, 0, 0), c11 = start(resume, c1p + jo + 16, 0, 0);
          let c20 = start(resume, c2p + jo, 0, 0), c21 = start(resume, c2p + jo + 16, 0, 0);
          let c30 = start(resume, c3p + jo, 0, 0), c31 = start(resume, c3p + jo + 16, 0, 0);
          let dp = scratch + (<usize>(q * mc) << 5), ap = apack;
          for (let i = 0; i < mc; i++) {
            const d0 = v128.load(dp), d1 = v128.load(dp, 16);
            const a0 = v128.load32_splat(ap), a1 = v128.load32_splat(ap, 4);
            const a2 = v128.load32_splat(ap, 8), a3 = v128.load32_splat(ap, 12);
            c00 = f32x4.add(c00, f32x4.mul(a0, d0)); c01 = f32x4.add(c01, f32x4.mul(a0, d1));
            c10 = f32x4.add(c10, f32x4.mul(a1, d0)); c11 = f32x4.add(c11, f32x4.mul(a1, d1));
            c20 = f32x4.add(c20, f32x4.mul(a2, d0)); c21 = f32x4.add(c21, f32x4.mul(a2, d1));
            c30 = f32x4.add(c30, f32x4.mul(a3, d0)); c31 = f32x4.add(c31, f32x4.mul(a3, d1));
            dp += 32; ap += 16;
          }
          v128.store(c0p + jo, c00); v128.store(c0p + jo, c01, 16);
          v128.store(c1p + jo, c10); v128.store(c1p + jo, c11, 16);
          v128.store(c2p + jo, c20); v128.store(c2p + jo, c21, 16);
          v128.store(c3p + jo, c30); v128.store(c3p + jo, c31, 16);
        }
        if (jp < j1) tn_rows4(ab, k, db, n, c, n, mc, p, jp, j1, resume);
      }
      for (; p < k; p++) {
        const out = at(c, p * n + jc), len = j1 - jc;
        if (!resume) memory.fill(out, 0, <usize>len << 2);
        for (let i = 0; i < mc; i++) axpy(out, at(db, i * n + jc), load<f32>(at(ab, i * k + p)), len);
      }
    }
  }
}

// ---------------------------------------------------------------- input gradient: C = D . B^T

/**
 * Rows i and i+1 of C = D . B^T: each output is one f32x4 accumulator over j in steps of 4, its
 * lanes summed (hsum), then the scalar tail, exactly as the one-row path, so pairing rows only
 * halves the loads of B (2 rows of D x 4 rows of B: 8 accumulators, 6 loads per 16 flops ops).
 */
@inline function nt_rows2(d: usize, b: usize, c: usize, i: i32, n: i32, k: i32): void {
  const drow0 = at(d, i * n), drow1 = at(d, (i + 1) * n);
  const out0 = at(c, i * k), out1 = at(c, (i + 1) * k);
  let p = 0;
  for (; p + 4 <= k; p += 4) {
    const b0 = at(b, p * n), b1 = at(b, (p + 1) * n), b2 = at(b, (p + 2) * n), b3 = at(b, (p + 3) * n);
    let c0 = f32x4.splat(0), c1 = c0, c2 = c0, c3 = c0, e0 = c0, e1 = c0, e2 = c0, e3 = c0;
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      const jj = <usize>j << 2;
      const dv = v128.load(drow0 + jj), fv = v128.load(drow1 + jj);
      const v0 = v128.load(b0 + jj), v1 = v128.load(b1 + jj), v2 = v128.load(b2 + jj), v3 = v128.load(b3 + jj);
      c0 = f32x4.add(c0, f32x4.mul(dv, v0)); e0 = f32x4.add(e0, f32x4.mul(fv, v0));
      c1 = f32x4.add(c1, f32x4.mul(dv, v1)); e1 = f32x4.add(e1, f32x4.mul(fv, v1));
      c2 = f32x4.add(c2, f32x4.mul(dv, v2)); e2 = f32x4.add(e2, f32x4.mul(fv, v2));
      c3 = f32x4.add(c3, f32x4.mul(dv, v3)); e3 = f32x4.add(e3, f32x4.mul(fv, v3));
    }
    let s0 = hsum(c0), s1 = hsum(c1), s2 = hsum(c2), s3 = hsum(c3);
    let t0 = hsum(e0), t1 = hsum(e1), t2 = hsum(e2), t3 = hsum(e3);
    for (; j < n; j++) {
      const dj = load<f32>(at(drow0, j)), fj = load<f32>(at(drow1, j));
      const w0 = load<f32>(at(b0, j)), w1 = load<f32>(at(b1, j)), w2 = load<f32>(at(b2, j)), w3 = load<f32>(at(b3, j));
      s0 += dj * w0; s1 += dj * w1; s2 += dj * w2; s3 += dj * w3;
      t0 += fj * w0; t1 += fj * w1; t2 += fj * w2; t3 += fj * w3;
    }
    store<f32>(at(out0, p), s0); store<f32>(at(out0, p + 1), s1); store<f32>(at(out0, p + 2), s2); store<f32>(at(out0, p + 3), s3);
    store<f32>(at(out1, p), t0); store<f32>(at(out1, p + 1), t1); store<f32>(at(out1, p + 2), t2); store<f32>(at(out1, p + 3), t3);
  }
  for (; p < k; p++) {
    store<f32>(at(out0, p), f32_dot__simd_u16_acc4(drow0, at(b, p * n), n));
    store<f32>(at(out1, p), f32_dot__simd_u16_acc4(drow1, at(b, p * n), n));
  }
}

export function f32_gemm_nt_2x4__simd(d: usize, b: usize, c: usize, m: i32, n: i32, k: i32): void {
  if (n == 1) {
    // One output unit: dX[i, :] = dZ[i] * W[:, 0], and W's column is contiguous.
    for (let i = 0; i < m; i++) {
      const out = at(c, i * k);
      memory.fill(out, 0, <usize>k << 2);
      axpy(out, b, load<f32>(at(d, i)), k);
    }
    return;
  }
  let i = 0;
  for (; i + 2 <= m; i += 2) nt_rows2(d, b, c, i, n, k);
  for (; i < m; i++) {
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
    for (; p < k; p++) store<f32>(at(c, i * k + p), f32_dot__simd_u16_acc4(drow, at(b, p * n), n));
  }
}

/** out[j] = sum_i D[i, j]: the bias gradient. */
export function f32_colsum__simd(d: usize, out: usize, m: i32, n: i32): void {
  memory.fill(out, 0, <usize>n << 2);
  for (let i = 0; i < m; i++) axpy(out, at(d, i * n), 1.0, n);
}
