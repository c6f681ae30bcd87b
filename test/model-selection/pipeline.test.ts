import { describe, expect, it } from 'vitest';
import { KerasClassifier, MinMaxScaler, Pipeline, StandardScaler, makeMoons, memoryStats, type Estimator } from '../../src/index.js';
import type { Matrix, MatrixLike } from '../../src/data/matrix.js';
import { buildMlp, type MlpParams } from './builders.js';
import { expectWasmlpError } from '../helpers/expect-error.js';
import { settledBytesInUse } from '../helpers/settled-memory.js';

// Moons moved far from the origin and stretched: unscaled, a small net struggles.
const moons = makeMoons({ nSamples: 200, noise: 0.1, seed: 5 });
const raw: Matrix = { data: moons.x.data.map((v, i) => (i % 2 ? v * 50 + 300 : v * 0.02 - 7)), rows: 200, cols: 2 };

const clf = () => new KerasClassifier<MlpParams>({ build: buildMlp, params: { hidden: [16, 16] }, epochs: 60, batchSize: 16, seed: 2 });

describe('Pipeline', () => {
  it('fits the scaler then the classifier, and predicts from raw rows', async () => {
    const pipe = new Pipeline([new StandardScaler(), clf()]);
    await pipe.fit(raw, moons.y);
    expect(pipe.steps.map((s) => s.name)).toEqual(['standardscaler', 'kerasclassifier']);
    expect(pipe.score(raw, moons.y)).toBeGreaterThan(0.95);
    // Same as scaling by hand with the pipeline's fitted scaler.
    const scaled = (pipe.transformers[0].step as StandardScaler).transform(raw);
    expect(pipe.predictProba(raw).data).toEqual(pipe.final.step.predictProba(scaled).data);
    pipe.dispose();
  });

  it('fits every transformer on the rows given to fit only (the training part of a fold)', async () => {
    const seen: number[] = [];
    class Spy extends StandardScaler {
      override fit(x: MatrixLike, y?: unknown): this { seen.push((x as Matrix).rows); return super.fit(x, y); }
    }
    const pipe = new Pipeline([['spy', new Spy()], ['clf', clf()]]);
    const train: Matrix = { data: raw.data.slice(0, 300), rows: 150, cols: 2 };
    await pipe.fit(train, moons.y.slice(0, 150));
    pipe.predict(raw);
    expect(seen).toEqual([150]);
    const scaler = pipe.transformers[0].step as StandardScaler;
    const mean0 = Array.from({ length: 150 }, (_, i) => raw.data[2 * i]).reduce((a, b) => a + b) / 150;
    expect((scaler.toJSON().state as { mean: number[] }).mean[0]).toBeCloseTo(mean0, 4);
    pipe.dispose();
  });

  it('saves and loads as one artefact that predicts the same from raw rows', async () => {
    const pipe = new Pipeline([new MinMaxScaler({ featureRange: [-1, 1] }), clf()]);
    pipe.metadata = { classNames: ['upper', 'lower'] };
    await pipe.fit(raw, moons.y);
    const text = JSON.stringify(pipe.toJSON());
    const loaded = Pipeline.fromJSON(text);
    expect(loaded.isFitted).toBe(true);
    expect(loaded.metadata).toEqual({ classNames: ['upper', 'lower'] });
    expect(loaded.predictProba(raw).data).toEqual(pipe.predictProba(raw).data);
    expect(Array.from(loaded.predict(raw))).toEqual(Array.from(pipe.predict(raw)));
    // With the builder it can be trained again.
    const again = Pipeline.fromJSON(text, { build: buildMlp });
    await again.clone().setParams({ epochs: 2 }).fit(raw, moons.y).then((p) => p.dispose());
    pipe.dispose(); loaded.dispose(); again.dispose();
  });

  it('clones unfitted, routes step__param and bare params, and releases memory', async () => {
    const before = settledBytesInUse();
    const pipe = new Pipeline([['scale', new MinMaxScaler()], ['net', clf()]]);
    const copy = pipe.clone().setParams({ net__hidden: [4], epochs: 3, scale__featureRange: [-1, 1] });
    expect(copy.isFitted).toBe(false);
    expect(copy.getParams()).toMatchObject({ net__hidden: [4], net__epochs: 3, scale__featureRange: [-1, 1] });
    expect(pipe.getParams()).toMatchObject({ net__hidden: [16, 16], net__epochs: 60 });
    await copy.fit(raw, moons.y);
    copy.dispose();
    expect(memoryStats().bytesInUse).toBe(before);
  });

  it('refuses bad steps and use before fit, with the reason', async () => {
    await expectWasmlpError(() => new Pipeline([]), 'BAD_OPTION', ['non-empty array of steps']);
    await expectWasmlpError(() => new Pipeline([new StandardScaler()]), 'BAD_OPTION', ['last step must be an estimator']);
    await expectWasmlpError(() => new Pipeline([clf(), clf() as Estimator]), 'BAD_OPTION', ["unique; 'kerasclassifier' appears twice"]);
    await expectWasmlpError(() => new Pipeline([['a', clf()], ['b', clf()]]), 'BAD_OPTION', ['intermediate steps should be transformers']);
    await expectWasmlpError(() => new Pipeline([new StandardScaler(), clf()]).predict(raw), 'NOT_FITTED', ['Pipeline is not fitted', 'before predict(x)']);
    await expectWasmlpError(() => new Pipeline([new StandardScaler(), clf()]).setParams({ scaler__withMean: false }), 'UNKNOWN_PIPELINE_STEP', ['standardscaler, kerasclassifier']);
    await expectWasmlpError(() => Pipeline.fromJSON({ format: 'wasmlp-model' }), 'BAD_FORMAT', ["'wasmlp-pipeline'"]);
    await expectWasmlpError(() => Pipeline.fromJSON('{"format": "wasmlp-pipeline", "formatVersion": 2, "steps": []}'), 'BAD_FORMAT', ['formatVersion 2 is not supported']);
    await expectWasmlpError(() => Pipeline.fromJSON('not json'), 'BAD_FORMAT', ['not JSON']);
    const steps = (a: unknown, b: unknown) => ({ format: 'wasmlp-pipeline', formatVersion: 1, steps: [{ name: 'a', json: a }, { name: 'b', json: b }], metadata: {} });
    const clfJson = clf().toJSON();
    await expectWasmlpError(() => Pipeline.fromJSON(steps({ className: 'RobustScaler', config: {}, state: null }, clfJson)), 'UNKNOWN_TRANSFORMER', ['StandardScaler, MinMaxScaler, OneHotEncoder']);
    await expectWasmlpError(() => Pipeline.fromJSON(steps({ className: 'StandardScaler', config: {}, state: null }, { className: 'SVC' })), 'UNKNOWN_ESTIMATOR', ['"SVC"', 'KerasClassifier']);
  });
});
