// BatchNormalization against TensorFlow.js 4.22: training steps from the same initial weights,
// and models moving both ways through the TF.js layers format.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchNormalization, Dense, Sequential, makeClassification, setWarningHandler, type Matrix } from '../../src/index.js';
import { exportTfjs, loadTfjs } from '../../src/io/tfjs.js';
import { expectWasmlpError } from '../helpers/expect-error.js';

const warnings: string[] = [];
beforeAll(async () => {
  await tf.setBackend('cpu');
  setWarningHandler((code) => { warnings.push(code); });
});
afterAll(() => { setWarningHandler(null); });

const data = makeClassification({ nSamples: 96, nFeatures: 4, nInformative: 3, nClasses: 2, seed: 21 });
const target = Array.from(data.y, (c, i) => c + 0.3 * data.x.data[i * 4]);

function tfPredict(model: tf.LayersModel, x: Matrix): Float32Array {
  return tf.tidy(() => (model.predict(tf.tensor2d(x.data, [x.rows, x.cols])) as tf.Tensor).dataSync() as Float32Array);
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

async function tfjsArtifacts(model: tf.LayersModel): Promise<tf.io.ModelArtifacts> {
  let captured: tf.io.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (a) => {
    captured = a;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  return captured!;
}

/**
 * Dense(tanh) -> BN -> Dense(relu) -> BN -> Dense, with seeded, non-trivial initial weights.
 * `center` and `scale` of the second BN: TF.js 4.22 cannot train a BN without them (its training
 * branch reads the missing beta or gamma), so only inference checks turn them off.
 */
function tfModel(center = true, scale = true): tf.Sequential {
  const t = tf.sequential();
  t.add(tf.layers.dense({ units: 6, activation: 'tanh', inputShape: [4], kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }), biasInitializer: tf.initializers.randomNormal({ stddev: 0.2, seed: 2 }) }));
  t.add(tf.layers.batchNormalization({
    momentum: 0.9, epsilon: 1e-3,
    gammaInitializer: tf.initializers.randomUniform({ minval: 0.5, maxval: 1.5, seed: 3 }), betaInitializer: tf.initializers.randomNormal({ stddev: 0.3, seed: 4 }),
    movingMeanInitializer: tf.initializers.randomNormal({ stddev: 0.3, seed: 5 }), movingVarianceInitializer: tf.initializers.randomUniform({ minval: 0.5, maxval: 2, seed: 6 }),
  }));
  t.add(tf.layers.dense({ units: 5, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 7 }) }));
  t.add(tf.layers.batchNormalization({ momentum: 0.6, epsilon: 0.01, center, scale, movingMeanInitializer: tf.initializers.randomNormal({ stddev: 0.3, seed: 9 }), movingVarianceInitializer: tf.initializers.randomUniform({ minval: 0.5, maxval: 2, seed: 10 }) }));
  t.add(tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: 8 }) }));
  return t;
}

function wasmlpModel(center = true): Sequential {
  return new Sequential([
    new Dense({ units: 6, activation: 'tanh', inputDim: 4 }),
    new BatchNormalization({ momentum: 0.9, epsilon: 1e-3 }),
    new Dense({ units: 5, activation: 'relu' }),
    new BatchNormalization({ momentum: 0.6, epsilon: 0.01, center }),
    new Dense({ units: 1 }),
  ], { seed: 1 });
}

/** Every weight of the TF.js model in Keras layer order (per layer: trainable, then non-trainable). */
const tfWeights = (t: tf.LayersModel) => t.layers.flatMap((l) => l.getWeights().map((w) => ({ values: w.dataSync() as Float32Array })));

describe('BatchNormalization vs TensorFlow.js 4.22', () => {
  it('from the same initial weights, SGD steps give the same weights, gamma/beta and moving statistics', async () => {
    const t = tfModel();
    t.compile({ loss: 'meanSquaredError', optimizer: tf.train.sgd(0.05) });
    const m = wasmlpModel();
    m.compile({ loss: 'meanSquaredError', optimizer: { type: 'sgd', learningRate: 0.05 } });
    const initial = tfWeights(t);
    m.setWeights(initial.map((w) => w.values));
    expect(m.getWeights().map((w) => w.shape)).toEqual(t.layers.flatMap((l) => l.getWeights().map((w) => w.shape)));

    const xs = tf.tensor2d(data.x.data, [data.x.rows, data.x.cols]);
    const ys = tf.tensor2d(Float32Array.from(target), [target.length, 1]);
    await t.fit(xs, ys, { epochs: 3, batchSize: 16, shuffle: false, verbose: 0 });
    xs.dispose(); ys.dispose();
    await m.fit(data.x, target.map((v) => [v]), { epochs: 3, batchSize: 16, shuffle: false });

    const after = tfWeights(t), ours = m.getWeights();
    let worst = 0;
    after.forEach((w, k) => {
      // Moved from the start (18 steps), so the comparison is not of untouched values.
      expect(maxDiff(w.values, initial[k].values)).toBeGreaterThan(1e-3);
      const d = maxDiff(ours[k].values, w.values);
      worst = Math.max(worst, d);
      expect(d, ours[k].name).toBeLessThan(1e-4);
    });
    console.log(`BN training vs tfjs, 18 SGD steps: max |weight difference| ${worst.toExponential(2)}`);
    // Inference with the moving statistics.
    expect(maxDiff(m.predict(data.x).data, tfPredict(t, data.x))).toBeLessThan(1e-4);
    t.dispose(); m.dispose();
  });

  it('a BN model trained in TF.js loads in wasmlp and predicts the same', async () => {
    const t = tfModel();
    t.compile({ loss: 'meanSquaredError', optimizer: tf.train.adam(0.01) });
    const xs = tf.tensor2d(data.x.data, [data.x.rows, data.x.cols]);
    const ys = tf.tensor2d(Float32Array.from(target), [target.length, 1]);
    await t.fit(xs, ys, { epochs: 5, batchSize: 16, verbose: 0 });
    xs.dispose(); ys.dispose();
    warnings.length = 0;
    const m = await loadTfjs(await tfjsArtifacts(t));
    expect(m.layers.map((l) => l.className)).toEqual(['Dense', 'BatchNormalization', 'Dense', 'BatchNormalization', 'Dense']);
    const bn = m.layers[3] as BatchNormalization;
    expect([bn.momentum, bn.epsilon, bn.center, bn.scale]).toEqual([0.6, 0.01, true, true]);
    const diff = maxDiff(m.predict(data.x).data, tfPredict(t, data.x));
    console.log(`tfjs -> wasmlp with BatchNormalization: max |prediction difference| ${diff.toExponential(2)}`);
    expect(diff).toBeLessThan(1e-5);
    expect(warnings).toEqual([]);
    m.dispose(); t.dispose();
  });

  it('BN layers without center or scale load from TF.js (seeded moving statistics) and predict the same', async () => {
    for (const [center, scale] of [[false, true], [true, false], [false, false]]) {
      const t = tfModel(center, scale);
      const m = await loadTfjs(await tfjsArtifacts(t));
      const bn = m.layers[3] as BatchNormalization;
      expect([bn.center, bn.scale]).toEqual([center, scale]);
      expect(m.getWeights().length).toBe(14 - (center ? 0 : 1) - (scale ? 0 : 1));
      expect(maxDiff(m.predict(data.x).data, tfPredict(t, data.x))).toBeLessThan(1e-5);
      m.dispose(); t.dispose();
    }
  });

  it('a BN model trained in wasmlp exports to TF.js and predicts the same there', async () => {
    const m = wasmlpModel(false);
    m.compile({ loss: 'meanSquaredError', optimizer: 'adam' });
    await m.fit(data.x, target, { epochs: 5, batchSize: 16 });
    const artifacts = exportTfjs(m);
    expect(artifacts.weightSpecs.map((w) => w.name)).toEqual([
      'dense_0/kernel', 'dense_0/bias', 'batch_normalization_1/gamma', 'batch_normalization_1/beta', 'batch_normalization_1/moving_mean', 'batch_normalization_1/moving_variance',
      'dense_2/kernel', 'dense_2/bias', 'batch_normalization_3/gamma', 'batch_normalization_3/moving_mean', 'batch_normalization_3/moving_variance', 'dense_4/kernel', 'dense_4/bias',
    ]);
    expect(artifacts.weightData.byteLength).toBe(m.countParams() * 4);
    const t = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
    expect(t.layers.map((l) => l.getClassName())).toEqual(['Dense', 'BatchNormalization', 'Dense', 'BatchNormalization', 'Dense']);
    const diff = maxDiff(tfPredict(t, data.x), m.predict(data.x).data);
    console.log(`wasmlp -> tfjs with BatchNormalization: max |prediction difference| ${diff.toExponential(2)}`);
    expect(diff).toBeLessThan(1e-5);
    // And back: the round trip keeps every weight.
    const back = await loadTfjs(await tfjsArtifacts(t));
    expect(back.getWeights().map((w) => Array.from(w.values))).toEqual(m.getWeights().map((w) => Array.from(w.values)));
    t.dispose(); m.dispose(); back.dispose();
  });

  it('an activation after a BatchNormalization cannot be folded into a Dense: TFJS_UNSUPPORTED naming the layers', async () => {
    const t = tf.sequential();
    t.add(tf.layers.dense({ units: 3, inputShape: [2] }));
    t.add(tf.layers.batchNormalization());
    t.add(tf.layers.activation({ activation: 'relu' }));
    t.add(tf.layers.dense({ units: 1 }));
    await expectWasmlpError(async () => loadTfjs(await tfjsArtifacts(t)), 'TFJS_UNSUPPORTED', ['applies relu after layer 1 (BatchNormalization)'], { layer: 2 });
    t.dispose();
  });
});
