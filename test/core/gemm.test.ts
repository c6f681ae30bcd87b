// The core's matrix products against a float64 reference, over tile multiples, tails, and the
// shapes that cross the kernels' blocking boundaries (XNNPACK's test/gemm-microkernel-tester.h
// idea: every tile, fewer, more). Each output is compared with the tolerance of its own dot
// product, 1e-5 * sum |a_p * b_p|, so large and cancelling sums are judged fairly.
import { describe, expect, it } from 'vitest';
import { runtime } from '../../src/runtime/wasm.js';
import { testRandom } from '../helpers/device.js';

const TOL = 1e-5;
/** Guard floats written after every output: a kernel that writes past its end fails. */
const GUARD = 8;
const SENTINEL = 12345.678;

type Product = 'nn' | 'tn' | 'nt';

interface Case { m: number; k: number; n: number }

/** Runs one product on fresh random data; returns the largest error measured in tolerances. */
function check(product: Product, { m, k, n }: Case, options: { bias?: boolean; offset?: number } = {}): number {
  const { core, mem } = runtime();
  const rand = testRandom(m * 7919 + k * 104729 + n * 13 + (product === 'nn' ? 1 : product === 'tn' ? 2 : 3));
  const offset = options.offset ?? 0; // bytes added to every pointer (kernels take any alignment)
  // nn: A[m,k] B[k,n] -> C[m,n];  tn: A[m,k] D[m,n] -> C[k,n];  nt: D[m,n] B[k,n] -> C[m,k]
  const [r1, c1, r2, c2, rc, cc] = product === 'nn' ? [m, k, k, n, m, n] : product === 'tn' ? [m, k, m, n, k, n] : [m, n, k, n, m, k];
  const x = Float64Array.from({ length: r1 * c1 }, () => Math.fround(rand() * 2 - 1));
  const y = Float64Array.from({ length: r2 * c2 }, () => Math.fround(rand() * 2 - 1));
  const bias = options.bias ? Float64Array.from({ length: n }, () => Math.fround(rand() * 2 - 1)) : null;
  const px = mem.alloc(x.length * 4 + offset) + offset;
  const py = mem.alloc(y.length * 4 + offset) + offset;
  const pc = mem.alloc((rc * cc + GUARD) * 4 + offset) + offset;
  const pb = bias ? mem.alloc(n * 4 + offset) + offset : 0;
  try {
    new Float32Array(mem.memory.buffer, px, x.length).set(x);
    new Float32Array(mem.memory.buffer, py, y.length).set(y);
    new Float32Array(mem.memory.buffer, pc, rc * cc + GUARD).fill(SENTINEL);
    if (bias) new Float32Array(mem.memory.buffer, pb, n).set(bias);
    if (product === 'nn') core.f32_gemm_nn_4x8__simd(px, py, pc, m, k, n, pb);
    else if (product === 'tn') core.f32_gemm_tn_4x8__simd(px, py, pc, m, k, n);
    else core.f32_gemm_nt_2x4__simd(px, py, pc, m, n, k);
    const out = new Float32Array(mem.memory.buffer, pc, rc * cc + GUARD).slice();
    for (let g = 0; g < GUARD; g++) expect(out[rc * cc + g], `${product} ${m}x${k}x${n} wrote past C`).toBe(Math.fround(SENTINEL));
    let worst = 0;
    for (let i = 0; i < rc; i++) {
      for (let j = 0; j < cc; j++) {
        let s = 0, mag = 0;
        const len = product === 'nn' ? k : product === 'tn' ? m : n;
        for (let p = 0; p < len; p++) {
          const t = product === 'nn' ? x[i * k + p] * y[p * n + j] : product === 'tn' ? x[p * k + i] * y[p * n + j] : x[i * n + p] * y[j * n + p];
          s += t; mag += Math.abs(t);
        }
        if (bias) { s += bias[j]; mag += Math.abs(bias[j]); }
        const err = Math.abs(out[i * cc + j] - s) / (TOL * Math.max(mag, 1e-3));
        if (!(err <= worst)) worst = Number.isNaN(err) ? Infinity : err;
      }
    }
    return worst;
  } finally {
    mem.free(px - offset); mem.free(py - offset); mem.free(pc - offset); if (pb) mem.free(pb - offset);
  }
}

const SMALL = [1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 16, 17];
const MEDIUM = [31, 33, 60, 64, 100];
/** Sizes around the blocking of the large-product paths (panels of 8 columns, 4 rows, k blocks). */
const LARGE: Case[] = [
  { m: 5, k: 60, n: 60 }, { m: 32, k: 4, n: 8 }, { m: 64, k: 300, n: 130 }, { m: 67, k: 513, n: 29 },
  { m: 130, k: 129, n: 257 }, { m: 3, k: 700, n: 9 }, { m: 257, k: 33, n: 70 }, { m: 1, k: 1030, n: 33 },
  { m: 40, k: 1, n: 600 }, { m: 600, k: 17, n: 1 }, { m: 9, k: 520, n: 300 }, { m: 260, k: 260, n: 260 },
  { m: 300, k: 9, n: 260 }, { m: 520, k: 6, n: 130 }, { m: 70, k: 7, n: 1000 },
];

function cases(): Case[] {
  const out: Case[] = [];
  for (const m of SMALL) for (const k of SMALL) for (const n of SMALL) out.push({ m, k, n });
  for (const a of MEDIUM) {
    for (const b of [1, 3, 8, 17, ...MEDIUM]) {
      out.push({ m: a, k: b, n: 17 }, { m: b, k: a, n: 9 }, { m: 5, k: a, n: b }, { m: a, k: a, n: b });
    }
  }
  return out.concat(LARGE);
}

describe('f32 gemm kernels against float64', () => {
  const all = cases();
  for (const product of ['nn', 'tn', 'nt'] as const) {
    it(`${product}: ${all.length} shapes within ${TOL} of each dot product`, () => {
      const bad: string[] = [];
      for (const c of all) {
        const e = check(product, c);
        if (e > 1) bad.push(`${c.m}x${c.k}x${c.n}: ${e.toFixed(2)} tolerances`);
      }
      expect(bad).toEqual([]);
    });
  }

  it('nn adds the bias, for every column tail', () => {
    const bad: string[] = [];
    for (const n of [1, 2, 3, 4, 5, 7, 8, 9, 12, 16, 17, 33, 60, 257]) {
      for (const m of [1, 4, 5, 9, 64]) {
        const e = check('nn', { m, k: 13, n }, { bias: true });
        if (e > 1) bad.push(`${m}x13x${n}: ${e.toFixed(2)}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('takes unaligned pointers', () => {
    for (const product of ['nn', 'tn', 'nt'] as const) {
      for (const c of [{ m: 7, k: 9, n: 13 }, { m: 64, k: 300, n: 130 }]) {
        expect(check(product, c, { offset: 4, bias: product === 'nn' })).toBeLessThanOrEqual(1);
      }
    }
  });

  it('packed nn (forward, scratch = a free gradient buffer) gives the bits of nn, within its scratch', () => {
    const { core, mem } = runtime();
    const packed = core.f32_gemm_nn_4x8__simd_packed;
    for (const { m, k, n } of [...LARGE, { m: 64, k: 600, n: 520 }, { m: 13, k: 257, n: 1030 }, { m: 5, k: 60, n: 60 }]) {
     for (const floats of [k * n, 32768, 300]) { // training's, enough for one block, too small
      const rand = testRandom(m + 3 * k + 7 * n);
      const a = Float32Array.from({ length: m * k }, () => rand() - 0.5);
      const b = Float32Array.from({ length: k * n }, () => rand() - 0.5);
      const bias = Float32Array.from({ length: n }, () => rand() - 0.5);
      const pa = mem.copyIn(a, 'a'), pb = mem.copyIn(b, 'b'), pbias = mem.copyIn(bias, 'bias');
      const pc1 = mem.alloc(m * n * 4), pc2 = mem.alloc((m * n + GUARD) * 4), scratch = mem.alloc((floats + GUARD) * 4);
      mem.f32(pc2, m * n + GUARD).fill(SENTINEL);
      mem.f32(scratch + floats * 4, GUARD).fill(SENTINEL);
      core.f32_gemm_nn_4x8__simd(pa, pb, pc1, m, k, n, pbias);
      packed(pa, pb, pc2, m, k, n, pbias, scratch, floats);
      const one = mem.f32(pc1, m * n).slice(), two = mem.f32(pc2, m * n + GUARD).slice(), tail = mem.f32(scratch + floats * 4, GUARD).slice();
      expect(mem.f32(pb, k * n)).toEqual(b); // B itself untouched
      for (const p of [pa, pb, pbias, pc1, pc2, scratch]) mem.free(p);
      expect(two.subarray(0, m * n), `${m}x${k}x${n} scratch ${floats}`).toEqual(one);
      expect(Array.from(two.subarray(m * n))).toEqual(new Array(GUARD).fill(Math.fround(SENTINEL)));
      expect(Array.from(tail)).toEqual(new Array(GUARD).fill(Math.fround(SENTINEL)));
     }
    }
  });

  it('packed tn (backward, scratch = the spare gradient buffer) gives the bits of tn, within its scratch', () => {
    const { core, mem } = runtime();
    const packed = core.f32_gemm_tn_4x8__simd_packed;
    const shapes = [...LARGE, { m: 64, k: 600, n: 520 }, { m: 13, k: 257, n: 1030 }, { m: 300, k: 130, n: 300 }, { m: 64, k: 515, n: 260 }];
    for (const { m, k, n } of shapes) {
      for (const floats of [m * Math.max(k, n), 200]) { // the real size, and one too small to pack
        const rand = testRandom(m + 5 * k + 11 * n);
        const a = Float32Array.from({ length: m * k }, () => rand() - 0.5);
        const d = Float32Array.from({ length: m * n }, () => rand() - 0.5);
        const pa = mem.copyIn(a, 'a'), pd = mem.copyIn(d, 'd');
        const pc1 = mem.alloc(k * n * 4), pc2 = mem.alloc((k * n + GUARD) * 4), scratch = mem.alloc((floats + GUARD) * 4);
        mem.f32(pc2, k * n + GUARD).fill(SENTINEL);
        mem.f32(scratch + floats * 4, GUARD).fill(SENTINEL);
        core.f32_gemm_tn_4x8__simd(pa, pd, pc1, m, k, n);
        packed(pa, pd, pc2, m, k, n, scratch, floats);
        const one = mem.f32(pc1, k * n).slice(), two = mem.f32(pc2, k * n + GUARD).slice(), tail = mem.f32(scratch + floats * 4, GUARD).slice();
        expect(mem.f32(pd, m * n)).toEqual(d);
        expect(mem.f32(pa, m * k)).toEqual(a);
        for (const p of [pa, pd, pc1, pc2, scratch]) mem.free(p);
        expect(two.subarray(0, k * n), `${m}x${k}x${n} scratch ${floats}`).toEqual(one);
        expect(Array.from(two.subarray(k * n))).toEqual(new Array(GUARD).fill(Math.fround(SENTINEL)));
        expect(Array.from(tail)).toEqual(new Array(GUARD).fill(Math.fround(SENTINEL)));
      }
    }
  });

  it('gives the same bits wherever the buffers sit (order depends on shapes only)', () => {
    const { core, mem } = runtime();
    const m = 37, k = 300, n = 70;
    const rand = testRandom(99);
    const a = Float32Array.from({ length: m * k }, () => rand() - 0.5);
    const b = Float32Array.from({ length: k * n }, () => rand() - 0.5);
    const run = (offset: number): Float32Array => {
      const pa = mem.alloc(a.length * 4 + 16) + offset, pb = mem.alloc(b.length * 4 + 16) + offset, pc = mem.alloc(m * n * 4 + 16) + offset;
      mem.f32(pa, a.length).set(a); mem.f32(pb, b.length).set(b);
      core.f32_gemm_nn_4x8__simd(pa, pb, pc, m, k, n, 0);
      const out = mem.f32(pc, m * n).slice();
      mem.free(pa - offset); mem.free(pb - offset); mem.free(pc - offset);
      return out;
    };
    expect(run(4)).toEqual(run(0));
  });
});

describe('f32_colsum', () => {
  it('sums columns for tails and m = 1', () => {
    const { core, mem } = runtime();
    for (const [m, n] of [[1, 1], [1, 9], [5, 60], [32, 3], [7, 17], [64, 100], [3, 1]]) {
      const rand = testRandom(m * 31 + n);
      const d = Float32Array.from({ length: m * n }, () => rand() * 2 - 1);
      const pd = mem.copyIn(d, 'd'), po = mem.alloc((n + GUARD) * 4);
      mem.f32(po, n + GUARD).fill(SENTINEL);
      core.f32_colsum__simd(pd, po, m, n);
      const out = mem.f32(po, n + GUARD).slice();
      mem.free(pd); mem.free(po);
      for (let j = 0; j < n; j++) {
        let s = 0, mag = 0;
        for (let i = 0; i < m; i++) { s += d[i * n + j]; mag += Math.abs(d[i * n + j]); }
        expect(Math.abs(out[j] - s)).toBeLessThanOrEqual(TOL * Math.max(mag, 1e-3));
      }
      for (let g = 0; g < GUARD; g++) expect(out[n + g]).toBe(Math.fround(SENTINEL));
    }
  });
});
