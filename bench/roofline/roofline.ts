// The machine's WebAssembly SIMD roofline for the benchmark (W4): independent f32x4 multiply-add
// chains, built with the same toolchain and flags as the core (asc, simd, no relaxed-simd, -O3).
// Each chain step is one f32x4.mul and one f32x4.add: 8 flops. Not part of the shipped core.

/**
 * 12 independent chains acc = acc * m + c, register only. A chain step waits for its previous
 * step (mul then add latency), so 12 chains keep both the multiply and the add ports busy.
 * Returns a lane of the sum so the work cannot be dropped. Flops: iters * 12 * 8.
 */
export function chains12(iters: i32, seed: f32): f32 {
  const m = f32x4.splat(0.999999), c = f32x4.splat(1e-7);
  let a0 = f32x4.splat(seed), a1 = f32x4.add(a0, c), a2 = f32x4.add(a1, c), a3 = f32x4.add(a2, c);
  let a4 = f32x4.add(a3, c), a5 = f32x4.add(a4, c), a6 = f32x4.add(a5, c), a7 = f32x4.add(a6, c);
  let a8 = f32x4.add(a7, c), a9 = f32x4.add(a8, c), a10 = f32x4.add(a9, c), a11 = f32x4.add(a10, c);
  for (let i = 0; i < iters; i++) {
    a0 = f32x4.add(f32x4.mul(a0, m), c); a1 = f32x4.add(f32x4.mul(a1, m), c);
    a2 = f32x4.add(f32x4.mul(a2, m), c); a3 = f32x4.add(f32x4.mul(a3, m), c);
    a4 = f32x4.add(f32x4.mul(a4, m), c); a5 = f32x4.add(f32x4.mul(a5, m), c);
    a6 = f32x4.add(f32x4.mul(a6, m), c); a7 = f32x4.add(f32x4.mul(a7, m), c);
    a8 = f32x4.add(f32x4.mul(a8, m), c); a9 = f32x4.add(f32x4.mul(a9, m), c);
    a10 = f32x4.add(f32x4.mul(a10, m), c); a11 = f32x4.add(f32x4.mul(a11, m), c);
  }
  const s = f32x4.add(f32x4.add(f32x4.add(a0, a1), f32x4.add(a2, a3)), f32x4.add(f32x4.add(a4, a5), f32x4.add(a6, a7)));
  return f32x4.extract_lane(f32x4.add(s, f32x4.add(f32x4.add(a8, a9), f32x4.add(a10, a11))), 0);
}

/**
 * The matrix-product pattern: acc += x * w with x loaded from a small L1-resident buffer at
 * `buf` (64 floats, 16-byte aligned) and 4 multiplicands in registers; 8 independent
 * accumulators. Flops: iters * 8 * 8.
 */
export function loadChains8(buf: usize, iters: i32): f32 {
  const w0 = f32x4.splat(0.5), w1 = f32x4.splat(0.25), w2 = f32x4.splat(0.125), w3 = f32x4.splat(0.0625);
  let a0 = f32x4.splat(0), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
  let off: usize = 0;
  for (let i = 0; i < iters; i++) {
    const x0 = v128.load(buf + off), x1 = v128.load(buf + off, 16);
    a0 = f32x4.add(a0, f32x4.mul(x0, w0)); a1 = f32x4.add(a1, f32x4.mul(x0, w1));
    a2 = f32x4.add(a2, f32x4.mul(x0, w2)); a3 = f32x4.add(a3, f32x4.mul(x0, w3));
    a4 = f32x4.add(a4, f32x4.mul(x1, w0)); a5 = f32x4.add(a5, f32x4.mul(x1, w1));
    a6 = f32x4.add(a6, f32x4.mul(x1, w2)); a7 = f32x4.add(a7, f32x4.mul(x1, w3));
    off = (off + 32) & 224;
  }
  const s = f32x4.add(f32x4.add(f32x4.add(a0, a1), f32x4.add(a2, a3)), f32x4.add(f32x4.add(a4, a5), f32x4.add(a6, a7)));
  return f32x4.extract_lane(s, 0);
}

/**
 * 8 independent accumulator chains acc += x * w with the multiplicands in registers: two x
 * vectors that step every iteration (so no product can be hoisted) times four weights. Only the
 * adds form chains, as in a matrix-product micro-kernel, with no loads. Flops: iters * 8 * 8
 * (the two x steps are not counted).
 */
export function mulAddChains8(iters: i32, seed: f32): f32 {
  const w0 = f32x4.splat(0.5), w1 = f32x4.splat(0.25), w2 = f32x4.splat(0.125), w3 = f32x4.splat(0.0625);
  const dx = f32x4.splat(1e-7);
  let x0 = f32x4.splat(seed), x1 = f32x4.add(x0, dx);
  let a0 = f32x4.splat(0), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
  for (let i = 0; i < iters; i++) {
    a0 = f32x4.add(a0, f32x4.mul(x0, w0)); a1 = f32x4.add(a1, f32x4.mul(x0, w1));
    a2 = f32x4.add(a2, f32x4.mul(x0, w2)); a3 = f32x4.add(a3, f32x4.mul(x0, w3));
    a4 = f32x4.add(a4, f32x4.mul(x1, w0)); a5 = f32x4.add(a5, f32x4.mul(x1, w1));
    a6 = f32x4.add(a6, f32x4.mul(x1, w2)); a7 = f32x4.add(a7, f32x4.mul(x1, w3));
    x0 = f32x4.add(x0, dx); x1 = f32x4.add(x1, dx);
  }
  const s = f32x4.add(f32x4.add(f32x4.add(a0, a1), f32x4.add(a2, a3)), f32x4.add(f32x4.add(a4, a5), f32x4.add(a6, a7)));
  return f32x4.extract_lane(s, 0);
}
