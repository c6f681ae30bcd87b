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
  const buf = mem.alloc(256, 'roofline buffer');
  mem.f32(buf, 64).fill(0.5);
  const c12 = gflops(await measure('roofline chains12', () => rf.chains12(iters, 1), { iterations: 5, time: budget, warmup: 2 }), iters * 12 * 8);
  // loadChains8 reads from its own module's memory: a 256-byte buffer at 1024 is free there.
  const l8 = gflops(await measure('roofline loadChains8', () => rf.loadChains8(1024, iters), { iterations: 5, time: budget, warmup: 2 }), iters * 8 * 8);
  mem.free(buf);
  const best = c12.median >= l8.median ? c12 : l8;
  ctx.roofline = best.median;
  ctx.add({ system: 'roofline', workload: 'W4 roofline (f32x4 mul+add chains)', metric: 'GFLOP/s', ...best,
    note: `register chains ${c12.median.toFixed(1)}, load+multiply-add ${l8.median.toFixed(1)} GFLOP/s; one core` });

  for (const s of SIZES) {
    const m = s, k = s, n = s;
    const A = mem.alloc(m * k * 4), B = mem.alloc(k * n * 4), C = mem.alloc(m * n * 4), D = mem.alloc(m * n * 4);
    let seed = s;
    const fill = (p, len) => { const v = mem.f32(p, len); for (let i = 0; i < len; i++) { seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0; v[i] = seed / 4294967296 - 0.5; } };
    fill(A, m * k); fill(B, k * n); fill(D, m * n);
    const products = {
      nn: ['forward C = A.B', () => core.f32_gemm_nn__simd(A, B, C, m, k, n, 0)],
      tn: ['weight grad C = A^T.D', () => core.f32_gemm_tn__simd(A, D, B, m, k, n)],
      nt: ['input grad C = D.B^T', () => core.f32_gemm_nt__simd(D, B, A, m, n, k)],
    };
    for (const [name, [what, fn]] of Object.entries(products)) {
      const g = gflops(await measure(`gemm ${name} ${s}`, fn, { iterations: 5, time: budget, warmup: 2 }), 2 * m * n * k);
      ctx.add({ system: 'wasmlp', workload: `W4 ${name} ${s}`, metric: 'GFLOP/s', ...g, ofRoofline: g.median / ctx.roofline,
        note: `${what}; ${(100 * g.median / ctx.roofline).toFixed(0)}% of roofline` });
    }
    mem.free(D); mem.free(C); mem.free(B); mem.free(A);
  }
}
