import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Dense, Dropout, EarlyStopping, ProgressLogger, Sequential, WasmlpError, makeMoons, memoryStats, type Callback } from '../../src/index.js';
import { settledBytesInUse } from '../helpers/settled-memory.js';

const moons = makeMoons({ nSamples: 200, noise: 0.15, seed: 5 });

function moonModel(seed = 1) {
  const m = new Sequential([new Dense({ units: 12, activation: 'relu', inputDim: 2 }), new Dense({ units: 1, activation: 'sigmoid' })], { seed });
  m.compile({ loss: 'binaryCrossentropy', optimizer: { type: 'adam', learningRate: 0.01 }, metrics: ['accuracy', 'precision', 'recall', 'f1', 'auc'] });
  return m;
}

describe('Sequential API', () => {
  it('summary lists layers, output shapes and parameter counts', () => {
    const m = new Sequential([
      new Dense({ units: 8, activation: 'tanh', inputDim: 4 }), new Dense({ units: 8, activation: 'tanh' }), new Dropout({ rate: 0.1 }), new Dense({ units: 1, activation: 'sigmoid' }),
    ]);
    const lines: string[] = [];
    const text = m.summary((l) => lines.push(l));
    expect(lines).toEqual([text]);
    expect(text).toMatch(/dense_0 \(Dense, tanh\)\s+\[null, 8\]\s+40/);
    expect(text).toMatch(/dense_1 \(Dense, tanh\)\s+\[null, 8\]\s+72/);
    expect(text).toMatch(/dropout_2 \(Dropout\)\s+\[null, 8\]\s+0/);
    expect(text).toMatch(/dense_3 \(Dense, sigmoid\)\s+\[null, 1\]\s+9/);
    expect(text).toMatch(/Total params: 121/);
    expect(m.countParams()).toBe(121);
  });

  it('evaluate names metrics by what was computed; training logs carry val_ twins', async () => {
    const m = moonModel();
    const h = await m.fit(moons.x, moons.y, { epochs: 30, batchSize: 16, validationSplit: 0.25 });
    expect(Object.keys(h.history).sort()).toEqual(['auc', 'binaryAccuracy', 'f1', 'loss', 'precision', 'recall', 'val_auc', 'val_binaryAccuracy', 'val_f1', 'val_loss', 'val_precision', 'val_recall'].sort());
    expect(h.epoch).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(h.params).toMatchObject({ epochs: 30, batchSize: 16, samples: 150, validationSamples: 50 });
    const ev = m.evaluate(moons.x, moons.y);
    expect(Object.keys(ev)).toEqual(['loss', 'binaryAccuracy', 'precision', 'recall', 'f1', 'auc']);
    expect(ev.auc).toBeGreaterThan(0.95);
    // evaluate's accuracy equals the accuracy of predictClasses.
    const cls = m.predictClasses(moons.x);
    let correct = 0;
    for (let i = 0; i < cls.length; i++) if (cls[i] === moons.y[i]) correct++;
    expect(ev.binaryAccuracy).toBeCloseTo(correct / cls.length, 10);
  });

  it('multi-label: accuracy resolves to binaryAccuracy plus subsetAccuracy, never a bare accuracy', async () => {
    const x = Array.from({ length: 64 }, (_, i) => [(i % 8) / 8, Math.floor(i / 8) / 8]);
    const y = x.map(([a, b]) => [a > 0.5 ? 1 : 0, b > 0.5 ? 1 : 0, a + b > 1 ? 1 : 0]);
    const m = new Sequential([new Dense({ units: 16, activation: 'relu', inputDim: 2 }), new Dense({ units: 3, activation: 'sigmoid' })], { seed: 1 });
    m.compile({ loss: 'binaryCrossentropy', optimizer: { type: 'adam', learningRate: 0.02 }, metrics: ['accuracy'] });
    await m.fit(x, y, { epochs: 5, batchSize: 8 });
    const ev = m.evaluate(x, y);
    expect(Object.keys(ev)).toEqual(['loss', 'binaryAccuracy', 'subsetAccuracy']);
    expect(ev.subsetAccuracy).toBeLessThanOrEqual(ev.binaryAccuracy);
    expect(m.predictClasses(x).length).toBe(64 * 3);
  });

  it('validationSplit holds out a stratified sample, not the tail of class-sorted data', async () => {
    // Sorted by class, as Sonar is: a tail split would hold out only class 1.
    const x = Array.from({ length: 100 }, (_, i) => [i < 50 ? -1 + i / 100 : 1 - i / 1000, i % 7]);
    const y = x.map((_, i) => (i < 50 ? 0 : 1));
    const m = new Sequential([new Dense({ units: 1, activation: 'sigmoid', inputDim: 2 })], { seed: 1 });
    m.compile({ loss: 'binaryCrossentropy', optimizer: 'sgd', metrics: ['recall', 'precision'] });
    const seen: number[] = [];
    const probe: Callback = { onEpochEnd: (_e, logs) => { seen.push(logs.val_loss); } };
    const h = await m.fit(x, y, { epochs: 1, validationSplit: 0.2, callbacks: probe });
    expect(h.params.validationSamples).toBe(20);
    expect(seen).toHaveLength(1);
    // The rows fit holds out (its seed is the model seed ^ 0x5eed): ten of each class.
    const { stratifiedHoldout } = await import('../../src/data/stratified-sample.js');
    const holdout = Array.from(stratifiedHoldout(y, 0.2, 1 ^ 0x5eed).holdout);
    expect(holdout.filter((i) => y[i] === 0)).toHaveLength(10);
    expect(holdout.filter((i) => y[i] === 1)).toHaveLength(10);
    // The validation logs are the model's scores on exactly those rows ...
    const held = m.evaluate(holdout.map((i) => x[i]), holdout.map((i) => y[i]));
    expect(h.history.val_loss[0]).toBeCloseTo(held.loss, 5);
    expect(h.history.val_recall[0]).toBeCloseTo(held.recall, 6);
    expect(h.history.val_precision[0]).toBeCloseTo(held.precision, 6);
    // ... and not on the tail, which holds class 1 only (precision there would be 1 or undefined).
    const tail = m.evaluate(x.slice(80), y.slice(80));
    expect(Math.abs(tail.loss - held.loss)).toBeGreaterThan(1e-3);
  });

  it('validationData takes an explicit pair', async () => {
    const m = moonModel();
    const h = await m.fit(moons.x, moons.y, { epochs: 2, validationData: [[[0, 0], [1, 1]], [0, 1]] });
    expect(h.params.validationSamples).toBe(2);
    expect(h.history.val_loss).toHaveLength(2);
  });

  it('callbacks fire in order; onBatchEnd sees every batch; stopTraining ends fit', async () => {
    const m = moonModel();
    const events: string[] = [];
    const cb: Callback = {
      onTrainBegin: () => { events.push('trainBegin'); },
      onEpochBegin: (e) => { events.push(`epochBegin ${e}`); },
      onBatchEnd: (b, logs) => { events.push(`batch ${b} ${logs.size}`); },
      onEpochEnd: async (e) => { events.push(`epochEnd ${e}`); if (e === 1) m.stopTraining = true; },
      onTrainEnd: () => { events.push('trainEnd'); },
    };
    const h = await m.fit(moons.x, moons.y, { epochs: 10, batchSize: 64, callbacks: [cb] });
    expect(events).toEqual([
      'trainBegin', 'epochBegin 0', 'batch 0 64', 'batch 1 64', 'batch 2 64', 'batch 3 8', 'epochEnd 0',
      'epochBegin 1', 'batch 0 64', 'batch 1 64', 'batch 2 64', 'batch 3 8', 'epochEnd 1', 'trainEnd',
    ]);
    expect(h.epoch).toEqual([0, 1]);
  });

  it('per-batch callbacks do not change the result (same weights as the fused epoch)', async () => {
    const a = moonModel(3), b = moonModel(3);
    await a.fit(moons.x, moons.y, { epochs: 3, batchSize: 10 });
    await b.fit(moons.x, moons.y, { epochs: 3, batchSize: 10, callbacks: { onBatchEnd: () => {} } });
    expect(Array.from(a.getWeights()[0].values)).toEqual(Array.from(b.getWeights()[0].values));
  });

  it('EarlyStopping stops when val_loss stops improving and restores the best weights', async () => {
    const m = new Sequential([new Dense({ units: 64, activation: 'relu', inputDim: 2 }), new Dense({ units: 1, activation: 'sigmoid' })], { seed: 1 });
    m.compile({ loss: 'binaryCrossentropy', optimizer: { type: 'adam', learningRate: 0.05 }, metrics: ['accuracy'] });
    const small = makeMoons({ nSamples: 40, noise: 0.4, seed: 9 });
    const es = new EarlyStopping({ monitor: 'val_loss', patience: 3, restoreBestWeights: true });
    let bestWeights: Float32Array | null = null;
    const tracker: Callback = { onEpochEnd: (e) => { if (e === es.bestEpoch) bestWeights = m.getWeights()[0].values; } };
    const h = await m.fit(small.x, small.y, { epochs: 300, batchSize: 4, validationSplit: 0.3, callbacks: [es, tracker] });
    expect(h.epoch.length).toBeLessThan(300);
    expect(es.stoppedEpoch).toBe(h.epoch.at(-1));
    expect(h.epoch.length).toBe(es.bestEpoch + 3 + 2);
    expect(Array.from(m.getWeights()[0].values)).toEqual(Array.from(bestWeights!));
    expect(() => new EarlyStopping({ patience: -1 })).toThrow(WasmlpError);
  });

  it("EarlyStopping's monitor 'val_accuracy' resolves to the model's accuracy name; unknown names are refused", async () => {
    const m = moonModel();
    const es = new EarlyStopping({ monitor: 'val_accuracy', patience: 1000 });
    await m.fit(moons.x, moons.y, { epochs: 2, validationSplit: 0.2, callbacks: es });
    expect(es.best).toBeGreaterThan(0);
    await expect(m.fit(moons.x, moons.y, { epochs: 2, callbacks: new EarlyStopping() })).rejects.toThrow(/monitors 'val_loss'.*need validationSplit or validationData/);
  });

  it('ProgressLogger prints every N epochs', async () => {
    const lines: string[] = [];
    await moonModel().fit(moons.x, moons.y, { epochs: 25, callbacks: new ProgressLogger({ every: 10, print: (l) => lines.push(l) }) });
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^epoch 10\/25 - loss: \d\.\d{4} - binaryAccuracy: /);
    expect(lines[2]).toMatch(/^epoch 25\/25/);
  });

  it('class weights and sample weights change training; balanced follows scikit-learn', async () => {
    const { classWeightVector } = await import('../../src/model/sample-weights.js');
    const cw = classWeightVector('balanced', Int32Array.from([0, 0, 0, 1]), 2);
    expect(Array.from(cw)).toEqual([4 / (2 * 3), 4 / (2 * 1)]);
    const plain = moonModel(), weighted = moonModel();
    await plain.fit(moons.x, moons.y, { epochs: 5 });
    await weighted.fit(moons.x, moons.y, { epochs: 5, classWeight: { 0: 1, 1: 5 } });
    const mean = (m: Sequential) => m.predict(moons.x).data.reduce((a, b) => a + b) / moons.x.rows;
    expect(mean(weighted)).toBeGreaterThan(mean(plain));
    // Zero weight on every row of one class is the same as leaving those rows out of the gradient.
    const zero = moonModel();
    await expect(zero.fit(moons.x, moons.y, { epochs: 1, sampleWeight: [1, 2] })).rejects.toThrow(/sampleWeight has 2 values but x has 200 rows/);
  });

  it('Dropout is active in training only: inference is deterministic and unscaled', async () => {
    const m = new Sequential([new Dense({ units: 32, activation: 'relu', inputDim: 2 }), new Dropout({ rate: 0.5 }), new Dense({ units: 1, activation: 'sigmoid' })], { seed: 1 });
    m.compile({ loss: 'binaryCrossentropy', optimizer: 'adam' });
    await m.fit(moons.x, moons.y, { epochs: 3 });
    const a = m.predict(moons.x).data, b = m.predict(moons.x).data;
    expect(Array.from(a)).toEqual(Array.from(b));
  });

  it('toJSON / fromJSON and save / load reproduce predictions exactly', async () => {
    const m = moonModel();
    await m.fit(moons.x, moons.y, { epochs: 10 });
    const json = JSON.parse(JSON.stringify(m.toJSON()));
    expect(json).toMatchObject({ format: 'wasmlp-model', formatVersion: 1, seed: 1, inputDim: 2, compile: { loss: 'binaryCrossentropy', optimizer: { type: 'adam', learningRate: 0.01 } } });
    const copy = Sequential.fromJSON(json);
    expect(Array.from(copy.predict(moons.x).data)).toEqual(Array.from(m.predict(moons.x).data));
    expect(copy.evaluate(moons.x, moons.y)).toEqual(m.evaluate(moons.x, moons.y));
    const dir = mkdtempSync(join(tmpdir(), 'wasmlp-'));
    await m.save(join(dir, 'model.json'));
    const loaded = await Sequential.load(join(dir, 'model.json'));
    expect(Array.from(loaded.predict(moons.x).data)).toEqual(Array.from(m.predict(moons.x).data));
    // A truncated file is refused with the reason, not loaded half-way.
    const text = readFileSync(join(dir, 'model.json'), 'utf8');
    const broken = JSON.parse(text);
    broken.weights.data = broken.weights.data.slice(0, 40);
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(broken));
    await expect(Sequential.load(join(dir, 'bad.json'))).rejects.toThrow(/integrity check failed/);
    await expect(Sequential.load(dir)).rejects.toThrow(/is a directory/);
    await expect(Sequential.load(join(dir, 'missing.json'))).rejects.toThrow(/No model file/);
    expect(() => Sequential.fromJSON({ ...json, formatVersion: 3 })).toThrow(/format version 3; this wasmlp reads up to version 2/);
    expect(() => Sequential.fromJSON({ ...json, layers: [{ className: 'Conv2D', config: {} }] })).toThrow(/integrity check failed/);
  });

  it('dispose returns WebAssembly memory; repeated fit/dispose does not grow it', async () => {
    const before = settledBytesInUse();
    for (let i = 0; i < 20; i++) {
      const m = moonModel(i);
      await m.fit(moons.x, moons.y, { epochs: 1 });
      m.predict(moons.x);
      m.dispose();
    }
    expect(memoryStats().bytesInUse).toBe(before);
  });

  it('two models training at the same time do not disturb each other', async () => {
    const solo = moonModel(4);
    await solo.fit(moons.x, moons.y, { epochs: 20, batchSize: 8, callbacks: { onEpochEnd: async () => { await new Promise((r) => setTimeout(r, 0)); } } });
    const a = moonModel(4), b = moonModel(5);
    const slow = { onEpochEnd: async () => { await new Promise((r) => setTimeout(r, 0)); } };
    await Promise.all([
      a.fit(moons.x, moons.y, { epochs: 20, batchSize: 8, callbacks: slow }),
      b.fit(moons.x, moons.y, { epochs: 20, batchSize: 8, callbacks: slow }),
    ]);
    expect(Array.from(a.getWeights()[0].values)).toEqual(Array.from(solo.getWeights()[0].values));
  });
});
