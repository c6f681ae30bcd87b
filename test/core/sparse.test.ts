import { beforeAll, describe, expect, it } from 'vitest';
import { Dense, Dropout, Sequential, init, setWarningHandler } from '../../src/index.js';
import { KerasClassifier } from '../../src/model-selection/classifier.js';
import { sparseToDense, type SparseMatrix } from '../../src/data/sparse.js';
import { runtime } from '../../src/runtime/wasm.js';
import { upload } from '../../src/model/device-data.js';
import { batchLoss, numericGradient, type RefLayer } from '../helpers/reference.js';
import { coreGradients, randn, testRandom } from '../helpers/device.js';
import { expectWasmlpError } from '../helpers/expect-error.js';

beforeAll(async () => {
  await init();
  setWarningHandler(null);
});

/** A random CSR matrix with about `density` nonzeros per cell, some rows empty. */
function randomSparse(rows: number, cols: number, density: number, seed: number): SparseMatrix {
  const rand = testRandom(seed);
  const indptr = new Int32Array(rows + 1), indices: number[] = [], values: number[] = [];
  for (let r = 0; r < rows; r++) {
    if (rand() > 0.1) for (let c = 0; c < cols; c++) if (rand() < density) { indices.push(c); values.push(randn(rand)); }
    indptr[r + 1] = indices.length;
  }
  return { format: 'csr', rows, cols, indptr, indices: Int32Array.from(indices), values: Float32Array.from(values) };
}

function randomMatrix(rows: number, cols: number, seed: number): Float32Array {
  const rand = testRandom(seed);
  return Float32Array.from({ length: rows * cols }, () => randn(rand));
}

/** Uploads a, b, bias; runs fn with their addresses; returns the out buffer's contents. */
function withCore<T>(arrays: { i32?: Int32Array[]; f32: Float32Array[] }, outFloats: number, fn: (ptrs: number[], out: number) => void): Float32Array {
  const rt = runtime();
  const ptrs: number[] = [];
  for (const a of arrays.i32 ?? []) { const p = rt.mem.alloc(Math.max(4, a.length * 4)); rt.mem.i32(p, a.length).set(a); ptrs.push(p); }
  for (const a of arrays.f32) { const p = rt.mem.alloc(Math.max(4, a.length * 4)); rt.mem.f32(p, a.length).set(a); ptrs.push(p); }
  const out = rt.mem.alloc(outFloats * 4);
  try {
    fn(ptrs, out);
    return rt.mem.f32(out, outFloats).slice();
  } finally {
    for (const p of ptrs) rt.mem.free(p);
    rt.mem.free(out);
  }
}

describe('sparse kernels (CSR x dense)', () => {
  const shapes: [number, number, number][] = [[1, 5, 1], [7, 33, 3], [13, 50, 4], [9, 40, 7], [32, 300, 16], [17, 128, 17], [40, 500, 64], [5, 64, 65]];
  for (const [m, k, n] of shapes) {
    it(`spmm_nn and spmm_tn for ${m}x${k} (CSR) and n = ${n}: equal to the dense kernels bit for bit, and to float64`, () => {
      const a = randomSparse(m, k, 0.08, m * 31 + n);
      const dense = sparseToDense(a).data;
      const b = randomMatrix(k, n, 7 + n), bias = randomMatrix(1, n, 3), d = randomMatrix(m, n, 11 + m);
      const core = runtime().core;
      const sparseZ = withCore({ i32: [a.indptr, a.indices], f32: [a.values, b, bias] }, m * n, ([ip, ix, v, bp, biasp], out) => core.f32_spmm_nn_1x16__simd(ip, ix, v, bp, out, m, n, biasp));
      const denseZ = withCore({ f32: [dense, b, bias] }, m * n, ([ap, bp, biasp], out) => core.f32_gemm_nn_4x8__simd(ap, bp, out, m, k, n, biasp));
      expect(Array.from(sparseZ)).toEqual(Array.from(denseZ));
      for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
        let s = bias[j];
        for (let p = 0; p < k; p++) s += dense[i * k + p] * b[p * n + j];
        expect(Math.abs(sparseZ[i * n + j] - s)).toBeLessThan(1e-4 * (1 + Math.abs(s)));
      }
      const sparseG = withCore({ i32: [a.indptr, a.indices], f32: [a.values, d] }, k * n, ([ip, ix, v, dp], out) => core.f32_spmm_tn__simd(ip, ix, v, dp, out, m, k, n));
      const denseG = withCore({ f32: [dense, d] }, k * n, ([ap, dp], out) => core.f32_gemm_tn_4x8__simd(ap, dp, out, m, k, n));
      expect(Array.from(sparseG)).toEqual(Array.from(denseG));
    });
  }

  it('reads a run of rows of a larger matrix through absolute offsets', () => {
    const a = randomSparse(10, 20, 0.3, 5), n = 6;
    const b = randomMatrix(20, n, 2);
    const core = runtime().core;
    const all = withCore({ i32: [a.indptr, a.indices], f32: [a.values, b] }, 10 * n, ([ip, ix, v, bp], out) => core.f32_spmm_nn_1x16__simd(ip, ix, v, bp, out, 10, n, 0));
    const tail = withCore({ i32: [a.indptr, a.indices], f32: [a.values, b] }, 4 * n, ([ip, ix, v, bp], out) => core.f32_spmm_nn_1x16__simd(ip + 6 * 4, ix, v, bp, out, 4, n, 0));
    expect(Array.from(tail)).toEqual(Array.from(all.subarray(6 * n)));
  });
});

function textLikeModel(inDim: number, seed: number, extra: 'dropout' | 'plain' = 'plain'): Sequential {
  const layers = [new Dense({ units: 8, activation: 'relu', inputDim: inDim, biasInitializer: { type: 'randomNormal', stddev: 0.3 } })];
  if (extra === 'dropout') layers.push(new Dropout({ rate: 0.3 }) as never);
  layers.push(new Dense({ units: 6, activation: 'tanh' }), new Dense({ units: 1, activation: 'sigmoid' }));
  const model = new Sequential(layers, { seed });
  model.compile({ loss: 'binaryCrossentropy', optimizer: { type: 'adam', learningRate: 0.01 }, metrics: ['accuracy'] });
  return model;
}

/** The core's sparse forward + backward on all rows of x, no update. */
function sparseGradients(model: Sequential, x: SparseMatrix, y: Float32Array, w?: Float32Array): { lossSum: number; grads: Float32Array } {
  const net = model.network(x.cols);
  net.ensureBatchCapacity(x.rows);
  const data = upload(runtime(), x, y, w ?? null);
  try {
    const lossSum = runtime().core.net_compute_gradients_csr(net.desc, data.sp, data.y, data.w, x.rows);
    return { lossSum, grads: net.getGrads() };
  } finally {
    data.free();
  }
}

describe('a network fed sparse rows', () => {
  it('has the loss and gradients of the same rows densified, and of float64 finite differences', () => {
    const x = randomSparse(12, 30, 0.15, 9);
    const rand = testRandom(4);
    const y = Float32Array.from({ length: x.rows }, () => (rand() < 0.5 ? 0 : 1));
    const w = Float32Array.from({ length: x.rows }, () => 0.5 + rand());
    const sparseModel = textLikeModel(30, 3), denseModel = textLikeModel(30, 3);
    const s = sparseGradients(sparseModel, x, y, w);
    const dense = sparseToDense(x);
    const xs = Array.from({ length: x.rows }, (_, r) => Array.from(dense.data.subarray(r * 30, (r + 1) * 30)));
    const ys = Array.from(y, (v) => [v]);
    const d = coreGradients(denseModel, xs, ys, Array.from(w));
    expect(s.lossSum).toBeCloseTo(d.lossSum, 5);
    for (let i = 0; i < d.grads.length; i++) expect(Math.abs(s.grads[i] - d.grads[i])).toBeLessThan(1e-6 + 1e-5 * Math.abs(d.grads[i]));
    // Finite differences in float64 over the same parameters.
    const ref: RefLayer[] = [
      { inDim: 30, units: 8, act: 'relu', alpha: 0, useBias: true },
      { inDim: 8, units: 6, act: 'tanh', alpha: 0, useBias: true },
      { inDim: 6, units: 1, act: 'sigmoid', alpha: 0, useBias: true },
    ];
    const params = sparseModel.network().getParams();
    expect(s.lossSum / x.rows).toBeCloseTo(batchLoss(ref, 'binaryCrossentropy', params, xs, ys, Array.from(w)), 4);
    const numeric = numericGradient((p) => batchLoss(ref, 'binaryCrossentropy', p, xs, ys, Array.from(w)), params);
    for (let i = 0; i < numeric.length; i++) expect(Math.abs(s.grads[i] - numeric[i]), `parameter ${i}`).toBeLessThan(2e-4 + 2e-3 * Math.abs(numeric[i]));
    sparseModel.dispose();
    denseModel.dispose();
  });

  it('trains to the same weights as the dense path, and the same seed gives bit-identical weights', async () => {
    const x = randomSparse(150, 60, 0.06, 21);
    const y = Int32Array.from({ length: x.rows }, (_, r) => (x.indptr[r + 1] - x.indptr[r]) % 2);
    const run = async (input: SparseMatrix | ReturnType<typeof sparseToDense>, extra: 'dropout' | 'plain') => {
      const m = textLikeModel(60, 17, extra);
      const h = await m.fit(input, y, { epochs: 4, batchSize: 16, validationSplit: 0.2 });
      const out = { weights: m.network().getParams(), history: h.history, proba: m.predict(input).data, evaluated: m.evaluate(input, y) };
      m.dispose();
      return out;
    };
    const a = await run(x, 'dropout'), b = await run(x, 'dropout');
    expect(Array.from(a.weights)).toEqual(Array.from(b.weights));
    expect(a.history).toEqual(b.history);
    // Skipping a zero product changes no bit: the dense path trains to exactly the same weights.
    const denseRun = await run(sparseToDense(x), 'dropout');
    expect(Array.from(a.weights)).toEqual(Array.from(denseRun.weights));
    expect(Array.from(a.proba)).toEqual(Array.from(denseRun.proba));
    expect(a.evaluated).toEqual(denseRun.evaluated);
  });

  it('KerasClassifier takes sparse x for fit, predict and score', async () => {
    const x = randomSparse(80, 40, 0.1, 8);
    const y = Int32Array.from({ length: x.rows }, (_, r) => (x.indptr[r + 1] - x.indptr[r] > 3 ? 1 : 0));
    const clf = new KerasClassifier({ build: ({ nFeatures }) => textLikeModel(nFeatures, 1), epochs: 3, batchSize: 8 });
    await clf.fit(x, y);
    expect(clf.predict(x).length).toBe(80);
    expect(clf.score(x, y)).toBeGreaterThanOrEqual(0);
    clf.dispose();
  });

  it('refuses a sparse x when the first layer is not Dense, and a wrong width', async () => {
    const x = randomSparse(10, 12, 0.2, 1);
    const m = new Sequential([new Dropout({ rate: 0.2 }), new Dense({ units: 1, activation: 'sigmoid' })]);
    m.compile({ loss: 'binaryCrossentropy', optimizer: 'sgd' });
    await expectWasmlpError(() => m.fit(x, new Int32Array(10)), 'SPARSE_NEEDS_DENSE', [/Dense first layer/], { layer: 0 });
    const ok = textLikeModel(12, 1);
    await ok.fit(x, new Int32Array(10), { epochs: 1 });
    await expectWasmlpError(() => ok.predict(randomSparse(3, 13, 0.3, 2)), 'INPUT_WIDTH');
    await expectWasmlpError(() => ok.predict({ ...x, indptr: new Int32Array(3) }), 'SHAPE_MISMATCH');
    ok.dispose();
  });
});
