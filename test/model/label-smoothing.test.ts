import { describe, expect, it } from 'vitest';
import { Dense, Sequential, setWarningHandler } from '../../src/index.js';
import { batchLoss, numericGradient, type RefLayer } from '../helpers/reference.js';
import { coreGradients, randn, testRandom } from '../helpers/device.js';
import { expectWasmlpError } from '../helpers/expect-error.js';

setWarningHandler(null);

const CASES = [
  { name: 'binaryCrossentropy, one sigmoid unit', act: 'sigmoid' as const, units: 1, loss: 'binaryCrossentropy' as const },
  { name: 'binaryCrossentropy, three sigmoid labels', act: 'sigmoid' as const, units: 3, loss: 'binaryCrossentropy' as const },
  { name: 'categoricalCrossentropy, softmax', act: 'softmax' as const, units: 3, loss: 'categoricalCrossentropy' as const },
];

/** Keras' label_smoothing, written out independently in float64. */
function smooth(ys: number[][], s: number, loss: string): number[][] {
  return ys.map((row) => row.map((y) => (loss === 'binaryCrossentropy' ? y * (1 - s) + s / 2 : y * (1 - s) + s / row.length)));
}

describe('label smoothing', () => {
  for (const c of CASES) {
    it(`${c.name}: evaluate's loss and the core's gradients match the smoothed-target reference`, () => {
      const rand = testRandom(11);
      const s = 0.2, rows = 6, inDim = 3;
      const model = new Sequential([
        new Dense({ units: 4, activation: 'tanh', inputDim: inDim }),
        new Dense({ units: c.units, activation: c.act, biasInitializer: { type: 'randomUniform', minval: -0.3, maxval: 0.3 } }),
      ], { seed: 5 });
      model.compile({ loss: c.loss, optimizer: 'sgd', labelSmoothing: s });
      const xs = Array.from({ length: rows }, () => Array.from({ length: inDim }, () => randn(rand)));
      const ys = Array.from({ length: rows }, (_, r) => {
        if (c.loss === 'categoricalCrossentropy') return Array.from({ length: c.units }, (_, j) => (j === r % c.units ? 1 : 0));
        return Array.from({ length: c.units }, () => (rand() < 0.5 ? 0 : 1));
      });
      const soft = smooth(ys, s, c.loss);
      const ref: RefLayer[] = [
        { inDim, units: 4, act: 'tanh', alpha: 0, useBias: true },
        { inDim: 4, units: c.units, act: c.act, alpha: 0, useBias: true },
      ];
      // The host applies smoothing: evaluate on the raw labels equals the reference on soft targets.
      const params = model.network(inDim).getParams();
      const evaluated = model.evaluate(xs, c.units === 1 ? ys.map((r) => r[0]) : ys).loss;
      expect(evaluated).toBeCloseTo(batchLoss(ref, c.loss, params, xs, soft), 5);
      expect(Math.abs(evaluated - batchLoss(ref, c.loss, params, xs, ys))).toBeGreaterThan(1e-3); // smoothing changed it
      // The core's gradient on soft targets against finite differences of the smoothed loss.
      const { grads } = coreGradients(model, xs, soft);
      const numeric = numericGradient((p) => batchLoss(ref, c.loss, p, xs, soft), params);
      for (let i = 0; i < numeric.length; i++) expect(Math.abs(grads[i] - numeric[i])).toBeLessThan(2e-4 + 2e-3 * Math.abs(numeric[i]));
      model.dispose();
    });
  }

  it("accepts Keras' loss object and keeps the setting in toJSON", () => {
    const m = new Sequential([new Dense({ units: 1, activation: 'sigmoid', inputDim: 2 })]);
    m.compile({ loss: { className: 'BinaryCrossentropy', config: { label_smoothing: 0.1 } }, optimizer: 'adam' });
    expect(m.compiled!.labelSmoothing).toBe(0.1);
    m.build();
    const copy = Sequential.fromJSON(JSON.parse(JSON.stringify(m.toJSON())));
    expect(copy.compiled!.labelSmoothing).toBe(0.1);
    m.dispose(); copy.dispose();
  });

  it('refuses a bad value and sparse labels, naming the fix', async () => {
    const m = new Sequential([new Dense({ units: 3, activation: 'softmax', inputDim: 2 })]);
    await expectWasmlpError(() => m.compile({ loss: 'categoricalCrossentropy', labelSmoothing: 1 }), 'BAD_OPTION', [/\[0, 1\)/], { option: 'labelSmoothing' });
    await expectWasmlpError(() => m.compile({ loss: 'sparseCategoricalCrossentropy', labelSmoothing: 0.1 }), 'BAD_OPTION', [/one-hot encode the labels/], { option: 'labelSmoothing' });
  });
});
