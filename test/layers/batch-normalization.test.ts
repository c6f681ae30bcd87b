import { beforeAll, describe, expect, it } from 'vitest';
import { BatchNormalization, Dense, Sequential, setWarningHandler } from '../../src/index.js';
import { HEADER_WORDS, L_A, LAYER_WORDS } from '../../src/core-abi.js';
import { runtime } from '../../src/runtime/wasm.js';
import { coreGradients, randn, testRandom } from '../helpers/device.js';
import { expectWasmlpError } from '../helpers/expect-error.js';

beforeAll(() => { setWarningHandler(null); });

// An independent float64 reference: Dense (linear, tanh, sigmoid) and BatchNormalization layers,
// mean squared error or binary cross-entropy, parameters read from the model's flat array
// (trainable values layer by layer, then the moving mean and variance of each BN layer).
type Act = 'linear' | 'tanh' | 'sigmoid';
type RefLayer =
  | { kind: 'dense'; units: number; act: Act }
  | { kind: 'bn'; momentum: number; epsilon: number; center: boolean; scale: boolean };
type Loss = 'meanSquaredError' | 'binaryCrossentropy';

const apply = (a: Act, v: number) => (a === 'tanh' ? Math.tanh(v) : a === 'sigmoid' ? 1 / (1 + Math.exp(-v)) : v);

/** Runs the reference; returns the outputs, the per-row loss mean and, in training, each BN layer's batch statistics. */
function reference(layers: RefLayer[], p: ArrayLike<number>, xs: number[][], ys: number[][], loss: Loss, training: boolean) {
  let width = xs[0].length;
  let trainable = 0;
  for (const l of layers) {
    if (l.kind === 'dense') { trainable += width * l.units + l.units; width = l.units; } else trainable += (l.scale ? width : 0) + (l.center ? width : 0);
  }
  let at = 0, fixed = trainable;
  let h = xs.map((r) => r.slice());
  width = xs[0].length;
  const stats: { mean: number[]; variance: number[] }[] = [];
  for (const l of layers) {
    if (l.kind === 'dense') {
      const k = at; at += width * l.units;
      const b = at; at += l.units;
      h = h.map((row) => Array.from({ length: l.units }, (_, j) => {
        let z = p[b + j];
        for (let i = 0; i < width; i++) z += row[i] * p[k + i * l.units + j];
        return apply(l.act, z);
      }));
      width = l.units;
    } else {
      const gamma = l.scale ? at : -1; if (l.scale) at += width;
      const beta = l.center ? at : -1; if (l.center) at += width;
      const mm = fixed; fixed += width;
      const mv = fixed; fixed += width;
      const n = h.length;
      const mean = Array.from({ length: width }, (_, j) => (training ? h.reduce((s, r) => s + r[j], 0) / n : p[mm + j]));
      const variance = Array.from({ length: width }, (_, j) => (training ? h.reduce((s, r) => s + (r[j] - mean[j]) ** 2, 0) / n : p[mv + j]));
      stats.push({ mean, variance });
      h = h.map((row) => row.map((v, j) => (gamma < 0 ? 1 : p[gamma + j]) * (v - mean[j]) / Math.sqrt(variance[j] + l.epsilon) + (beta < 0 ? 0 : p[beta + j])));
    }
  }
  const perRow = h.map((row, r) => row.reduce((s, v, j) => {
    const y = ys[r][j];
    return s + (loss === 'meanSquaredError' ? (v - y) ** 2 : -(y * Math.log(v) + (1 - y) * Math.log(1 - v)));
  }, 0) / row.length);
  return { outputs: h, loss: perRow.reduce((a, b) => a + b, 0) / perRow.length, stats, trainable };
}

function toLayers(ref: RefLayer[], inDim: number): (Dense | BatchNormalization)[] {
  return ref.map((l, i) => (l.kind === 'dense'
    ? new Dense({ units: l.units, activation: l.act, ...(i === 0 ? { inputDim: inDim } : {}), biasInitializer: { type: 'randomNormal', stddev: 0.3 } })
    : new BatchNormalization({ momentum: l.momentum, epsilon: l.epsilon, center: l.center, scale: l.scale, gammaInitializer: { type: 'randomUniform', minval: 0.5, maxval: 1.5 }, betaInitializer: { type: 'randomNormal', stddev: 0.3 }, movingMeanInitializer: { type: 'randomNormal', stddev: 0.5 }, movingVarianceInitializer: { type: 'randomUniform', minval: 0.5, maxval: 2 } })));
}

function data(seed: number, rows: number, inDim: number, outDim: number, loss: Loss) {
  const rand = testRandom(seed);
  const xs = Array.from({ length: rows }, () => Array.from({ length: inDim }, () => randn(rand) * 2 + 0.5));
  const ys = Array.from({ length: rows }, () => Array.from({ length: outDim }, () => (loss === 'binaryCrossentropy' ? (rand() < 0.5 ? 0 : 1) : randn(rand))));
  return { xs, ys };
}

const bn = (o: Partial<Extract<RefLayer, { kind: 'bn' }>> = {}): RefLayer => ({ kind: 'bn', momentum: 0.9, epsilon: 1e-3, center: true, scale: true, ...o });
const dense = (units: number, act: Act = 'linear'): RefLayer => ({ kind: 'dense', units, act });

const NETS: { name: string; layers: RefLayer[]; loss: Loss }[] = [
  { name: 'Dense -> BN -> Dense (mse)', layers: [dense(4), bn(), dense(2)], loss: 'meanSquaredError' },
  { name: 'Dense(tanh) -> BN(no scale) -> Dense(tanh) -> BN(no center) -> Dense(sigmoid) (bce)', layers: [dense(5, 'tanh'), bn({ scale: false, epsilon: 0.01 }), dense(3, 'tanh'), bn({ center: false, momentum: 0.5 }), dense(2, 'sigmoid')], loss: 'binaryCrossentropy' },
  { name: 'BN first, on the raw inputs -> Dense (mse)', layers: [bn({ momentum: 0.99 }), dense(3, 'tanh'), dense(1)], loss: 'meanSquaredError' },
];

function build(net: (typeof NETS)[number], seed: number, inDim: number) {
  const model = new Sequential(toLayers(net.layers, inDim), { seed });
  model.compile({ loss: net.loss, optimizer: { type: 'sgd', learningRate: 0.1 } });
  model.build(inDim);
  return model;
}

/** The output buffer of layer `index` after the last forward pass (rows x width). */
function layerOutput(model: Sequential, index: number, rows: number, width: number): Float32Array {
  const rt = runtime();
  const net = model.network();
  const L = net.desc + (HEADER_WORDS + index * LAYER_WORDS) * 4;
  return new Float32Array(rt.mem.memory.buffer, rt.mem.i32(L, LAYER_WORDS)[L_A], rows * width).slice();
}

describe('BatchNormalization forward vs a float64 reference', () => {
  for (const net of NETS) {
    it(`${net.name}: training mode uses batch statistics and moves the moving ones; inference uses the moving ones`, () => {
      const inDim = 3, rows = 7;
      const model = build(net, 21, inDim);
      const outDim = (net.layers.filter((l) => l.kind === 'dense').at(-1) as { units: number }).units;
      const { xs, ys } = data(4, rows, inDim, outDim, net.loss);
      const before = model.network().getParams();
      // Inference: predict and evaluate use the moving statistics and leave them alone.
      const inf = reference(net.layers, before, xs, ys, net.loss, false);
      const pred = model.predict(xs).data;
      inf.outputs.flat().forEach((v, i) => expect(Math.abs(pred[i] - v)).toBeLessThan(1e-5 * (1 + Math.abs(v))));
      expect(model.evaluate(xs, ys.map((r) => (r.length === 1 ? r[0] : r)) as never).loss).toBeCloseTo(inf.loss, 5);
      expect(model.network().getParams()).toEqual(before);
      // Training: the batch's mean and biased variance; one forward pass moves the moving statistics.
      const { lossSum } = coreGradients(model, xs, ys);
      const tr = reference(net.layers, before, xs, ys, net.loss, true);
      expect(lossSum / rows).toBeCloseTo(tr.loss, 5);
      const last = net.layers.length - 1;
      const out = layerOutput(model, last, rows, outDim);
      tr.outputs.flat().forEach((v, i) => expect(Math.abs(out[i] - v)).toBeLessThan(1e-5 * (1 + Math.abs(v))));
      const after = model.network().getParams();
      let fixed = tr.trainable;
      net.layers.filter((l): l is Extract<RefLayer, { kind: 'bn' }> => l.kind === 'bn').forEach((l, k) => {
        const { mean, variance } = tr.stats[k];
        for (const [stat, batch] of [[fixed, mean], [fixed + mean.length, variance]] as const) {
          batch.forEach((b, j) => {
            const expected = before[stat + j] * l.momentum + b * (1 - l.momentum);
            expect(Math.abs(after[stat + j] - expected)).toBeLessThan(1e-5 * (1 + Math.abs(expected)));
          });
        }
        fixed += 2 * mean.length;
      });
      // The trainable values are untouched by a forward pass (no optimizer step here).
      expect(after.subarray(0, tr.trainable)).toEqual(before.subarray(0, tr.trainable));
      model.dispose();
    });
  }
});

describe('BatchNormalization gradients match float64 finite differences (training mode, whole network)', () => {
  for (const net of NETS) {
    it(net.name, () => {
      const inDim = 3, rows = 6;
      const model = build(net, 33, inDim);
      const outDim = (net.layers.filter((l) => l.kind === 'dense').at(-1) as { units: number }).units;
      const { xs, ys } = data(8, rows, inDim, outDim, net.loss);
      const { grads, params } = coreGradients(model, xs, ys);
      const p = Float64Array.from(params);
      const f = (q: Float64Array) => reference(net.layers, q, xs, ys, net.loss, true).loss;
      expect(grads.length).toBe(reference(net.layers, p, xs, ys, net.loss, true).trainable);
      for (let i = 0; i < grads.length; i++) {
        const h = 1e-5 * Math.max(1, Math.abs(p[i]));
        const up = p.slice(); up[i] += h;
        const down = p.slice(); down[i] -= h;
        const numeric = (f(up) - f(down)) / (2 * h);
        const tol = 2e-4 + 2e-3 * Math.abs(numeric);
        if (Math.abs(grads[i] - numeric) > tol) throw new Error(`${net.name}: parameter ${i} gradient ${grads[i]} vs finite difference ${numeric}`);
      }
      model.dispose();
    });
  }
});

describe('BatchNormalization in a model', () => {
  const make = (seed = 5) => {
    const m = new Sequential([
      new Dense({ units: 6, activation: 'relu', inputDim: 4 }),
      new BatchNormalization({ momentum: 0.8 }),
      new Dense({ units: 1, activation: 'sigmoid' }),
    ], { seed });
    m.compile({ loss: 'binaryCrossentropy', optimizer: 'adam', metrics: ['accuracy'] });
    return m;
  };
  const { xs } = data(3, 64, 4, 1, 'binaryCrossentropy');
  const y = xs.map((r) => (r[0] + r[1] * r[2] > 0.5 ? 1 : 0));

  it('summary and countParams count 4 * units, 2 * units of them non-trainable, like Keras', () => {
    const m = make();
    expect(m.countParams()).toBe(4 * 6 + 6 + 4 * 6 + 7);
    const text = m.summary(null);
    expect(text).toMatch(/batch_normalization_1 \(BatchNormalization\)\s+\[null, 6\]\s+24/);
    expect(text).toContain(`Total params: ${m.countParams()}`);
    expect(text).toContain(`Trainable params: ${m.countParams() - 12}`);
    expect(text).toContain('Non-trainable params: 12');
    expect(m.getWeights().map((w) => w.name)).toEqual([
      'dense_0/kernel', 'dense_0/bias', 'batch_normalization_1/gamma', 'batch_normalization_1/beta',
      'batch_normalization_1/moving_mean', 'batch_normalization_1/moving_variance', 'dense_2/kernel', 'dense_2/bias',
    ]);
    m.dispose();
  });

  it('the optimizer trains gamma and beta and never touches the moving statistics (even AdamW with weight decay)', async () => {
    const m = new Sequential([new Dense({ units: 6, inputDim: 4 }), new BatchNormalization({ momentum: 1 }), new Dense({ units: 1, activation: 'sigmoid' })], { seed: 2 });
    m.compile({ loss: 'binaryCrossentropy', optimizer: { type: 'adamw', weightDecay: 0.5, learningRate: 0.05 } });
    const before = m.getWeights();
    await m.fit(xs, y, { epochs: 2, batchSize: 16 });
    const after = m.getWeights();
    // momentum 1: the moving statistics keep their initial zeros and ones exactly.
    expect(after[4].values).toEqual(before[4].values);
    expect(after[5].values).toEqual(before[5].values);
    expect(after[2].values).not.toEqual(before[2].values);
    expect(after[3].values).not.toEqual(before[3].values);
    m.dispose();
  });

  it('setWeights takes Keras order and predict follows the moving statistics', () => {
    const m = make();
    const w = m.getWeights();
    const set = w.map((e) => Array.from(e.values));
    set[4] = set[4].map(() => 100); // moving mean far from the data: outputs saturate toward one side
    m.setWeights(set);
    expect(Array.from(m.getWeights()[4].values)).toEqual(new Array(6).fill(100));
    const p = m.predict(xs).data;
    m.setWeights(w);
    expect(m.predict(xs).data).not.toEqual(p);
    m.dispose();
  });

  it('same seed, same bits: weights, moving statistics and history of two fits with shuffling', async () => {
    const run = async () => {
      const m = make(9);
      const h = await m.fit(xs, y, { epochs: 4, batchSize: 10, validationSplit: 0.25 });
      const out = { weights: m.getWeights().map((e) => Array.from(e.values)), history: h.history, pred: Array.from(m.predict(xs).data) };
      m.dispose();
      return out;
    };
    const a = await run(), b = await run();
    expect(b).toEqual(a);
    // The moving statistics moved (the data is not standard) and validation ran in inference mode.
    expect(a.weights[4].some((v) => Math.abs(v) > 0.01)).toBe(true);
    expect(a.history.val_loss ?? a.history.valLoss).toBeDefined();
  });

  it('validation runs in inference mode: val_loss is evaluate() with the moving statistics, not the batch ones', async () => {
    const m = make(6);
    const labels = y.map((v) => [v]);
    // One batch of all rows: the training loss is computed with that batch's statistics.
    const h = await m.fit(xs, y, { epochs: 1, batchSize: xs.length, shuffle: false, validationData: [xs, labels] });
    const evaluated = m.evaluate(xs, y).loss;
    expect(h.history.val_loss[0]).toBeCloseTo(evaluated, 6);
    // The moving statistics (momentum 0.8, one step) are far from the batch's: the losses differ.
    expect(Math.abs(h.history.loss[0] - evaluated)).toBeGreaterThan(1e-3);
    m.dispose();
  });

  it('a SparseMatrix cannot enter a BatchNormalization first layer: SPARSE_NEEDS_DENSE', async () => {
    const m = new Sequential([new BatchNormalization(), new Dense({ units: 1, activation: 'sigmoid' })]);
    m.compile({ loss: 'binaryCrossentropy' });
    const x = { format: 'csr' as const, rows: 2, cols: 3, indptr: Int32Array.from([0, 1, 2]), indices: Int32Array.from([0, 2]), values: Float32Array.from([1, 2]) };
    await expectWasmlpError(() => m.fit(x, [0, 1]), 'SPARSE_NEEDS_DENSE', ['Put the BatchNormalization after the first Dense layer'], { layer: 0 });
    m.dispose();
  });

  it('toJSON/fromJSON round trip keeps every BN weight bit for bit, and training resumes identically', async () => {
    const m = make(4);
    await m.fit(xs, y, { epochs: 2, batchSize: 16 });
    const json = m.toJSON();
    expect(json.layers[1]).toEqual({ className: 'BatchNormalization', config: { momentum: 0.8 } });
    const copy = Sequential.fromJSON(JSON.parse(JSON.stringify(json)));
    expect(copy.getWeights()).toEqual(m.getWeights());
    expect(copy.predict(xs).data).toEqual(m.predict(xs).data);
    await m.fit(xs, y, { epochs: 1, batchSize: 16 });
    await copy.fit(xs, y, { epochs: 1, batchSize: 16 });
    expect(copy.getWeights()).toEqual(m.getWeights());
    m.dispose(); copy.dispose();
  });

  it("save(path, { weights: 'sidecar' }) writes the moving statistics and the trainable optimizer state; load resumes identically", async () => {
    const { mkdtempSync, readFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'wasmlp-bn-sidecar-'));
    try {
      const m = make(4);
      await m.fit(xs, y, { epochs: 2, batchSize: 16 });
      const path = join(dir, 'bn.json');
      await m.save(path, { weights: 'sidecar' });
      const net = m.net!;
      // Weights (trainable + moving statistics), then two optimizer buffers over the trainable values only.
      expect(readFileSync(join(dir, 'bn.weights.bin')).length).toBe((net.paramCount + 2 * net.trainableCount) * 4);
      expect(net.paramCount).toBeGreaterThan(net.trainableCount);
      const back = await Sequential.load(path);
      expect(back.getWeights()).toEqual(m.getWeights());
      expect(Array.from(back.net!.getOptimizerState(0))).toEqual(Array.from(net.getOptimizerState(0)));
      await m.fit(xs, y, { epochs: 1, batchSize: 16 });
      await back.fit(xs, y, { epochs: 1, batchSize: 16 });
      expect(back.getWeights()).toEqual(m.getWeights());
      m.dispose(); back.dispose();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a saved model with a changed gamma, beta, moving mean or moving variance is refused (MODEL_CORRUPTED)', async () => {
    const m = make(4);
    await m.fit(xs, y, { epochs: 1, batchSize: 16 });
    const json = m.toJSON({ includeOptimizer: false });
    const weights = m.getWeights();
    let offset = 0;
    const flatOffset: Record<string, number> = {};
    // The saved order: trainable values layer by layer, then the moving statistics.
    for (const w of weights.filter((e) => !e.name.includes('moving'))) { flatOffset[w.name] = offset; offset += w.values.length; }
    for (const w of weights.filter((e) => e.name.includes('moving'))) { flatOffset[w.name] = offset; offset += w.values.length; }
    for (const name of ['gamma', 'beta', 'moving_mean', 'moving_variance']) {
      const bytes = Buffer.from(json.weights!.data!, 'base64');
      const values = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
      const at = flatOffset[`batch_normalization_1/${name}`];
      expect(values[at]).toBe(weights.find((w) => w.name === `batch_normalization_1/${name}`)!.values[0]);
      values[at] += 0.5;
      const tampered = { ...json, weights: { ...json.weights!, data: Buffer.from(values.buffer).toString('base64') } };
      await expectWasmlpError(() => Sequential.fromJSON(tampered), 'MODEL_CORRUPTED', ['integrity check failed']);
    }
    m.dispose();
  });

  it('snake_case options as Keras writes them', () => {
    const l = new BatchNormalization({ momentum: 0.5, epsilon: 0.01, center: false, beta_initializer: 'zeros', gamma_initializer: 'ones', moving_mean_initializer: 'zeros', moving_variance_initializer: 'ones' });
    expect([l.momentum, l.epsilon, l.center, l.scale, l.movingVarianceInitializer.name]).toEqual([0.5, 0.01, false, true, 'ones']);
  });

  it('bad options are coded errors naming the option', async () => {
    await expectWasmlpError(() => new BatchNormalization({ momentum: 1.5 }), 'BAD_OPTION', ["'momentum' must be a number in [0, 1]"], { option: 'momentum' });
    await expectWasmlpError(() => new BatchNormalization({ momentum: -0.1 }), 'BAD_OPTION', ['momentum'], { option: 'momentum' });
    await expectWasmlpError(() => new BatchNormalization({ epsilon: 0 }), 'BAD_OPTION', ["'epsilon' must be a finite number > 0"], { option: 'epsilon' });
    await expectWasmlpError(() => new BatchNormalization({ epsilon: -1e-3 }), 'BAD_OPTION', ['epsilon'], { option: 'epsilon' });
    await expectWasmlpError(() => new BatchNormalization({ momentun: 0.9 } as never), 'BAD_OPTION', ["Did you mean 'momentum'?"], { option: 'momentun' });
    await expectWasmlpError(() => new BatchNormalization({ center: 'yes' } as never), 'BAD_OPTION', ["'center' must be true or false"], { option: 'center' });
    await expectWasmlpError(() => new BatchNormalization({ axis: 0 }), 'BAD_OPTION', ["'axis' must be -1"], { option: 'axis' });
    await expectWasmlpError(() => new BatchNormalization({ gammaInitializer: 'onez' as never }), 'UNKNOWN_INITIALIZER', [], { option: 'gammaInitializer' });
    const m = new Sequential([new Dense({ units: 2, inputDim: 3 }), new BatchNormalization()]);
    await expectWasmlpError(() => m.compile({ loss: 'meanSquaredError' }), 'BAD_ARCHITECTURE', ['last layer is a BatchNormalization'], { layer: 1 });
  });
});
