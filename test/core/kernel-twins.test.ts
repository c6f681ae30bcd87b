// Every SIMD kernel of the core against its scalar reference twin (test/helpers/kernel-twins.ts),
// bit for bit: the same float32 operations in the same order, so any change to a kernel's
// summation order, tile or lane handling shows here even when it stays within a float64
// tolerance (test/core/gemm.test.ts and activations.test.ts measure accuracy; this pins the bits
// every runtime must reproduce). Compared with Object.is: -0 differs from +0, any NaN equals NaN.
import { describe, expect, it } from 'vitest';
import { runtime } from '../../src/runtime/wasm.js';
import { ACTIVATION_CODES } from '../../src/activations.js';
import { OPT_ADAGRAD, OPT_ADAM, OPT_ADAMW, OPT_FLAG_NESTEROV, OPT_RMSPROP, OPT_SGD } from '../../src/core-abi.js';
import { testRandom } from '../helpers/device.js';
import * as twins from '../helpers/kernel-twins.js';
import {
  f32_act_backward__scalar, f32_act_forward__scalar, f32_colsum__scalar, f32_dot__scalar_u16_acc4, f32_gemm_nn_4x8__scalar,
  f32_gemm_nt_2x4__scalar, f32_gemm_tn_4x8__scalar, f32_opt_step__scalar, f32_spmm_nn_1x16__scalar, f32_spmm_tn__scalar,
  type Csr, type OptStep, type TwinActivation,
} from '../helpers/kernel-twins.js';

/** Indices where the two arrays differ (Object.is), with both values; [] when bit-identical. */
function differences(got: ArrayLike<number>, want: ArrayLike<number>, limit = 5): string[] {
  const out: string[] = [];
  if (got.length !== want.length) return [`length ${got.length} vs ${want.length}`];
  for (let i = 0; i < got.length && out.length < limit; i++) if (!Object.is(got[i], want[i])) out.push(`[${i}] core ${got[i]} twin ${want[i]}`);
  return out;
}

function randomF32(n: number, rand: () => number, scale = 1): Float32Array {
  return Float32Array.from({ length: n }, () => (rand() * 2 - 1) * scale);
}

/** Copies inputs into the core's memory, runs `fn` on their addresses and an output of `outFloats`, returns the output. */
function onCore(inputs: (Float32Array | Int32Array)[], outFloats: number, fn: (ptrs: number[], out: number) => void): Float32Array {
  const { mem } = runtime();
  const ptrs = inputs.map((a) => {
    const p = mem.alloc(Math.max(4, a.length * 4));
    new (a instanceof Int32Array ? Int32Array : Float32Array)(mem.memory.buffer, p, a.length).set(a as never);
    return p;
  });
  const out = mem.alloc(Math.max(4, outFloats * 4));
  try {
    fn(ptrs, out);
    return mem.f32(out, outFloats).slice();
  } finally {
    for (const p of ptrs) mem.free(p);
    mem.free(out);
  }
}

const SMALL = [1, 2, 3, 4, 5, 7, 8, 9, 16, 17];
/** Shapes that take the blocked (large-B / large-D) paths and their tails. */
const LARGE = [
  { m: 64, k: 300, n: 130 }, { m: 67, k: 513, n: 29 }, { m: 130, k: 129, n: 257 }, { m: 9, k: 520, n: 300 },
  { m: 600, k: 17, n: 1 }, { m: 1, k: 1030, n: 33 }, { m: 40, k: 1, n: 600 }, { m: 300, k: 9, n: 260 },
];
const SHAPES = [...SMALL.flatMap((m) => SMALL.flatMap((k) => SMALL.map((n) => ({ m, k, n })))), ...LARGE];

/** Kernels: <type>_<op>[_<layout>][_<MxN>]__<isa>[_<variant>]; the rest: <object>_<verb>. */
const KERNEL = /^f32_[a-z]+(_[a-z0-9]+)*__(simd|scalar)(_[a-z0-9]+)*$/;
const ENTRY = /^(net|rng|pool|perm|heap|loss|adam|abi)_[a-z0-9]+(_[a-z0-9]+)*$/;

describe('the core\'s export names', () => {
  const names = Object.keys(runtime().core).filter((name) => name !== 'memory');

  it('follow one scheme, with the tile in the name of every gemm kernel', () => {
    expect(names.length).toBeGreaterThan(30);
    expect(names.filter((name) => !KERNEL.test(name) && !ENTRY.test(name))).toEqual([]);
    expect(names.filter((name) => name.startsWith('f32_gemm_') && !/_\d+x\d+__/.test(name))).toEqual([]);
  });

  it('give every __simd kernel a scalar twin in test/helpers/kernel-twins.ts', () => {
    const twinOf = (name: string) => [name.replace('__simd', '__scalar'), name.replace(/__simd(_[a-z0-9]+)*$/, '__scalar')];
    const missing = names.filter((name) => name.includes('__simd') && !twinOf(name).some((t) => typeof (twins as Record<string, unknown>)[t] === 'function'));
    expect(missing).toEqual([]);
  });
});

describe('SIMD kernels equal their scalar twins bit for bit', () => {
  it('f32_dot__simd_u16_acc4', () => {
    const { core, mem } = runtime();
    const bad: string[] = [];
    for (let len = 0; len <= 70; len++) {
      const rand = testRandom(len + 1);
      const x = randomF32(len, rand), y = randomF32(len, rand);
      const px = mem.copyIn(x, 'x'), py = mem.copyIn(y, 'y');
      const got = core.f32_dot__simd_u16_acc4(px, py, len);
      mem.free(px); mem.free(py);
      const want = f32_dot__scalar_u16_acc4(x, 0, y, 0, len);
      if (!Object.is(got, want)) bad.push(`len ${len}: core ${got} twin ${want}`);
    }
    expect(bad).toEqual([]);
  });

  it(`f32_gemm_nn_4x8__simd, f32_gemm_tn_4x8__simd, f32_gemm_nt_2x4__simd over ${SHAPES.length} shapes`, () => {
    const { core } = runtime();
    const bad: string[] = [];
    for (const { m, k, n } of SHAPES) {
      const rand = testRandom(m * 7919 + k * 104729 + n);
      const a = randomF32(m * k, rand), b = randomF32(k * n, rand), d = randomF32(m * n, rand), bias = randomF32(n, rand);
      const withBias = (m + k + n) % 2 === 0;
      const nn = onCore([a, b, bias], m * n, ([pa, pb, pbias], out) => core.f32_gemm_nn_4x8__simd(pa, pb, out, m, k, n, withBias ? pbias : 0));
      const tn = onCore([a, d], k * n, ([pa, pd], out) => core.f32_gemm_tn_4x8__simd(pa, pd, out, m, k, n));
      // nt: C[m,k] = D[m,n] . B[k,n]^T, B being the k x n kernel.
      const nt = onCore([d, b], m * k, ([pd, pb], out) => core.f32_gemm_nt_2x4__simd(pd, pb, out, m, n, k));
      const shape = `${m}x${k}x${n}`;
      for (const e of differences(nn, f32_gemm_nn_4x8__scalar(a, b, m, k, n, withBias ? bias : null))) bad.push(`nn ${shape} ${e}`);
      for (const e of differences(tn, f32_gemm_tn_4x8__scalar(a, d, m, k, n))) bad.push(`tn ${shape} ${e}`);
      for (const e of differences(nt, f32_gemm_nt_2x4__scalar(d, b, m, n, k))) bad.push(`nt ${shape} ${e}`);
    }
    expect(bad).toEqual([]);
  });

  it('f32_gemm_nn_4x8__simd_packed and f32_gemm_tn_4x8__simd_packed (packed panels, the same twin)', () => {
    const { core } = runtime();
    const bad: string[] = [];
    for (const { m, k, n } of [{ m: 64, k: 300, n: 260 }, { m: 13, k: 257, n: 1030 }, { m: 300, k: 9, n: 260 }, { m: 520, k: 6, n: 130 }]) {
      const rand = testRandom(m + 3 * k + 7 * n);
      const a = randomF32(m * k, rand), b = randomF32(k * n, rand), d = randomF32(m * n, rand), bias = randomF32(n, rand);
      const scratchFloats = Math.max(k * n, m * (n + 4));
      const scratch = new Float32Array(scratchFloats);
      const nn = onCore([a, b, bias, scratch], m * n, ([pa, pb, pbias, ps], out) => core.f32_gemm_nn_4x8__simd_packed(pa, pb, out, m, k, n, pbias, ps, scratchFloats));
      const tn = onCore([a, d, scratch], k * n, ([pa, pd, ps], out) => core.f32_gemm_tn_4x8__simd_packed(pa, pd, out, m, k, n, ps, scratchFloats));
      for (const e of differences(nn, f32_gemm_nn_4x8__scalar(a, b, m, k, n, bias))) bad.push(`nn packed ${m}x${k}x${n} ${e}`);
      for (const e of differences(tn, f32_gemm_tn_4x8__scalar(a, d, m, k, n))) bad.push(`tn packed ${m}x${k}x${n} ${e}`);
    }
    expect(bad).toEqual([]);
  });

  it('f32_colsum__simd', () => {
    const { core } = runtime();
    const bad: string[] = [];
    for (const [m, n] of [[1, 1], [3, 5], [9, 17], [64, 33], [200, 260]]) {
      const d = randomF32(m * n, testRandom(m * 13 + n));
      const got = onCore([d], n, ([pd], out) => core.f32_colsum__simd(pd, out, m, n));
      for (const e of differences(got, f32_colsum__scalar(d, m, n))) bad.push(`${m}x${n} ${e}`);
    }
    expect(bad).toEqual([]);
  });

  it('f32_spmm_nn_1x16__simd and f32_spmm_tn__simd', () => {
    const { core } = runtime();
    const bad: string[] = [];
    for (const [m, k, n] of [[1, 5, 1], [7, 33, 3], [13, 50, 4], [9, 40, 17], [32, 300, 16], [17, 128, 33], [40, 500, 64], [5, 64, 65]]) {
      const rand = testRandom(m * 31 + k + n);
      const indptr = [0], indices: number[] = [], values: number[] = [];
      for (let i = 0; i < m; i++) {
        for (let c = 0; c < k; c++) if (rand() < 0.1) { indices.push(c); values.push(rand() * 2 - 1); }
        indptr.push(indices.length);
      }
      const a: Csr = { indptr: Int32Array.from(indptr), indices: Int32Array.from(indices), values: Float32Array.from(values) };
      const b = randomF32(k * n, rand), d = randomF32(m * n, rand), bias = randomF32(n, rand);
      const nn = onCore([a.indptr, a.indices, a.values, b, bias], m * n, ([ip, ix, v, pb, pbias], out) => core.f32_spmm_nn_1x16__simd(ip, ix, v, pb, out, m, n, pbias));
      const tn = onCore([a.indptr, a.indices, a.values, d], k * n, ([ip, ix, v, pd], out) => core.f32_spmm_tn__simd(ip, ix, v, pd, out, m, k, n));
      for (const e of differences(nn, f32_spmm_nn_1x16__scalar(a, b, m, n, bias))) bad.push(`spmm nn ${m}x${k}x${n} ${e}`);
      for (const e of differences(tn, f32_spmm_tn__scalar(a, d, m, k, n))) bad.push(`spmm tn ${m}x${k}x${n} ${e}`);
    }
    expect(bad).toEqual([]);
  });

  /** Values over the whole domain: tails where exp saturates or flushes, the tanh switch at 0.625, signed zeros, infinities, NaN. */
  function domain(): Float32Array {
    const rand = testRandom(99);
    const special = [0, -0, 1e-30, -1e-30, 0.625, -0.625, 0.6249999, 9.99, 10, 20, -87.3365447504, -87.4, 88.3762626647949, 88.8, -100, 100, Infinity, -Infinity, NaN];
    const spread = Array.from({ length: 2000 }, (_, i) => (rand() * 2 - 1) * (i < 1000 ? 4 : 100));
    return Float32Array.from([...special, ...spread]);
  }

  it('f32_act_forward__simd and f32_act_backward__simd (SIMD and arithmetic activations, every lane and tail)', () => {
    const { core } = runtime();
    const z = domain();
    const g = randomF32(z.length, testRandom(5), 2);
    const bad: string[] = [];
    for (const name of ['linear', 'relu', 'leakyRelu', 'tanh', 'sigmoid'] as TwinActivation[]) {
      const alpha = name === 'leakyRelu' ? 0.3 : 0;
      for (const count of [z.length, 7]) { // a tail of 3 and a tail of 1 after the blocks of 4
        const zs = z.subarray(0, count);
        const a = onCore([zs], count, ([pz], out) => core.f32_act_forward__simd(ACTIVATION_CODES[name], pz, out, 1, count, alpha));
        for (const e of differences(a, Array.from(zs, (x) => f32_act_forward__scalar(name, x, alpha)))) bad.push(`${name} forward ${e}`);
      }
    }
    for (const name of ['linear', 'relu', 'leakyRelu', 'tanh', 'sigmoid', 'elu', 'selu'] as const) {
      const alpha = name === 'leakyRelu' ? 0.3 : name === 'elu' ? 1 : 0;
      const a = randomF32(z.length, testRandom(7)); // any stored output: backward only reads it
      const got = onCore([z, a, g], z.length, ([pz, pa, pg], out) => {
        core.f32_act_backward__simd(ACTIVATION_CODES[name], pz, pa, pg, 1, z.length, alpha);
        runtime().mem.f32(out, z.length).set(runtime().mem.f32(pg, z.length));
      });
      const want = Array.from(z, (x, i) => f32_act_backward__scalar(name, x, a[i], g[i], alpha));
      for (const e of differences(got, want)) bad.push(`${name} backward ${e}`);
    }
    expect(bad).toEqual([]);
  });

  it('f32_opt_step__simd, every optimizer, three steps', () => {
    const { core, mem } = runtime();
    const codes = { SGD: OPT_SGD, ADAM: OPT_ADAM, ADAMW: OPT_ADAMW, RMSPROP: OPT_RMSPROP, ADAGRAD: OPT_ADAGRAD, NESTEROV: OPT_FLAG_NESTEROV };
    const cases: OptStep[] = [
      { opt: OPT_SGD, lr: 0.1, a: 0, b: 0, eps: 0, wd: 0, flags: 0, t: 0 },
      { opt: OPT_SGD, lr: 0.05, a: 0.9, b: 0, eps: 0, wd: 0, flags: 0, t: 0 },
      { opt: OPT_SGD, lr: 0.05, a: 0.9, b: 0, eps: 0, wd: 0, flags: OPT_FLAG_NESTEROV, t: 0 },
      { opt: OPT_ADAM, lr: 0.01, a: 0.9, b: 0.999, eps: 1e-7, wd: 0, flags: 0, t: 0 },
      { opt: OPT_ADAMW, lr: 0.01, a: 0.9, b: 0.999, eps: 1e-7, wd: 0.004, flags: 0, t: 0 },
      { opt: OPT_RMSPROP, lr: 0.001, a: 0.9, b: 0, eps: 1e-7, wd: 0, flags: 0, t: 0 },
      { opt: OPT_ADAGRAD, lr: 0.01, a: 0, b: 0, eps: 1e-7, wd: 0, flags: 0, t: 0 },
    ];
    const bad: string[] = [];
    const n = 1028; // the host pads to a multiple of 4
    for (const c of cases) {
      const rand = testRandom(c.opt * 10 + c.flags + 1);
      const p = randomF32(n, rand), s1 = new Float32Array(n), s2 = new Float32Array(n);
      const pp = mem.copyIn(p, 'p'), ps1 = mem.copyIn(s1, 's1'), ps2 = mem.copyIn(s2, 's2'), pg = mem.alloc(n * 4);
      try {
        for (let t = 1; t <= 3; t++) {
          const g = randomF32(n, rand, 3);
          mem.f32(pg, n).set(g);
          core.f32_opt_step__simd(c.opt, pp, pg, ps1, ps2, n, c.lr, c.a, c.b, c.eps, c.wd, c.flags, t);
          f32_opt_step__scalar(codes, { ...c, t }, p, g, s1, s2, core.adam_step_size(c.lr, c.a, c.b, t));
          for (const [label, got, want] of [['p', mem.f32(pp, n), p], ['s1', mem.f32(ps1, n), s1], ['s2', mem.f32(ps2, n), s2]] as const) {
            for (const e of differences(got, want)) bad.push(`opt ${c.opt} flags ${c.flags} step ${t} ${label} ${e}`);
          }
        }
      } finally {
        mem.free(pp); mem.free(ps1); mem.free(ps2); mem.free(pg);
      }
    }
    expect(bad).toEqual([]);
  });
});
