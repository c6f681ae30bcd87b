import type { MetricSpec } from '../../src/metrics/resolve.js';
import { afterEach, describe, expect, it } from 'vitest';
import { Dense, Sequential } from '../../src/index.js';
import { setWarningHandler } from '../../src/warnings.js';
import { randn, testRandom } from '../helpers/device.js';

function data(n: number, rate: number, seed: number, shift = 2): { x: number[][]; y: Int32Array } {
  const rand = testRandom(seed);
  const y = Int32Array.from({ length: n }, (_, i) => (i < Math.round(n * rate) ? 1 : 0));
  const x = Array.from(y, (c) => [randn(rand) + shift * c, randn(rand) + shift * c]);
  return { x, y };
}

function model(metrics: MetricSpec[], learningRate = 0.01) {
  const m = new Sequential([new Dense({ units: 4, activation: 'relu', inputDim: 2 }), new Dense({ units: 1, activation: 'sigmoid' })], { seed: 2 });
  m.compile({ loss: 'binaryCrossentropy', optimizer: { type: 'adam', learningRate }, metrics });
  return m;
}

function capture(): { codes: string[]; messages: string[] } {
  const got = { codes: [] as string[], messages: [] as string[] };
  setWarningHandler((code, message) => { got.codes.push(code); got.messages.push(message); });
  return got;
}

afterEach(() => setWarningHandler(null));

describe('fit warnings on imbalanced labels', () => {
  it('accuracy as the only metric with a class under 10%: once, naming balancedAccuracy and prAuc', async () => {
    const got = capture();
    const { x, y } = data(400, 0.05, 1);
    const m = model(['accuracy']);
    await m.fit(x, y, { epochs: 2 });
    await m.fit(x, y, { epochs: 2 });
    const at = got.codes.filter((c) => c === 'ACCURACY_ON_IMBALANCED');
    expect(at.length).toBe(1);
    expect(got.messages[got.codes.indexOf('ACCURACY_ON_IMBALANCED')]).toMatch(/balancedAccuracy.*prAuc/);
    m.dispose();
  });

  it('no accuracy warning with another metric, or with balanced classes', async () => {
    const got = capture();
    const a = model(['accuracy', 'auc']);
    await a.fit(data(400, 0.05, 1).x, data(400, 0.05, 1).y, { epochs: 1 });
    const b = model(['accuracy']);
    await b.fit(data(200, 0.4, 2).x, data(200, 0.4, 2).y, { epochs: 1 });
    expect(got.codes).not.toContain('ACCURACY_ON_IMBALANCED');
    a.dispose(); b.dispose();
  });

  it('predictions collapsed to the majority class on the training rows', async () => {
    const got = capture();
    // Heavily overlapping classes, 5% positives, no class weights: the usual outcome is 'always 0'.
    const { x, y } = data(400, 0.05, 3, 0.5);
    const lazy = model([], 0.01);
    await lazy.fit(x, y, { epochs: 30 });
    expect(lazy.predict(x).data.every((v) => v <= 0.5)).toBe(true);
    expect(got.codes).toContain('MAJORITY_CLASS_ONLY');
    expect(got.messages.find((s) => s.includes('majority class'))).toMatch(/predicts class 0 for every training row.*classWeight: 'balanced'/);
    lazy.dispose();
  });

  it('no collapse warning when the model separates the classes', async () => {
    const got = capture();
    const { x, y } = data(400, 0.05, 3);
    const m = model([], 0.05);
    await m.fit(x, y, { epochs: 40, classWeight: 'balanced' });
    expect(got.codes).not.toContain('MAJORITY_CLASS_ONLY');
    const p = m.predict(x).data;
    expect(p.some((v) => v > 0.5) && p.some((v) => v <= 0.5)).toBe(true);
    m.dispose();
  });

  it('the check reads past its first chunks of rows: a minority predicted only in the last rows is no collapse', async () => {
    const got = capture();
    // The positives are the last 20 of 400 rows, far apart from the rest: the rows of the first
    // chunks (64 rows each) are all predicted 0 and only rows 380.. are predicted 1.
    const { x, y } = data(400, 0.05, 3, 6);
    x.reverse();
    y.reverse();
    const m = model([], 0.05);
    await m.fit(x, y, { epochs: 40, classWeight: 'balanced' });
    const p = m.predict(x).data;
    expect(Array.from(p.subarray(0, 256)).every((v) => v <= 0.5)).toBe(true);
    expect(Array.from(p.subarray(380)).every((v) => v > 0.5)).toBe(true);
    expect(got.codes).not.toContain('MAJORITY_CLASS_ONLY');
    m.dispose();
  });
});
