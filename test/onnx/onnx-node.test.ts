import type { ActivationIdentifier } from '../../src/activations.js';
// ONNX export checked by running the exported files in onnxruntime-node (the official runtime,
// CPU build shipped in the npm package): probabilities within 1e-5 of wasmlp's, labels equal.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  BatchNormalization, Dense, Dropout, KerasClassifier, MinMaxScaler, OneHotEncoder, Pipeline, Sequential, StandardScaler,
  makeBlobs, makeClassification, TabularClassifier, type Matrix,
} from '../../src/index.js';
import { exportOnnx } from '../../src/onnx/index.js';
import { parseRows } from '../../src/cli/commands/predict.js';
import { loadSavedModel } from '../../src/cli/load-model.js';
import { dataDir, dataPath } from '../helpers/data-dir.js';
import { expectWasmlpError } from '../helpers/expect-error.js';
import { cli } from '../cli/io.js';
import { NUMERIC_TABLES, maxDiff, trainAndExport } from './trained.js';

const dir = mkdtempSync(join(tmpdir(), 'wasmlp-onnx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(() => {
  vi.stubEnv('WASMLP_DATA_DIR', dataDir());
  vi.stubEnv('WASMLP_CACHE_DIR', join(dir, 'cache'));
});

const TOLERANCE = 1e-5;

async function runOnnx(bytes: Uint8Array, rows: Float32Array, width: number): Promise<Record<string, ort.Tensor>> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    return await session.run({ input: new ort.Tensor('float32', rows, [rows.length / width, width]) });
  } finally {
    await session.release();
  }
}


const flat = (x: Matrix | number[][]): Float32Array => (Array.isArray(x) ? Float32Array.from(x.flat()) : Float32Array.from(x.data));

/** A KerasClassifier whose builder takes the hidden activation and dropout as parameters. */
function classifier(activation: ActivationIdentifier = 'relu', hidden = [8], dropout = 0, epochs = 8, alpha?: number) {
  return new KerasClassifier<{ activation: ActivationIdentifier; hidden: number[]; dropout: number }>({
    build: ({ nFeatures, nClasses, seed, activation, hidden, dropout }) => {
      const layers: (Dense | Dropout)[] = [];
      hidden.forEach((units, i) => {
        layers.push(new Dense({ units, activation, ...(alpha === undefined ? {} : { alpha }), ...(i === 0 ? { inputDim: nFeatures } : {}) }));
        if (dropout > 0) layers.push(new Dropout({ rate: dropout }));
      });
      const binary = nClasses === 2;
      layers.push(new Dense({ units: binary ? 1 : nClasses, activation: binary ? 'sigmoid' : 'softmax' }));
      const m = new Sequential(layers, { seed });
      m.compile({ loss: binary ? 'binaryCrossentropy' : 'sparseCategoricalCrossentropy', optimizer: { type: 'adam', learningRate: 0.01 } });
      return m;
    },
    params: { activation, hidden, dropout }, epochs, batchSize: 16, seed: 3,
  });
}

describe('wasmlp train -> wasmlp export --onnx -> onnxruntime-node, on every shared numeric table', () => {
  for (const [name, file] of NUMERIC_TABLES) {
    it(`${name}: probabilities within 1e-5 of 'wasmlp predict' on the raw rows, labels equal`, async () => {
      const t = await trainAndExport(name, file, dir);
      const out = await runOnnx(t.onnx, t.rows, t.width);
      expect(out.probabilities.dims).toEqual([t.rows.length / t.width, t.classNames.length]);
      const diff = maxDiff(out.probabilities.data as Float32Array, t.proba);
      console.log(`[onnx node ${name}] ${t.rows.length / t.width} rows x ${t.width}, ${t.onnx.length} bytes, max |p_onnx - p_wasmlp| = ${diff.toExponential(2)}`);
      expect(diff).toBeLessThan(TOLERANCE);
      expect(Array.from(out.label.data as string[])).toEqual(t.labels);
    });
  }

  it('sonar through the default recipe (no architecture flags: 5 networks averaged) matches too', async () => {
    const t = await trainAndExport('sonar', 'sonar.csv', dir, ['--seed', '7'], 'sonar-recipe');
    const out = await runOnnx(t.onnx, t.rows, t.width);
    const diff = maxDiff(out.probabilities.data as Float32Array, t.proba);
    console.log(`[onnx node sonar recipe] ${t.onnx.length} bytes, max |p_onnx - p_wasmlp| = ${diff.toExponential(2)}`);
    expect(diff).toBeLessThan(TOLERANCE);
    expect(Array.from(out.label.data as string[])).toEqual(t.labels);
  });

  it('a model trained with --tune-threshold exports its threshold: labels follow p > t, not argmax', async () => {
    const model = join(dir, 'pima-tuned.json'), onnx = join(dir, 'pima-tuned.onnx');
    const trained = await cli(['train', 'pima', '--layers', '8', '--epochs', '10', '--scale', 'minmax', '--tune-threshold', 'f1', '--seed', '2', '--out', model, '--quiet']);
    expect(trained.code, trained.stderr).toBe(0);
    expect((await cli(['export', model, '--onnx', onnx])).code).toBe(0);
    const saved = await loadSavedModel(model, process.cwd());
    const rows = parseRows(readFileSync(dataPath('pima-indians-diabetes.csv'), 'utf8'), saved.nFeatures, 'pima');
    const labels = Array.from(saved.pipe.predict(rows), (c) => saved.classNames[c]);
    const proba = saved.pipe.predictProba(rows);
    saved.pipe.dispose();
    const out = await runOnnx(readFileSync(onnx), Float32Array.from(rows.flat()), saved.nFeatures);
    expect(maxDiff(out.probabilities.data as Float32Array, proba.data)).toBeLessThan(TOLERANCE);
    expect(Array.from(out.label.data as string[])).toEqual(labels);
    // The tuned threshold is not 0.5 here, so some rows differ from the argmax decision.
    const argmax = Array.from({ length: proba.rows }, (_, r) => saved.classNames[proba.data[2 * r + 1] > proba.data[2 * r] ? 1 : 0]);
    expect(labels).not.toEqual(argmax);
  });

  it('reports a usage error without --onnx and a coded error for a missing model file', async () => {
    const none = await cli(['export', join(dir, 'sonar.json')]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('--onnx');
    const missing = await cli(['export', join(dir, 'nope.json'), '--onnx', join(dir, 'nope.onnx')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('No model file');
  });
});

describe('exportOnnx (API)', () => {
  const blobs = makeBlobs({ nSamples: 150, centers: 3, nFeatures: 5, seed: 4 });

  for (const [activation, alpha] of [['relu'], ['leakyRelu', 0.2], ['elu', 0.7], ['selu'], ['gelu'], ['tanh'], ['sigmoid'], ['linear']] as [ActivationIdentifier, number?][]) {
    it(`a ${activation} network with dropout, scaled by a StandardScaler, matches predictProba and predict`, async () => {
      const pipe = new Pipeline([new StandardScaler(), classifier(activation, [12, 6], 0.2, 6, alpha)]);
      await pipe.fit(blobs.x, blobs.y);
      const out = await runOnnx(exportOnnx(pipe), flat(blobs.x), 5);
      expect(maxDiff(out.probabilities.data as Float32Array, pipe.predictProba(blobs.x).data)).toBeLessThan(TOLERANCE);
      // No class names given: the label output holds the class values as int64.
      expect(Array.from(out.label.data as BigInt64Array, Number)).toEqual(Array.from(pipe.predict(blobs.x)));
      pipe.dispose();
    });
  }

  it('a MinMaxScaler with a feature range and a numeric OneHotEncoder become Scaler and per-column OneHotEncoder nodes', async () => {
    // Column 0 is a category (0, 1 or 2); columns 1-3 are numbers. The encoder one-hots all four
    // columns, so the numeric ones are first reduced to a few integer levels.
    const base = makeClassification({ nSamples: 120, nFeatures: 3, nInformative: 2, seed: 9 });
    const rows = Array.from({ length: 120 }, (_, r) => [r % 3, ...[0, 1, 2].map((c) => Math.round(base.x.data[r * 3 + c]))]);
    const pipe = new Pipeline([new OneHotEncoder({ handleUnknown: 'ignore' }), new MinMaxScaler({ featureRange: [-1, 1] }), classifier('tanh', [6])]);
    await pipe.fit(rows, base.y);
    const out = await runOnnx(exportOnnx(pipe, { classNames: ['no', 'yes'] }), flat(rows), 4);
    expect(maxDiff(out.probabilities.data as Float32Array, pipe.predictProba(rows).data)).toBeLessThan(TOLERANCE);
    expect(Array.from(out.label.data as string[])).toEqual(Array.from(pipe.predict(rows), (c) => ['no', 'yes'][c]));
    pipe.dispose();
  });

  it('a bare Sequential exports input -> output equal to model.predict (several sigmoid units)', async () => {
    const model = new Sequential([new Dense({ units: 7, activation: 'gelu', inputDim: 5 }), new Dense({ units: 3, activation: 'sigmoid', useBias: false })], { seed: 11 });
    model.build();
    const out = await runOnnx(exportOnnx(model), flat(blobs.x), 5);
    expect(out.output.dims).toEqual([150, 3]);
    expect(maxDiff(out.output.data as Float32Array, model.predict(blobs.x).data)).toBeLessThan(TOLERANCE);
    model.dispose();
  });

  it('BatchNormalization layers (with and without scale/center) become inference-mode BatchNormalization nodes: probabilities within 1e-5', async () => {
    const model = new Sequential([
      new Dense({ units: 8, activation: 'relu', inputDim: 5 }),
      new BatchNormalization({ momentum: 0.8 }),
      new Dense({ units: 6, activation: 'tanh' }),
      new BatchNormalization({ scale: false, epsilon: 0.01 }),
      new Dense({ units: 4, activation: 'elu' }),
      new BatchNormalization({ center: false }),
      new Dense({ units: 3, activation: 'softmax' }),
    ], { seed: 12 });
    model.compile({ loss: 'sparseCategoricalCrossentropy', optimizer: { type: 'adam', learningRate: 0.01 } });
    // Trained, so the moving statistics and gamma/beta are far from their initial ones and zeros.
    await model.fit(blobs.x, blobs.y, { epochs: 5, batchSize: 16 });
    const out = await runOnnx(exportOnnx(model), flat(blobs.x), 5);
    expect(out.output.dims).toEqual([150, 3]);
    expect(maxDiff(out.output.data as Float32Array, model.predict(blobs.x).data)).toBeLessThan(TOLERANCE);
    model.dispose();
  });

  it('a TabularClassifier (the recipe: robust scaling with smooth clipping, an ensemble of networks) is one graph averaging its members', async () => {
    for (const [scaling, data] of [['robust', makeClassification({ nSamples: 160, nFeatures: 6, nInformative: 3, seed: 2 })], ['standard', blobs]] as const) {
      const clf = new TabularClassifier({ ensemble: 3, hidden: [8, 8], epochs: 4, batchSize: 32, scaling, seed: 5 });
      await clf.fit(data.x, data.y);
      const onnx = exportOnnx(new Pipeline([['recipe', clf]]));
      const out = await runOnnx(onnx, flat(data.x), data.x.cols);
      expect(maxDiff(out.probabilities.data as Float32Array, clf.predictProba(data.x).data)).toBeLessThan(TOLERANCE);
      expect(Array.from(out.label.data as BigInt64Array, Number)).toEqual(Array.from(clf.predict(data.x)));
      clf.dispose();
    }
  });

  it('a KerasClassifier alone takes already-prepared rows', async () => {
    const clf = classifier('relu', [4]);
    await clf.fit(blobs.x, blobs.y);
    const out = await runOnnx(exportOnnx(clf), flat(blobs.x), 5);
    expect(maxDiff(out.probabilities.data as Float32Array, clf.predictProba(blobs.x).data)).toBeLessThan(TOLERANCE);
    clf.dispose();
  });
});

describe('exportOnnx refuses what it cannot convert, with coded errors', () => {
  it('an unsupported layer: ONNX_UNSUPPORTED_LAYER naming the layer and its index', async () => {
    const model = new Sequential([new Dense({ units: 2, inputDim: 3 })]);
    model.build();
    // A layer class the exporter does not know (what a future or third-party layer looks like to it).
    (model.layers as unknown[]).push({ className: 'Conv1D' });
    await expectWasmlpError(() => exportOnnx(model), 'ONNX_UNSUPPORTED_LAYER', ['layer 1 (Conv1D)', 'Dense'], { layer: 1 });
    model.dispose();
  });

  it('an unsupported pipeline step: ONNX_UNSUPPORTED_STEP naming the step', async () => {
    const log = {
      className: 'Log1p', toJSON: () => ({ className: 'Log1p', config: {}, state: { nFeatures: 5 } }),
      fit() { return this; }, transform: (x: Matrix) => x, fitTransform: (x: Matrix) => x, inverseTransform: (x: Matrix) => x,
    };
    const { x, y } = makeBlobs({ nSamples: 40, centers: 2, nFeatures: 5, seed: 1 });
    const pipe = new Pipeline([['log', log as never], classifier('relu', [4], 0, 2)]);
    await pipe.fit(x, y);
    await expectWasmlpError(() => exportOnnx(pipe), 'ONNX_UNSUPPORTED_STEP', ["step 'log' (Log1p)", 'StandardScaler'], { option: 'steps.log' });
    pipe.dispose();
  });

  it('unfitted, disposed, wrong options', async () => {
    await expectWasmlpError(() => exportOnnx(new Pipeline([new StandardScaler(), classifier()])), 'NOT_FITTED', ['not fitted']);
    const clf = classifier('relu', [4], 0, 1);
    const { x, y } = makeBlobs({ nSamples: 30, centers: 2, nFeatures: 2, seed: 1 });
    await clf.fit(x, y);
    await expectWasmlpError(() => exportOnnx(clf, { classNames: ['a'] }), 'BAD_OPTION', ['classNames'], { option: 'classNames' });
    await expectWasmlpError(() => exportOnnx(clf, { treshold: 0.3 } as never), 'BAD_OPTION', ["unknown option 'treshold'"]);
    const model = clf.model!;
    clf.dispose();
    await expectWasmlpError(() => exportOnnx(model), 'DISPOSED');
    await expectWasmlpError(() => exportOnnx(new Sequential([new Dense({ units: 1 })])), 'NO_INPUT_DIM');
    await expectWasmlpError(() => exportOnnx({} as never), 'BAD_OPTION', ['Sequential, a KerasClassifier, a TabularClassifier or a Pipeline']);
  });
});
