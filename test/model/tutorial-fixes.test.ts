// Fixes found while porting the Keras tutorials (issue 13, item 4).
import { afterEach, describe, expect, it } from 'vitest';
import { Dense, Sequential } from '../../src/index.js';
import { TunedThresholdClassifier } from '../../src/decision/threshold.js';
import { KerasClassifier } from '../../src/model-selection/classifier.js';
import { setWarningHandler } from '../../src/warnings.js';
import { expectWasmlpError } from '../helpers/expect-error.js';
import { randn, testRandom } from '../helpers/device.js';

function capture(): { codes: string[]; messages: string[] } {
  const got = { codes: [] as string[], messages: [] as string[] };
  setWarningHandler((code, message) => { got.codes.push(code); got.messages.push(message); });
  return got;
}

afterEach(() => setWarningHandler(null));

/** k well separated classes, `perClass` rows each (or the given counts), one-hot and id labels. */
function classes(counts: number[], seed: number): { x: number[][]; ids: number[]; oneHot: number[][] } {
  const rand = testRandom(seed);
  const x: number[][] = [], ids: number[] = [], oneHot: number[][] = [];
  counts.forEach((n, c) => {
    for (let i = 0; i < n; i++) {
      x.push([randn(rand) + 3 * Math.cos(c), randn(rand) + 3 * Math.sin(c)]);
      ids.push(c);
      oneHot.push(counts.map((_, j) => (j === c ? 1 : 0)));
    }
  });
  return { x, ids, oneHot };
}

describe('softmax output with binaryCrossentropy', () => {
  it('accepts categoricalAccuracy and computes it from the argmax', async () => {
    const got = capture();
    const { x, oneHot, ids } = classes([40, 40, 40], 1);
    const m = new Sequential([new Dense({ units: 8, activation: 'relu', inputDim: 2 }), new Dense({ units: 3, activation: 'softmax' })], { seed: 1 });
    m.compile({ loss: 'binaryCrossentropy', optimizer: { type: 'adam', learningRate: 0.05 }, metrics: ['categoricalAccuracy'] });
    const h = await m.fit(x, oneHot, { epochs: 30 });
    const acc = h.history.categoricalAccuracy.at(-1)!;
    const p = m.predict(x);
    let right = 0;
    for (let r = 0; r < p.rows; r++) {
      let best = 0;
      for (let j = 1; j < 3; j++) if (p.data[r * 3 + j] > p.data[r * 3 + best]) best = j;
      if (best === ids[r]) right++;
    }
    expect(m.evaluate(x, oneHot).categoricalAccuracy).toBeCloseTo(right / ids.length, 6);
    expect(acc).toBeGreaterThan(0.8);
    expect(got.codes).toContain('SOFTMAX_WITH_BINARY'); // still advised, no longer refused
    m.dispose();
  });

  it('still refuses categoricalAccuracy for independent sigmoid labels', async () => {
    const m = new Sequential([new Dense({ units: 3, activation: 'sigmoid', inputDim: 2 })]);
    await expectWasmlpError(() => m.compile({ loss: 'binaryCrossentropy', metrics: ['categoricalAccuracy'] }), 'METRIC_NOT_APPLICABLE', [/binaryAccuracy/]);
  });
});

describe('ACCURACY_ON_IMBALANCED', () => {
  const tenClassModel = () => {
    const m = new Sequential([new Dense({ units: 10, activation: 'softmax', inputDim: 2 })], { seed: 3 });
    m.compile({ loss: 'sparseCategoricalCrossentropy', optimizer: 'adam', metrics: ['accuracy'] });
    return m;
  };

  it('is silent on ten (nearly) balanced classes', async () => {
    const got = capture();
    const m = tenClassModel();
    const { x, ids } = classes([20, 20, 20, 20, 19, 20, 20, 20, 21, 18], 2); // 9% for the smallest
    await m.fit(x, ids, { epochs: 1 });
    expect(got.codes).not.toContain('ACCURACY_ON_IMBALANCED');
    m.dispose();
  });

  it('fires when one of ten classes is far under its share', async () => {
    const got = capture();
    const m = tenClassModel();
    const { x, ids } = classes([40, 40, 40, 40, 40, 40, 40, 40, 40, 4], 2);
    await m.fit(x, ids, { epochs: 1 });
    expect(got.codes).toContain('ACCURACY_ON_IMBALANCED');
    m.dispose();
  });

  const rareBinary = () => {
    const { x, ids } = classes([380, 20], 4);
    return { x, y: ids };
  };
  const binaryModel = (seed = 0) => {
    const m = new Sequential([new Dense({ units: 1, activation: 'sigmoid', inputDim: 2 })], { seed });
    m.compile({ loss: 'binaryCrossentropy', optimizer: 'adam', metrics: ['accuracy'] });
    return m;
  };

  it('is silent when class weights or sample weights are in use', async () => {
    const got = capture();
    const { x, y } = rareBinary();
    const a = binaryModel();
    await a.fit(x, y, { epochs: 1, classWeight: 'balanced' });
    const b = binaryModel();
    await b.fit(x, y, { epochs: 1, sampleWeight: y.map((v) => (v ? 19 : 1)) });
    expect(got.codes).not.toContain('ACCURACY_ON_IMBALANCED');
    const c = binaryModel(); // the control: the same data without weights does warn
    await c.fit(x, y, { epochs: 1 });
    expect(got.codes).toContain('ACCURACY_ON_IMBALANCED');
    a.dispose(); b.dispose(); c.dispose();
  });

  it('is silent inside a tuned threshold', async () => {
    const got = capture();
    const { x, y } = rareBinary();
    const clf = new KerasClassifier({ build: ({ seed }) => binaryModel(seed), epochs: 1 });
    const tuned = new TunedThresholdClassifier(clf, { metric: 'f1', cv: 3, seed: 1 });
    await tuned.fit(x, y);
    expect(got.codes).not.toContain('ACCURACY_ON_IMBALANCED');
    tuned.dispose();
  });

  it('multi-label: warns before training and when the model collapses to all zeros (the 416-label trap)', async () => {
    const got = capture();
    const rand = testRandom(9);
    const labels = 40, rows = 120;
    const x = Array.from({ length: rows }, () => [randn(rand), randn(rand)]);
    // About 0.7% positives, unrelated to x: the model learns to say 0 everywhere.
    const y = Array.from({ length: rows }, (_, r) => Array.from({ length: labels }, (_, j) => ((r * 7 + j * 13) % 137 === 0 ? 1 : 0)));
    const m = new Sequential([new Dense({ units: 8, activation: 'relu', inputDim: 2 }), new Dense({ units: labels, activation: 'sigmoid' })], { seed: 1 });
    m.compile({ loss: 'binaryCrossentropy', optimizer: { type: 'adam', learningRate: 0.05 }, metrics: ['binaryAccuracy'] });
    const h = await m.fit(x, y, { epochs: 20 });
    expect(h.history.binaryAccuracy.at(-1)!).toBeGreaterThan(0.98);
    expect(got.codes).toContain('ACCURACY_ON_IMBALANCED');
    expect(got.codes).toContain('MULTILABEL_ALL_NEGATIVE');
    expect(got.messages.find((s) => s.includes('predicts 0 for all'))).toMatch(/40 labels of every training row/);
    m.dispose();
  });
});

describe('initializers', () => {
  const layerWith = (kernelInitializer: unknown, seed: number) => {
    const m = new Sequential([new Dense({ units: 5, inputDim: 4, kernelInitializer: kernelInitializer as never })], { seed });
    m.build();
    const w = m.getWeights()[0].values;
    m.dispose();
    return w;
  };

  it('a per-initializer seed gives the same kernel whatever the model seed', () => {
    const spec = { className: 'GlorotUniform', config: { seed: 1 } };
    const a = layerWith(spec, 1), b = layerWith(spec, 99);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(layerWith({ className: 'GlorotUniform', config: { seed: 2 } }, 1))).not.toEqual(Array.from(a));
    // Without a seed of its own, the model's seed decides.
    expect(Array.from(layerWith('glorotUniform', 1))).not.toEqual(Array.from(layerWith('glorotUniform', 99)));
  });

  it('refuses a seed that is not an integer', async () => {
    await expectWasmlpError(() => new Dense({ units: 2, kernelInitializer: { className: 'GlorotUniform', config: { seed: 1.5 } } }), 'BAD_OPTION', [/seed/], { option: 'kernelInitializer.seed' });
  });

  it("accepts Keras' short names 'normal' and 'uniform'", () => {
    const n = layerWith('normal', 1), u = layerWith('uniform', 1);
    expect(Math.max(...Array.from(u, Math.abs))).toBeLessThanOrEqual(0.05);
    expect(Array.from(n).some((v) => Math.abs(v) > 0)).toBe(true);
    expect(new Dense({ units: 2, kernelInitializer: 'normal' }).kernelInitializer.name).toBe('randomNormal');
    expect(new Dense({ units: 2, kernelInitializer: 'uniform' }).kernelInitializer.name).toBe('randomUniform');
  });
});

describe('LABEL_NOT_ONE_HOT', () => {
  it('summarises a wide row instead of printing all 416 values', async () => {
    const m = new Sequential([new Dense({ units: 416, activation: 'softmax', inputDim: 2 })]);
    m.compile({ loss: 'categoricalCrossentropy', optimizer: 'adam' });
    const row = new Array(416).fill(0);
    row[3] = 1; row[200] = 1;
    const err = await expectWasmlpError(() => m.fit([[0, 1]], [row]), 'LABEL_NOT_ONE_HOT', [/416 values with 2 nonzero summing to 2/, /sigmoid outputs/], { row: 0 });
    expect(err.message.length).toBeLessThan(400);
    m.dispose();
  });
});
