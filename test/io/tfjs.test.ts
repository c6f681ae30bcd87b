import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Dense, Dropout, Sequential, WasmlpError, makeClassification, setWarningHandler, type Matrix } from '../../src/index.js';
import { exportTfjs, loadTfjs, loadTfjsFiles, planTfjs, saveTfjs, tfjsModelJSON, type TfjsArtifacts } from '../../src/io/tfjs.js';
import { expectWasmlpError } from '../helpers/expect-error.js';
import { testRandom } from '../helpers/device.js';

// The tolerance the issue sets for predictions of the same model in both libraries.
const TOL = 1e-6;
const warnings: string[] = [];
const dirs: string[] = [];

beforeAll(async () => {
  await tf.setBackend('cpu');
  setWarningHandler((code) => warnings.push(code));
});

afterAll(() => {
  setWarningHandler(null);
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'wasmlp-tfjs-'));
  dirs.push(d);
  return d;
}

function tfPredict(model: tf.LayersModel, x: Matrix): Float32Array {
  return tf.tidy(() => (model.predict(tf.tensor2d(x.data, [x.rows, x.cols])) as tf.Tensor).dataSync() as Float32Array);
}

/** TF.js models here start from seeded weights (and fit without shuffling), so every run is the same. */
const seeded = (seed: number) => tf.initializers.glorotUniform({ seed });

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** What tf.io.withSaveHandler hands over: the artifacts TF.js would write to model.json + weights. */
async function tfjsArtifacts(model: tf.LayersModel, includeOptimizer = false): Promise<tf.io.ModelArtifacts> {
  let captured: tf.io.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (a) => {
    captured = a;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }), { includeOptimizer });
  return captured!;
}

/** model.json as a TF.js file would hold it, plus the weight bytes, from in-memory artifacts. */
function asModelJson(a: tf.io.ModelArtifacts): { json: Record<string, unknown>; weights: ArrayBuffer } {
  const json = {
    format: a.format, generatedBy: a.generatedBy, convertedBy: a.convertedBy, modelTopology: a.modelTopology,
    weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: a.weightSpecs }],
  };
  return { json: JSON.parse(JSON.stringify(json)), weights: a.weightData as ArrayBuffer };
}

function camelKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(camelKeys);
  if (typeof v !== 'object' || v === null) return v;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), camelKeys(x)]));
}

const data4 = makeClassification({ nSamples: 240, nFeatures: 6, nInformative: 3, nClasses: 3, seed: 11 });
const binary = makeClassification({ nSamples: 240, nFeatures: 4, nInformative: 2, nClasses: 2, seed: 3 });

describe('wasmlp -> TensorFlow.js', () => {
  it('a trained binary classifier (relu, dropout, sigmoid) predicts the same in tf.loadLayersModel', async () => {
    const m = new Sequential([
      new Dense({ units: 16, activation: 'relu', inputDim: 4 }), new Dropout({ rate: 0.2 }),
      new Dense({ units: 8, activation: 'tanh', kernelRegularizer: { l2: 0.001 } }), new Dense({ units: 1, activation: 'sigmoid' }),
    ], { seed: 1 });
    m.compile({ loss: 'binaryCrossentropy', optimizer: 'adam', metrics: ['accuracy'] });
    await m.fit(binary.x, binary.y, { epochs: 20, batchSize: 32 });
    const artifacts = exportTfjs(m);
    expect(artifacts.format).toBe('layers-model');
    expect(artifacts.weightsManifest).toEqual([{ paths: ['weights.bin'], weights: artifacts.weightSpecs }]);
    expect(artifacts.weightSpecs.map((w) => `${w.name} ${w.shape.join('x')}`)).toEqual([
      'dense_0/kernel 4x16', 'dense_0/bias 16', 'dense_2/kernel 16x8', 'dense_2/bias 8', 'dense_3/kernel 8x1', 'dense_3/bias 1',
    ]);
    expect(artifacts.weightData.byteLength).toBe(m.countParams() * 4);
    const tfModel = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
    expect(tfModel.layers.map((l) => l.getClassName())).toEqual(['Dense', 'Dropout', 'Dense', 'Dense']);
    const diff = maxDiff(tfPredict(tfModel, binary.x), m.predict(binary.x).data);
    console.log(`wasmlp -> tfjs, binary classifier: max |prediction difference| ${diff.toExponential(2)} over ${binary.x.rows} rows`);
    expect(diff).toBeLessThan(TOL);
    tfModel.dispose();
    m.dispose();
  });

  it('every activation TF.js has (and leakyRelu as a LeakyReLU layer) predicts the same', async () => {
    const m = new Sequential([
      new Dense({ units: 12, activation: 'leakyRelu', alpha: 0.1, inputDim: 6, name: 'first' }),
      new Dense({ units: 10, activation: 'selu' }), new Dense({ units: 10, activation: 'gelu' }), new Dropout({ rate: 0.1 }),
      new Dense({ units: 8, activation: 'elu' }), new Dense({ units: 8, activation: 'linear', useBias: false }),
      new Dense({ units: 8, activation: 'sigmoid' }), new Dense({ units: 3, activation: 'softmax' }),
    ], { seed: 7 });
    m.compile({ loss: 'sparseCategoricalCrossentropy', optimizer: { type: 'adam', learningRate: 0.01 } });
    await m.fit(data4.x, data4.y, { epochs: 10, batchSize: 32 });
    const artifacts = exportTfjs(m);
    const tfModel = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
    expect(tfModel.layers.map((l) => l.getClassName())).toEqual(['Dense', 'LeakyReLU', 'Dense', 'Dense', 'Dropout', 'Dense', 'Dense', 'Dense', 'Dense']);
    expect((tfModel.layers[1].getConfig() as { alpha: number }).alpha).toBeCloseTo(0.1, 7);
    expect(artifacts.weightSpecs.find((w) => w.name === 'dense_5/bias')).toBeUndefined();
    const diff = maxDiff(tfPredict(tfModel, data4.x), m.predict(data4.x).data);
    console.log(`wasmlp -> tfjs, leakyRelu/selu/gelu/elu/linear/sigmoid/softmax: max |prediction difference| ${diff.toExponential(2)}`);
    expect(diff).toBeLessThan(TOL);
    tfModel.dispose();
    m.dispose();
  });

  it('an untrained model with inputDim exports its seeded initial weights', async () => {
    const m = new Sequential([new Dense({ units: 3, activation: 'tanh', inputDim: 2 }), new Dense({ units: 1 })], { seed: 5 });
    const tfModel = await tf.loadLayersModel(tf.io.fromMemory(exportTfjs(m)));
    const x = { data: new Float32Array([0.5, -1, 2, 0.25]), rows: 2, cols: 2 };
    expect(maxDiff(tfPredict(tfModel, x), m.predict(x).data)).toBeLessThan(TOL);
    tfModel.dispose();
    m.dispose();
  });
});

describe('TensorFlow.js -> wasmlp', () => {
  it('a model built and trained in TF.js, saved with its own save handler, predicts the same in wasmlp', async () => {
    const t = tf.sequential();
    t.add(tf.layers.dense({ units: 16, activation: 'relu', inputShape: [6], kernelInitializer: seeded(1) }));
    t.add(tf.layers.dropout({ rate: 0.25, seed: 2 }));
    t.add(tf.layers.dense({ units: 12, kernelInitializer: seeded(3) }));
    t.add(tf.layers.leakyReLU({ alpha: 0.2 }));
    t.add(tf.layers.dense({ units: 10, activation: 'elu', useBias: false, kernelInitializer: seeded(4) }));
    t.add(tf.layers.dense({ units: 8, kernelInitializer: seeded(5) }));
    t.add(tf.layers.activation({ activation: 'tanh' }));
    t.add(tf.layers.dense({ units: 8, activation: 'selu', kernelInitializer: seeded(6) }));
    t.add(tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: seeded(7) }));
    t.compile({ loss: 'sparseCategoricalCrossentropy', optimizer: tf.train.adam(0.01), metrics: ['accuracy'] });
    const xs = tf.tensor2d(data4.x.data, [data4.x.rows, data4.x.cols]);
    const ys = tf.tensor1d(Float32Array.from(data4.y));
    await t.fit(xs, ys, { epochs: 8, batchSize: 32, verbose: 0, shuffle: false });
    xs.dispose(); ys.dispose();
    const expected = tfPredict(t, data4.x);

    warnings.length = 0;
    const artifacts = await tfjsArtifacts(t);
    const m = await loadTfjs(artifacts);
    expect(m.layers.map((l) => (l instanceof Dense ? `Dense:${l.activation}${l.activation === 'leakyRelu' ? `(${l.alpha})` : ''}:${l.useBias}` : 'Dropout'))).toEqual([
      'Dense:relu:true', 'Dropout', 'Dense:leakyRelu(0.2):true', 'Dense:elu:false', 'Dense:tanh:true', 'Dense:selu:true', 'Dense:softmax:true',
    ]);
    expect(Math.max(...expected) - Math.min(...expected)).toBeGreaterThan(0.5); // a trained model, not a constant
    const diff = maxDiff(m.predict(data4.x).data, expected);
    console.log(`tfjs -> wasmlp, relu/dropout/LeakyReLU/elu/Activation(tanh)/selu/softmax: max |prediction difference| ${diff.toExponential(2)} over ${data4.x.rows} rows`);
    expect(diff).toBeLessThan(TOL);
    // Weight names carry over, so a second export matches TF.js' own names.
    expect(m.getWeights().map((w) => w.name)).toEqual(artifacts.weightSpecs!.map((w) => w.name));
    expect(warnings).toEqual([]);

    // The same model as model.json + weight file contents, and with TF.js' camelCase keys.
    const { json, weights } = asModelJson(artifacts);
    const m2 = await loadTfjs(JSON.stringify(json), weights);
    expect(maxDiff(m2.predict(data4.x).data, expected)).toBeLessThan(TOL);
    const camel = { ...json, modelTopology: camelKeys(json.modelTopology) };
    expect(JSON.stringify(camel)).toContain('batchInputShape');
    const m3 = await loadTfjs(camel, [weights.slice(0, 100), weights.slice(100)]);
    expect(maxDiff(m3.predict(data4.x).data, expected)).toBeLessThan(TOL);
    m.dispose(); m2.dispose(); m3.dispose();
    t.dispose();
  });

  it('an InputLayer model saved with its optimizer loads compiled and keeps training', async () => {
    const t = tf.sequential({ layers: [
      tf.layers.inputLayer({ inputShape: [4] }),
      tf.layers.dense({ units: 8, activation: 'gelu', kernelInitializer: seeded(8) }),
      tf.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: seeded(9) }),
    ] });
    t.compile({ loss: 'binaryCrossentropy', optimizer: tf.train.adam(0.02), metrics: ['accuracy'] });
    const xs = tf.tensor2d(binary.x.data, [binary.x.rows, 4]);
    const ys = tf.tensor2d(Float32Array.from(binary.y), [binary.x.rows, 1]);
    await t.fit(xs, ys, { epochs: 5, batchSize: 32, verbose: 0, shuffle: false });
    xs.dispose(); ys.dispose();
    const artifacts = await tfjsArtifacts(t, true);
    expect(artifacts.trainingConfig).toBeDefined();
    expect(artifacts.weightSpecs!.length).toBeGreaterThan(4); // kernels, biases and Adam's state
    warnings.length = 0;
    const m = await loadTfjs(artifacts);
    expect(warnings).toEqual(['TFJS_UNUSED_WEIGHTS']);
    const diff = maxDiff(m.predict(binary.x).data, tfPredict(t, binary.x));
    console.log(`tfjs -> wasmlp, InputLayer + gelu + sigmoid (saved with optimizer): max |prediction difference| ${diff.toExponential(2)}`);
    expect(diff).toBeLessThan(TOL);
    expect(m.compiled?.loss).toBe('binaryCrossentropy');
    expect(m.compiled?.optimizer.name).toBe('adam');
    expect(m.compiled?.optimizer.config.learningRate).toBeCloseTo(0.02, 7);
    const before = m.evaluate(binary.x, binary.y).loss;
    await m.fit(binary.x, binary.y, { epochs: 5, batchSize: 32 });
    expect(m.evaluate(binary.x, binary.y).loss).toBeLessThan(before);
    m.dispose();
    t.dispose();
  });
  it('reads the Keras 3 form tensorflowjs_converter writes (model_config, batch_shape, scoped weight names)', async () => {
    const t = tf.sequential({ layers: [
      tf.layers.dense({ units: 6, inputShape: [4], kernelInitializer: seeded(12) }), tf.layers.leakyReLU({ alpha: 0.2 }),
      tf.layers.dense({ units: 2, activation: 'softmax', kernelInitializer: seeded(13) }),
    ] });
    const a = await tfjsArtifacts(t);
    const policy = { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' }, registered_name: null };
    const dense = (name: string, units: number, activation: string, inputs: number) => ({
      module: 'keras.layers', class_name: 'Dense', registered_name: null, build_config: { input_shape: [null, inputs] },
      config: { name, trainable: true, dtype: policy, units, activation, use_bias: true, kernel_initializer: { module: 'keras.initializers', class_name: 'GlorotUniform', config: { seed: null } }, bias_initializer: { module: 'keras.initializers', class_name: 'Zeros', config: {} }, kernel_regularizer: null, bias_regularizer: null, kernel_constraint: null, bias_constraint: null },
    });
    const specs = a.weightSpecs!;
    const json = {
      format: 'layers-model', generatedBy: 'keras v3.5.0', convertedBy: 'TensorFlow.js Converter v4.22.0',
      modelTopology: {
        keras_version: '3.5.0', backend: 'tensorflow',
        model_config: { class_name: 'Sequential', config: { name: 'sequential', trainable: true, dtype: policy, layers: [
          { module: 'keras.layers', class_name: 'InputLayer', registered_name: null, config: { batch_shape: [null, 4], dtype: 'float32', sparse: false, name: 'input_layer' } },
          dense('dense', 6, 'leaky_relu', 4), dense('dense_1', 2, 'softmax', 6),
        ] } },
        training_config: { loss: 'categorical_crossentropy', metrics: ['accuracy'], optimizer_config: { class_name: 'SGD', config: { learning_rate: 0.05 } } },
      },
      weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: [
        { ...specs[0], name: 'sequential/dense/kernel' }, { ...specs[1], name: 'sequential/dense/bias' },
        { ...specs[2], name: 'sequential/dense_1/kernel' }, { ...specs[3], name: 'sequential/dense_1/bias' },
      ] }],
    };
    const m = await loadTfjs(json, a.weightData as ArrayBuffer);
    expect((m.layers[0] as Dense).activation).toBe('leakyRelu');
    expect((m.layers[0] as Dense).alpha).toBe(0.2); // Keras 3's leaky_relu default negative_slope
    expect(m.compiled?.loss).toBe('categoricalCrossentropy');
    expect(m.compiled?.optimizer.name).toBe('sgd');
    const diff = maxDiff(m.predict(binary.x).data, tfPredict(t, binary.x));
    expect(diff).toBeLessThan(TOL);
    // Keras 2.2's form: config is the bare list of layers, weights matched by order when names differ.
    const old = { ...json, modelTopology: { model_config: { class_name: 'Sequential', config: json.modelTopology.model_config.config.layers } },
      weightsManifest: [{ paths: ['w.bin'], weights: specs.map((s, i) => ({ ...s, name: `w${i}` })) }] };
    const m2 = await loadTfjs(old, a.weightData as ArrayBuffer);
    expect(m2.predict(binary.x).data).toEqual(m.predict(binary.x).data);
    m.dispose(); m2.dispose(); t.dispose();
  });
});

describe('quantized weights (as tensorflowjs_converter --quantize_* writes them)', () => {
  it('uint8, uint16 and float16 weights dequantize as TF.js does', async () => {
    const m = new Sequential([new Dense({ units: 8, activation: 'relu', inputDim: 4 }), new Dense({ units: 1, activation: 'sigmoid' })], { seed: 6 });
    const a = exportTfjs(m);
    m.dispose();
    const floats = new Float32Array(a.weightData);
    const toHalf = (v: number): number => {
      // Round-to-nearest float16 for the small magnitudes of initial weights (normal range only).
      const f = new Float32Array([v]), u = new Uint32Array(f.buffer)[0];
      const sign = (u >>> 16) & 0x8000, exp = ((u >>> 23) & 0xff) - 127 + 15, mant = u & 0x7fffff;
      if (v === 0) return 0;
      if (exp <= 0) return sign; // flush tiny values (none here matter)
      return sign | (exp << 10) | Math.round(mant / 8192);
    };
    for (const dtype of ['uint8', 'uint16', 'float16'] as const) {
      const specs: Record<string, unknown>[] = [];
      const parts: Uint8Array[] = [];
      let at = 0;
      for (const spec of a.weightSpecs) {
        const n = spec.shape.reduce((p, q) => p * q, 1);
        const vals = floats.subarray(at, at + n);
        at += n;
        if (dtype === 'float16') {
          parts.push(new Uint8Array(Uint16Array.from(vals, toHalf).buffer));
          specs.push({ ...spec, quantization: { dtype } });
          continue;
        }
        const levels = dtype === 'uint8' ? 255 : 65535;
        const min = Math.min(...vals), max = Math.max(...vals);
        const scale = max > min ? (max - min) / levels : 1;
        const level = (v: number) => Math.round((v - min) / scale);
        const q = dtype === 'uint8' ? Uint8Array.from(vals, level) : Uint16Array.from(vals, level);
        parts.push(new Uint8Array(q.buffer));
        specs.push({ ...spec, quantization: { dtype, scale, min } });
      }
      const bytes = new Uint8Array(parts.reduce((p, q) => p + q.length, 0));
      let off = 0;
      for (const p of parts) { bytes.set(p, off); off += p.length; }
      const artifacts = { modelTopology: a.modelTopology, weightSpecs: specs, weightData: bytes.buffer, format: a.format };
      const tfModel = await tf.loadLayersModel(tf.io.fromMemory(artifacts as unknown as tf.io.ModelArtifacts));
      const mq = await loadTfjs(artifacts);
      const diff = maxDiff(mq.predict(binary.x).data, tfPredict(tfModel, binary.x));
      expect(diff, dtype).toBeLessThan(TOL);
      tfModel.dispose();
      mq.dispose();
    }
  });
});

describe('files: saveTfjs / loadTfjsFiles', () => {
  it('round-trips through model.json + weights.bin, readable by TF.js and by wasmlp', async () => {
    const m = new Sequential([new Dense({ units: 10, activation: 'relu', inputDim: 4 }), new Dropout({ rate: 0.3 }), new Dense({ units: 1, activation: 'sigmoid' })], { seed: 9, name: 'binary' });
    m.compile({ loss: 'binaryCrossentropy', optimizer: { type: 'rmsprop', learningRate: 0.005 }, metrics: ['accuracy'] });
    await m.fit(binary.x, binary.y, { epochs: 10, batchSize: 16 });
    const dir = join(tempDir(), 'nested', 'model');
    const { modelPath, weightsPath } = await saveTfjs(m, dir);
    expect(readdirSync(dir).sort()).toEqual(['model.json', 'weights.bin']);
    expect(statSync(weightsPath).size).toBe(m.countParams() * 4);
    const json = JSON.parse(readFileSync(modelPath, 'utf8'));
    expect(json.format).toBe('layers-model');
    expect(json.weightsManifest[0].paths).toEqual(['weights.bin']);

    // TF.js reads the two files (through a minimal IOHandler, as tfjs-node's file:// handler would).
    const bin = readFileSync(weightsPath);
    const tfModel = await tf.loadLayersModel({
      load: async () => ({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength), format: json.format }),
    });
    const expected = m.predict(binary.x).data;
    const tfDiff = maxDiff(tfPredict(tfModel, binary.x), expected);
    expect(tfDiff).toBeLessThan(TOL);

    for (const path of [dir, modelPath]) {
      const back = await loadTfjsFiles(path);
      expect(back.predict(binary.x).data).toEqual(expected); // bit-identical: same weights, same core
      expect(back.name).toBe('binary');
      expect(back.seed).toBe(9);
      expect(back.compiled?.optimizer.name).toBe('rmsprop');
      expect(back.compiled?.optimizer.config.learningRate).toBe(0.005);
      expect(back.getWeights()).toEqual(m.getWeights());
      back.dispose();
    }
    console.log(`files: TF.js reading saveTfjs output differs by ${tfDiff.toExponential(2)}; loadTfjsFiles gives bit-identical predictions`);
    tfModel.dispose();
    m.dispose();
  });

  it('reads a model TF.js saved as model.json with sharded weight files', async () => {
    const t = tf.sequential({ layers: [tf.layers.dense({ units: 6, activation: 'tanh', inputShape: [4], kernelInitializer: seeded(10) }), tf.layers.dense({ units: 2, activation: 'softmax', kernelInitializer: seeded(11) })] });
    const a = await tfjsArtifacts(t);
    const dir = tempDir();
    const bytes = new Uint8Array(a.weightData as ArrayBuffer);
    writeFileSync(join(dir, 'group1-shard1of2.bin'), bytes.subarray(0, 50));
    writeFileSync(join(dir, 'group1-shard2of2.bin'), bytes.subarray(50));
    writeFileSync(join(dir, 'model.json'), JSON.stringify({ format: a.format, generatedBy: a.generatedBy, convertedBy: null, modelTopology: a.modelTopology, weightsManifest: [{ paths: ['group1-shard1of2.bin', 'group1-shard2of2.bin'], weights: a.weightSpecs }] }));
    const m = await loadTfjsFiles(join(dir, 'model.json'));
    expect(maxDiff(m.predict(binary.x).data, tfPredict(t, binary.x))).toBeLessThan(TOL);
    m.dispose();
    t.dispose();
  });
});

describe('refusals', () => {
  let base: TfjsArtifacts;
  let baseJson: Record<string, any>;
  beforeAll(() => {
    const m = new Sequential([new Dense({ units: 3, activation: 'relu', inputDim: 2 }), new Dropout({ rate: 0.5 }), new Dense({ units: 1, activation: 'sigmoid' })], { seed: 2 });
    base = exportTfjs(m);
    baseJson = JSON.parse(JSON.stringify(tfjsModelJSON(base)));
    m.dispose();
  });
  /** model.json with `edit` applied to a fresh copy. */
  const edited = (edit: (j: any) => void) => {
    const j = JSON.parse(JSON.stringify(baseJson));
    edit(j);
    return j;
  };
  const layer = (class_name: string, config: Record<string, unknown> = {}) => ({ class_name, config: { name: `${class_name.toLowerCase()}_x`, ...config } });

  it('loads the unedited base (the edits below are the only problem in each case), and without an input shape', async () => {
    const m = await loadTfjs(baseJson, base.weightData);
    // No batch_input_shape anywhere: the width comes from the first kernel in the manifest.
    const m2 = await loadTfjs(edited((j) => { delete j.modelTopology.config.layers[0].config.batch_input_shape; }), base.weightData);
    expect(m2.inputDim).toBe(2);
    const x = { data: new Float32Array([1, -2, 0.5, 3]), rows: 2, cols: 2 };
    expect(m2.predict(x).data).toEqual(m.predict(x).data);
    m.dispose(); m2.dispose();
  });

  it.each([
    ['Conv2D', 1], ['LayerNormalization', 2], ['LSTM', 0], ['Flatten', 1], ['PReLU', 2],
  ])('an unsupported %s layer is named with its index', async (cls, at) => {
    const j = edited((j) => j.modelTopology.config.layers.splice(at, 0, layer(cls)));
    await expectWasmlpError(() => loadTfjs(j, base.weightData), 'TFJS_UNSUPPORTED_LAYER', [`layer ${at} (${cls} "${cls.toLowerCase()}_x")`, `cannot load ${cls} layers`, 'Dense, Dropout'], { layer: at });
  });

  it.each([
    ['an activation wasmlp lacks', (j: any) => { j.modelTopology.config.layers[2].config.activation = 'swish'; }, 'TFJS_UNSUPPORTED', ['layer 2 (Dense', '"swish"', 'Supported activations'], { layer: 2 }],
    ['a functional model', (j: any) => { j.modelTopology.class_name = 'Functional'; }, 'TFJS_UNSUPPORTED', ['functional', 'Sequential'], {}],
    ['a graph model', (j: any) => { j.format = 'graph-model'; }, 'TFJS_UNSUPPORTED', ['graph model', 'tensorflowjs_converter'], { option: 'format' }],
    ['image input', (j: any) => { j.modelTopology.config.layers[0].config.batch_input_shape = [null, 28, 28]; }, 'TFJS_UNSUPPORTED', ['[null,28,28]', 'flat rows'], { layer: 0 }],
    ['two activations on one Dense', (j: any) => { j.modelTopology.config.layers.push(layer('Activation', { activation: 'tanh' })); }, 'TFJS_UNSUPPORTED', ['applies tanh after layer 2 (Dense) already applies sigmoid'], { layer: 3 }],
    ['a kernel shape that disagrees with the topology', (j: any) => { j.modelTopology.config.layers[0].config.units = 4; }, 'TFJS_WEIGHTS', ['"dense_0/kernel" shape [2, 3]', 'needs a kernel of shape [2, 4]'], { layer: 0 }],
    ['a manifest shape that disagrees with the topology', (j: any) => { j.weightsManifest[0].weights[2].shape = [1, 3]; }, 'TFJS_WEIGHTS', ['"dense_2/kernel" shape [1, 3]', '[3, 1]'], { layer: 2 }],
    ['a missing weight', (j: any) => { j.weightsManifest[0].weights[1].name = 'other/bias'; }, 'TFJS_WEIGHTS', ['no weight for "dense_0/bias" [3]'], {}],
    ['billions of weights', (j: any) => { j.weightsManifest[0].weights[0].shape = [100000, 100000]; }, 'TFJS_WEIGHTS', ['more than 268435456', 'before allocating'], {}],
    ['a NaN size', (j: any) => { j.weightsManifest[0].weights[0].shape = [2, null]; }, 'BAD_TFJS_MODEL', ['sizes must be integers'], {}],
    ['negative units', (j: any) => { j.modelTopology.config.layers[0].config.units = -3; }, 'BAD_TFJS_MODEL', ['layer 0 (Dense "dense_0") has units -3'], { layer: 0, option: 'units' }],
    ['an int32 weight', (j: any) => { j.weightsManifest[0].weights[1].dtype = 'int32'; }, 'TFJS_UNSUPPORTED', ['"dense_0/bias" has dtype int32'], { layer: 0 }],
    ["an activation named 'constructor'", (j: any) => { j.modelTopology.config.layers[0].config.activation = 'constructor'; }, 'TFJS_UNSUPPORTED', ['"constructor"'], { layer: 0 }],
    ["a dtype named 'toString'", (j: any) => { j.weightsManifest[0].weights[0].dtype = 'toString'; }, 'TFJS_UNSUPPORTED', ['dtype "toString"'], {}],
    ['an unknown quantization', (j: any) => { j.weightsManifest[0].weights[0].quantization = { dtype: 'int4', scale: 1, min: 0 }; }, 'TFJS_UNSUPPORTED', ['quantized', 'uint8/uint16'], {}],
    ['a string dtype', (j: any) => { j.weightsManifest[0].weights[0].dtype = 'string'; }, 'TFJS_UNSUPPORTED', ['dtype "string"'], {}],
    ['no manifest', (j: any) => { delete j.weightsManifest; }, 'BAD_TFJS_MODEL', ["neither a 'weightsManifest'"], {}],
    ['layers that are not a list', (j: any) => { j.modelTopology.config.layers = { 0: 1 }; }, 'BAD_TFJS_MODEL', ['non-empty array'], {}],
    ['__proto__ and constructor keys', (j: any) => { j.modelTopology = JSON.parse('{"__proto__": {"class_name": "Sequential"}, "constructor": 1}'); }, 'BAD_TFJS_MODEL', ['class_name'], {}],
    ['duplicate layer names', (j: any) => { j.modelTopology.config.layers[2].config.name = 'dense_0'; }, 'BAD_TFJS_MODEL', ['"dense_0" is used by an earlier layer'], { layer: 2 }],
    ['a newer wasmlp metadata version', (j: any) => { j.userDefinedMetadata.wasmlp.formatVersion = 99; }, 'MODEL_VERSION', ['version 99', 'Upgrade wasmlp'], {}],
  ])('%s', async (_label, edit, code, parts, where) => {
    await expectWasmlpError(() => loadTfjs(edited(edit), base.weightData), code, parts, where);
  });

  it('truncated, oversized, missing or non-finite weight data', async () => {
    const bytes = base.weightData;
    await expectWasmlpError(() => loadTfjs(baseJson, bytes.slice(0, bytes.byteLength - 6)), 'TFJS_WEIGHTS', ['truncated', `has ${bytes.byteLength - 6} bytes`, `describes ${bytes.byteLength}`, 'inside "dense_2/kernel"']);
    await expectWasmlpError(() => loadTfjs(baseJson, new Uint8Array(bytes.byteLength + 4)), 'TFJS_WEIGHTS', ['4 more than']);
    await expectWasmlpError(() => loadTfjs(baseJson), 'TFJS_WEIGHTS', ['No weight data']);
    await expectWasmlpError(() => loadTfjs(baseJson, 'abc' as never), 'TFJS_WEIGHTS', ['must be an ArrayBuffer']);
    const nan = bytes.slice(0);
    new DataView(nan).setFloat32(8, NaN, true);
    await expectWasmlpError(() => loadTfjs(baseJson, nan), 'TFJS_WEIGHTS', ['"dense_0/kernel"[2] is NaN']);
    await expectWasmlpError(() => loadTfjs('{"format": "layers-model",', bytes), 'BAD_TFJS_MODEL', ['not JSON']);
    await expectWasmlpError(() => loadTfjs(42, bytes), 'BAD_TFJS_MODEL', ['received 42']);
    // The plan alone reads no weight bytes and reports what it expects.
    expect(planTfjs(baseJson).totalBytes).toBe(bytes.byteLength);
  });

  it('export refuses what TF.js cannot represent', async () => {
    const elu = new Sequential([new Dense({ units: 2, activation: 'elu', alpha: 0.5, inputDim: 2 })]);
    await expectWasmlpError(() => exportTfjs(elu), 'TFJS_UNSUPPORTED', ['elu with alpha 0.5', 'alpha 1'], { layer: 0 });
    const twins = new Sequential([new Dense({ units: 2, inputDim: 2, name: 'a' }), new Dense({ units: 1, name: 'a' })]);
    await expectWasmlpError(() => exportTfjs(twins), 'TFJS_DUPLICATE_NAME', ['layers 0 and 1 are both named "a"'], { layer: 1 });
    const noInput = new Sequential([new Dense({ units: 2 })]);
    await expectWasmlpError(() => exportTfjs(noInput), 'NO_INPUT_DIM', ['input width is unknown']);
    elu.dispose(); twins.dispose(); noInput.dispose();
  });

  it('file problems: a missing weights file, wrong size, path escapes, a 0-byte model.json', async () => {
    const m = new Sequential([new Dense({ units: 2, inputDim: 2 })], { seed: 3 });
    const dir = tempDir();
    const { modelPath, weightsPath } = await saveTfjs(m, dir);
    m.dispose();
    const good = readFileSync(weightsPath);
    writeFileSync(weightsPath, good.subarray(0, 10));
    await expectWasmlpError(() => loadTfjsFiles(dir), 'TFJS_WEIGHTS', ['10 bytes', 'describes 24', 'truncated'], { file: weightsPath });
    rmSync(weightsPath);
    await expectWasmlpError(() => loadTfjsFiles(dir), 'FILE_NOT_FOUND', ['weights file "weights.bin"'], { file: weightsPath });
    const json = JSON.parse(readFileSync(modelPath, 'utf8'));
    json.weightsManifest[0].paths = ['../../etc/passwd'];
    writeFileSync(modelPath, JSON.stringify(json));
    await expectWasmlpError(() => loadTfjsFiles(modelPath), 'BAD_TFJS_MODEL', ["no absolute paths, URLs or '..'"], { file: modelPath });
    writeFileSync(modelPath, '');
    await expectWasmlpError(() => loadTfjsFiles(modelPath), 'BAD_TFJS_MODEL', ['0 bytes'], { file: modelPath });
    await expectWasmlpError(() => loadTfjsFiles(join(dir, 'nope')), 'FILE_NOT_FOUND', [], {});
    mkdirSync(join(dir, 'empty'));
    await expectWasmlpError(() => loadTfjsFiles(join(dir, 'empty')), 'FILE_NOT_FOUND', ['model.json in that directory'], {});
  });

  it('seeded mutations of model.json and weights: a WasmlpError or a finite model, never anything else', async () => {
    const m = new Sequential([
      new Dense({ units: 5, activation: 'leakyRelu', inputDim: 3 }), new Dropout({ rate: 0.2 }), new Dense({ units: 4, activation: 'tanh' }), new Dense({ units: 2, activation: 'softmax' }),
    ], { seed: 4 });
    m.compile({ loss: 'categoricalCrossentropy', optimizer: 'adam' });
    const a = exportTfjs(m);
    const x = { data: new Float32Array([0.1, -0.4, 2, 1, 1, 1]), rows: 2, cols: 3 };
    const original = m.predict(x).data;
    m.dispose();
    const text = JSON.stringify(tfjsModelJSON(a));
    const weights = new Uint8Array(a.weightData);
    const hostile: unknown[] = [null, -1, 0, 1.5, 2 ** 31, 1e308, '', 'constructor', '__proto__', 'toString', [], {}, [null], [-1, 2], true, 'NaN', 'relu', 'Conv2D', { class_name: 'L1L2', config: { l1: -1 } }];
    const rand = testRandom(2024);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
    const CASES = 3000;
    let refused = 0, same = 0, different = 0, slowest = 0;
    for (let i = 0; i < CASES; i++) {
      let json: unknown = text;
      let bytes: Uint8Array = weights;
      const kind = i % 4;
      if (kind === 0 || kind === 1) {
        // Replace or delete one value somewhere in the tree.
        const doc = JSON.parse(text);
        const slots: [Record<string, unknown>, string][] = [];
        const walk = (v: unknown) => {
          if (typeof v !== 'object' || v === null) return;
          for (const k of Object.keys(v)) { slots.push([v as Record<string, unknown>, k]); walk((v as Record<string, unknown>)[k]); }
        };
        walk(doc);
        const [obj, key] = pick(slots);
        if (kind === 1 && !Array.isArray(obj)) delete obj[key];
        else obj[key] = structuredClone(pick(hostile));
        json = rand() < 0.5 ? doc : JSON.stringify(doc);
      } else if (kind === 2) {
        // Text damage: one character changed, or the file cut short.
        const at = Math.floor(rand() * text.length);
        json = rand() < 0.5 ? text.slice(0, at) : text.slice(0, at) + pick(['"', '}', '0', '-', 'e', ' ', '\\']) + text.slice(at + 1);
      } else {
        // Weight damage: truncated, padded, or bytes overwritten.
        const r = rand();
        if (r < 0.3) bytes = weights.slice(0, Math.floor(rand() * weights.length));
        else if (r < 0.5) bytes = Uint8Array.from([...weights, ...new Uint8Array(1 + Math.floor(rand() * 8))]);
        else {
          bytes = weights.slice();
          for (let k = 0; k < 1 + Math.floor(rand() * 4); k++) bytes[Math.floor(rand() * bytes.length)] = Math.floor(rand() * 256);
        }
      }
      const t0 = performance.now();
      try {
        const loaded = await loadTfjs(json, bytes);
        const p = loaded.predict(x).data;
        loaded.dispose();
        expect(p.every(Number.isFinite), `case ${i}: non-finite predictions`).toBe(true);
        if (p.length === original.length && p.every((v, j) => v === original[j])) same++;
        else different++;
      } catch (e) {
        if (!(e instanceof WasmlpError)) throw new Error(`case ${i} (kind ${kind}) threw ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`);
        expect(e.message.length, `case ${i}`).toBeLessThan(2000);
        refused++;
      }
      slowest = Math.max(slowest, performance.now() - t0);
    }
    console.log(`loadTfjs fuzz: ${CASES} cases, ${refused} refused with a WasmlpError, ${same} loaded with identical predictions, ${different} loaded as a different finite model; slowest case ${slowest.toFixed(1)} ms`);
    // Each case above already asserted its own outcome (a WasmlpError, or finite predictions); here:
    // the corpus must reach all three outcomes, else the damage is too mild or too crude to test anything.
    expect(refused).toBeGreaterThan(CASES / 10);
    expect(same).toBeGreaterThan(0);
    expect(different).toBeGreaterThan(0);
    expect(slowest).toBeLessThan(5000); // no hang; generous for a shared 2-core machine
  });
});
