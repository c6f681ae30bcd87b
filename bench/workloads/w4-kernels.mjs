// W4: the core's f32 matrix products at square sizes, in GFLOP/s, next to the measured
// WebAssembly SIMD roofline (bench/roofline/roofline.ts, built here with the core's toolchain).
import { execFileSync } from 'node:child_process';
import { readFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runtime } from '../../dist/runtime/wasm.js';
import { measure, gflops } from '../lib/measure.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SIZES = [64, 128, 256, 512, 1024];

/** Compiles the roofline kernel with asc (simd on, relaxed-simd off, -O3) and instantiates it. */
export async function roofline() {
  mkdirSync(`${ROOT}bench/roofline/build`, { recursive: true });
  const out = `${ROOT}bench/roofline/build/roofline.wasm`;
  execFileSync(process.execPath, [`${ROOT}node_modules/assemblyscript/bin/asc.js`, `${ROOT}bench/roofline/roofline.ts`,
    '--config', `${ROOT}bench/roofline/asconfig.json`, '--enable', 'simd', '-O3', '-o', out], { stdio: 'pipe' });
  const { instance } = await WebAssembly.instantiate(readFileSync(out), { env: { abort() { throw new Error('roofline abort'); } } });
  return instance.exports;
}

export async function run(ctx) {
  const rf = await roofline();
  const { core, mem } = runtime();
  const budget = ctx.quick ? 150 : 600;
  const iters = 2_000_000;
  const measureRoofline = async () => {
    const c12 = gflops(await measure('roofline chains12', () => rf.chains12(iters, 1), { iterations: 5, time: budget, warmup: 2 }), iters * 12 * 8);
    // loadChains8 reads from its own module's memory: a 256-byte buffer at 1024 is free there.
    const l8 = gflops(await measure('roofline loadChains8', () => rf.loadChains8(1024, iters), { iterations: 5, time: budget, warmup: 2 }), iters * 8 * 8);
    const m8 = gflops(await measure('roofline mulAddChains8', () => rf.mulAddChains8(iters, 1), { iterations: 5, time: budget, warmup: 2 }), iters * 8 * 8);
    return { c12, l8, m8, best: [c12, l8, m8].reduce((a, b) => (b.median > a.median ? b : a)) };
  };
  // Measured before and after the kernels; the higher is kept (the machine is shared and noisy,
  // and a higher roofline only makes the kernels' share smaller).
  const before = await measureRoofline();
  const rows = [];
  for (const s of SIZES) {
    const m = s, k = s, n = s;
    const A = mem.alloc(m * k * 4), B = mem.alloc(k * n * 4), C = mem.alloc(m * n * 4), D = mem.alloc(m * n * 4);
    const S = mem.alloc(Math.max(k * n, m * Math.max(k, n)) * 4, 'packing scratch');
    let seed = s;
    const fill = (p, len) => { const v = mem.f32(p, len); for (let i = 0; i < len; i++) { seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0; v[i] = seed / 4294967296 - 0.5; } };
    fill(A, m * k); fill(B, k * n); fill(D, m * n);
    // As fit and predict run them: nn and tn pack into a gradient buffer the network lends
    // (scratch sized as there: k x n for nn in training, batch x widest layer for tn).
    const products = {
      nn: ['forward C = A.B + b, packed', () => core.f32_gemm_nn_4x8__simd_packed(A, B, C, m, k, n, 0, S, k * n)],
      tn: ['weight grad C = A^T.D, packed', () => core.f32_gemm_tn_4x8__simd_packed(A, D, C, m, k, n, S, m * Math.max(k, n))],
      nt: ['input grad C = D.B^T', () => core.f32_gemm_nt_2x4__simd(D, B, C, m, n, k)],
      'nn unpacked': ['f32_gemm_nn_4x8__simd without scratch', () => core.f32_gemm_nn_4x8__simd(A, B, C, m, k, n, 0)],
      'tn unpacked': ['f32_gemm_tn_4x8__simd without scratch', () => core.f32_gemm_tn_4x8__simd(A, D, C, m, k, n)],
    };
    for (const [name, [what, fn]] of Object.entries(products)) {
      const g = gflops(await measure(`gemm ${name} ${s}`, fn, { iterations: 5, time: budget, warmup: 2 }), 2 * m * n * k);
      rows.push({ system: 'wasmlp', workload: `W4 ${name} ${s}`, metric: 'GFLOP/s', ...g, what });
    }
    mem.free(S); mem.free(D); mem.free(C); mem.free(B); mem.free(A);
  }
  const after = await measureRoofline();
  const r = after.best.median > before.best.median ? after : before;
  ctx.roofline = r.best.median;
  ctx.add({ system: 'roofline', workload: 'W4 roofline (f32x4 mul+add chains)', metric: 'GFLOP/s', ...r.best,
    note: `best of: 12 mul->add chains ${r.c12.median.toFixed(1)}, 8 add chains of register products ${r.m8.median.toFixed(1)}, 8 add chains of loaded products ${r.l8.median.toFixed(1)} GFLOP/s; one core; before/after the kernels ${before.best.median.toFixed(1)}/${after.best.median.toFixed(1)}` });
  for (const { what, ...row } of rows) {
    ctx.add({ ...row, ofRoofline: row.median / ctx.roofline, note: `${what}; ${(100 * row.median / ctx.roofline).toFixed(0)}% of roofline` });
  }
}
