import { describe, expect, it } from 'vitest';
import { Dense, KerasClassifier, Sequential, makeBlobs, makeMoons, memoryStats, toRows } from '../../src/index.js';
import { buildMlp, type MlpParams } from './builders.js';
import { expectWasmlpError } from '../helpers/expect-error.js';
import { settledBytesInUse } from '../helpers/settled-memory.js';

const moons = makeMoons({ nSamples: 200, noise: 0.1, seed: 3 });

describe('KerasClassifier', () => {
  it('builds from a create_baseline function, fits, predicts classes and probabilities, scores', async () => {
    const clf = new KerasClassifier<MlpParams>({ build: buildMlp, params: { hidden: [16, 16] }, epochs: 60, batchSize: 16, seed: 1 });
    expect(clf.isFitted).toBe(false);
    await clf.fit(moons.x, moons.y);
    const proba = clf.predictProba(moons.x);
    expect([proba.rows, proba.cols]).toEqual([200, 2]);
    for (let r = 0; r < proba.rows; r++) expect(proba.data[2 * r] + proba.data[2 * r + 1]).toBeCloseTo(1, 6);
    const pred = clf.predict(moons.x);
    expect(pred).toBeInstanceOf(Int32Array);
    expect(clf.score(moons.x, moons.y)).toBeGreaterThan(0.95);
    expect(clf.score(moons.x, moons.y, 'rocAuc')).toBeGreaterThan(0.98);
    expect(clf.history!.history.loss).toHaveLength(60);
    clf.dispose();
  });

  it('keeps the original class values and serves softmax models (sparse and one-hot targets)', async () => {
    const blobs = makeBlobs({ nSamples: 150, centers: 3, seed: 2 });
    const y = Array.from(blobs.y, (c) => [10, 20, 30][c]);
    for (const loss of ['sparseCategoricalCrossentropy', 'categoricalCrossentropy'] as const) {
      const clf = new KerasClassifier({
        build: ({ nFeatures, nClasses, seed }) => {
          const m = new Sequential([new Dense({ units: 8, activation: 'relu', inputDim: nFeatures }), new Dense({ units: nClasses, activation: 'softmax' })], { seed });
          m.compile({ loss, optimizer: { type: 'adam', learningRate: 0.05 }, metrics: ['accuracy'] });
          return m;
        },
        epochs: 40, batchSize: 16,
      });
      await clf.fit(blobs.x, y);
      expect(clf.classes).toEqual([10, 20, 30]);
      expect(new Set(clf.predict(blobs.x))).toEqual(new Set([10, 20, 30]));
      expect(clf.score(blobs.x, y)).toBeGreaterThan(0.9);
      expect(clf.predictProba(blobs.x).cols).toBe(3);
      clf.dispose();
    }
  });

  it('refits with a fresh model, disposes the old one, and clones unfitted with the same parameters', async () => {
    const before = settledBytesInUse();
    const clf = new KerasClassifier<MlpParams>({ build: buildMlp, epochs: 5, batchSize: 32 });
    await clf.fit(moons.x, moons.y);
    const first = clf.model!;
    await clf.fit(moons.x, moons.y);
    expect(first.isDisposed).toBe(true);
    const copy = clf.clone().setParams({ hidden: [4], epochs: 3 });
    expect(copy.isFitted).toBe(false);
    expect(copy.getParams()).toMatchObject({ hidden: [4], epochs: 3, batchSize: 32 });
    expect(clf.getParams()).toMatchObject({ epochs: 5 });
    clf.dispose();
    expect(memoryStats().bytesInUse).toBe(before);
  });

  it('round-trips through JSON with exact probabilities', async () => {
    const clf = new KerasClassifier<MlpParams>({ build: buildMlp, epochs: 10, batchSize: 16 });
    await clf.fit(moons.x, moons.y);
    const restored = KerasClassifier.fromJSON(JSON.parse(JSON.stringify(clf.toJSON())));
    expect(restored.predictProba(moons.x).data).toEqual(clf.predictProba(moons.x).data);
    await expectWasmlpError(() => restored.fit(moons.x, moons.y), 'NO_BUILDER', ['fromJSON']);
    clf.dispose(); restored.dispose();
  });

  it('names misuse: not fitted, not compiled, wrong output width, one class, unknown option, bad labels', async () => {
    const clf = new KerasClassifier<MlpParams>({ build: buildMlp });
    await expectWasmlpError(() => clf.predict(toRows(moons.x)), 'NOT_FITTED', ['call fit(x, y) before predict(x)']);
    const uncompiled = new KerasClassifier({ build: ({ nFeatures }) => new Sequential([new Dense({ units: 1, activation: 'sigmoid', inputDim: nFeatures })]) });
    await expectWasmlpError(() => uncompiled.fit(moons.x, moons.y), 'NOT_COMPILED', ['inside build']);
    const blobs = makeBlobs({ nSamples: 30, centers: 3, seed: 1 });
    const binaryOnly = new KerasClassifier({ build: ({ nFeatures }) => buildMlp({ nFeatures, nClasses: 2, seed: 0 }) });
    await expectWasmlpError(() => binaryOnly.fit(blobs.x, blobs.y), 'BAD_ARCHITECTURE', ['3 classes', 'softmax']);
    await expectWasmlpError(() => clf.fit([[1], [2]], [1, 1]), 'SINGLE_CLASS', ['single class']);
    await expectWasmlpError(() => clf.fit([[1], [2]], [0.5, 1]), 'NOT_CLASS_LABELS', ['y[0] is 0.5']);
    await expectWasmlpError(() => new KerasClassifier({ build: buildMlp, batch_sise: 5 } as never), 'BAD_OPTION', ["Unknown KerasClassifier option 'batch_sise'. Did you mean 'batchSize'?"]);
    await expectWasmlpError(() => new KerasClassifier({ build: buildMlp, epochs: 0 }), 'BAD_OPTION', ["'epochs' must be an integer >= 1; received 0"]);
    await expectWasmlpError(() => new KerasClassifier({ build: buildMlp }).setParams({ verbose: true }), 'BAD_OPTION', ["'verbose' must be 0 (silent) or 1", 'received true']);
    await expectWasmlpError(() => new KerasClassifier({ build: (() => ({})) as never }).fit(moons.x, moons.y), 'BAD_BUILDER', ['must return a Sequential']);
    await expectWasmlpError(() => KerasClassifier.fromJSON({ className: 'Pipeline' }), 'BAD_JSON', ["className: 'KerasClassifier'"]);
    const fitted = await new KerasClassifier<MlpParams>({ build: buildMlp, epochs: 1 }).fit(moons.x, moons.y);
    await expectWasmlpError(() => fitted.score([[0, 0]], [2]), 'UNKNOWN_LABEL', ['y[0] is 2, a class not seen in fit (classes: 0, 1)']);
    fitted.dispose();
  });
});
