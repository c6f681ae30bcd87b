import { beforeAll, describe, expect, it } from 'vitest';
import { Dense, Sequential, setWarningHandler } from '../../src/index.js';
import { batchLoss, numericGradient, type Act, type Loss, type RefLayer } from '../helpers/reference.js';
import { coreGradients, randn, testRandom } from '../helpers/device.js';

beforeAll(() => setWarningHandler(null));

const HIDDEN: Act[] = ['linear', 'relu', 'leakyRelu', 'elu', 'selu', 'gelu', 'tanh', 'sigmoid', 'softmax'];
const OUTPUTS: { act: Act; units: number; loss: Loss }[] = [
  { act: 'sigmoid', units: 1, loss: 'binaryCrossentropy' },
  { act: 'sigmoid', units: 3, loss: 'binaryCrossentropy' },
  { act: 'softmax', units: 3, loss: 'categoricalCrossentropy' },
  { act: 'softmax', units: 3, loss: 'sparseCategoricalCrossentropy' },
  { act: 'sigmoid', units: 3, loss: 'categoricalCrossentropy' },
  { act: 'linear', units: 2, loss: 'meanSquaredError' },
  { act: 'tanh', units: 2, loss: 'meanSquaredError' },
  { act: 'sigmoid', units: 1, loss: 'meanSquaredError' },
  { act: 'softmax', units: 3, loss: 'meanSquaredError' },
  { act: 'linear', units: 1, loss: 'meanAbsoluteError' },
];
const ALPHA: Partial<Record<Act, number>> = { leakyRelu: 0.3, elu: 1 };

function labels(loss: Loss, units: number, rows: number, rand: () => number): number[][] {
  return Array.from({ length: rows }, () => {
    if (loss === 'sparseCategoricalCrossentropy') return [Math.floor(rand() * units)];
    if (loss === 'categoricalCrossentropy') { const c = Math.floor(rand() * units); return Array.from({ length: units }, (_, j) => (j === c ? 1 : 0)); }
    if (loss === 'binaryCrossentropy') return Array.from({ length: units }, () => (rand() < 0.5 ? 0 : 1));
    return Array.from({ length: units }, () => randn(rand));
  });
}

function check(hidden: Act, out: (typeof OUTPUTS)[number], opts: { weights?: boolean; l1?: number; l2?: number; seed: number }) {
  const rand = testRandom(opts.seed);
  const inDim = 3, rows = 5, hiddenUnits = 4;
  const model = new Sequential([
    new Dense({ units: hiddenUnits, activation: hidden, inputDim: inDim, kernelRegularizer: { l1: opts.l1 ?? 0, l2: opts.l2 ?? 0 }, biasInitializer: { type: 'randomNormal', stddev: 0.3 } }),
    new Dense({ units: out.units, activation: out.act, kernelInitializer: 'glorotNormal', biasInitializer: { type: 'randomUniform', minval: -0.2, maxval: 0.2 } }),
  ], { seed: opts.seed });
  model.compile({ loss: out.loss, optimizer: 'sgd' });
  const xs = Array.from({ length: rows }, () => Array.from({ length: inDim }, () => randn(rand)));
  const ys = labels(out.loss, out.units, rows, rand);
  const w = opts.weights ? Array.from({ length: rows }, () => 0.25 + rand() * 2) : undefined;
  const { lossSum, grads, params } = coreGradients(model, xs, ys, w);
  const ref: RefLayer[] = [
    { inDim, units: hiddenUnits, act: hidden, alpha: ALPHA[hidden] ?? 0, useBias: true, l1: opts.l1, l2: opts.l2 },
    { inDim: hiddenUnits, units: out.units, act: out.act, alpha: 0, useBias: true },
  ];
  const f = (p: ArrayLike<number>) => batchLoss(ref, out.loss, p, xs, ys, w);
  // Forward: the core's loss sum (without the penalty) equals the reference's.
  const noReg: RefLayer[] = ref.map((l) => ({ ...l, l1: 0, l2: 0 }));
  expect(lossSum / rows).toBeCloseTo(batchLoss(noReg, out.loss, params, xs, ys, w), 4);
  const numeric = numericGradient(f, params);
  for (let i = 0; i < numeric.length; i++) {
    const tol = 2e-4 + 2e-3 * Math.abs(numeric[i]);
    if (Math.abs(grads[i] - numeric[i]) > tol) {
      throw new Error(`${hidden} -> ${out.act}/${out.loss}: parameter ${i} gradient ${grads[i]} vs finite difference ${numeric[i]}`);
    }
  }
  model.dispose();
}

describe('gradients match float64 finite differences', () => {
  for (const out of OUTPUTS) {
    it(`${out.act} output (${out.units}) with ${out.loss}, every hidden activation`, () => {
      HIDDEN.forEach((hidden, i) => check(hidden, out, { seed: 11 + i }));
    });
  }

  it('with sample weights and L1/L2 kernel penalties', () => {
    for (const out of OUTPUTS.slice(0, 4)) check('tanh', out, { seed: 99, weights: true, l1: 0.01, l2: 0.02 });
  });

  it('through three layers, one without bias', () => {
    const rand = testRandom(5);
    const model = new Sequential([
      new Dense({ units: 5, activation: 'tanh', inputDim: 4 }),
      new Dense({ units: 6, activation: 'elu', useBias: false }),
      new Dense({ units: 1, activation: 'sigmoid' }),
    ], { seed: 5 });
    model.compile({ loss: 'binaryCrossentropy', optimizer: 'sgd' });
    const xs = Array.from({ length: 7 }, () => Array.from({ length: 4 }, () => randn(rand)));
    const ys = xs.map(() => [rand() < 0.5 ? 0 : 1]);
    const { grads, params } = coreGradients(model, xs, ys);
    const ref: RefLayer[] = [
      { inDim: 4, units: 5, act: 'tanh', alpha: 0, useBias: true },
      { inDim: 5, units: 6, act: 'elu', alpha: 1, useBias: false },
      { inDim: 6, units: 1, act: 'sigmoid', alpha: 0, useBias: true },
    ];
    const numeric = numericGradient((p) => batchLoss(ref, 'binaryCrossentropy', p, xs, ys), params);
    expect(grads.length).toBe(4 * 5 + 5 + 5 * 6 + 6 + 1);
    numeric.forEach((g, i) => expect(Math.abs(grads[i] - g)).toBeLessThan(2e-4 + 2e-3 * Math.abs(g)));
    model.dispose();
  });

  it('binaryCrossentropy stays finite for logits of +-1e4 (p exactly 0 or 1 in float32)', () => {
    const model = new Sequential([new Dense({ units: 1, activation: 'sigmoid', inputDim: 1, kernelInitializer: 'ones' })], { seed: 1 });
    model.compile({ loss: 'binaryCrossentropy', optimizer: 'sgd' });
    const { lossSum, grads } = coreGradients(model, [[1e4], [-1e4], [1e4], [-1e4]], [[0], [1], [1], [0]]);
    expect(Number.isFinite(lossSum)).toBe(true);
    expect(lossSum / 4).toBeCloseTo((1e4 + 1e4) / 4, 0); // two wrong by 1e4 each, two right by ~0
    for (const g of grads) expect(Number.isFinite(g)).toBe(true);
    model.dispose();
  });
});
