import { describe, expect, it } from 'vitest';
import { Dense, Sequential } from '../../src/index.js';
import { CosineDecay, ExponentialDecay, MultiCycle, OneCycle, PiecewiseConstantDecay, resolveSchedule } from '../../src/optimizers/schedules.js';
import { exactCos, exactExp, exactLog, exactPow } from '../../src/optimizers/exact-math.js';
import { expectWasmlpError } from '../helpers/expect-error.js';
import { randn, testRandom } from '../helpers/device.js';

const f32 = Math.fround;

describe('exact math (the same bits in every runtime)', () => {
  it('agrees with Math to a few ulps', () => {
    for (let x = -20; x <= 20; x += 0.37) expect(Math.abs(exactExp(x) / Math.exp(x) - 1)).toBeLessThan(1e-14);
    for (let x = 1e-6; x < 1e6; x *= 3.7) expect(Math.abs(exactLog(x) - Math.log(x))).toBeLessThan(1e-14 * Math.max(1, Math.abs(Math.log(x))));
    for (let x = -10; x <= 10; x += 0.113) expect(Math.abs(exactCos(x) - Math.cos(x))).toBeLessThan(1e-14);
    expect(exactPow(0.96, 3)).toBe(0.96 * 0.96 * 0.96);
    expect(Math.abs(exactPow(0.96, 2.5) - Math.pow(0.96, 2.5))).toBeLessThan(1e-15);
  });
});

describe('learning-rate schedules against their formulas', () => {
  it('ExponentialDecay: lr0 * rate^(step / decaySteps), floored with staircase', () => {
    const s = new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5 });
    const st = new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5, staircase: true });
    for (const step of [0, 1, 5, 10, 15, 37]) {
      expect(s.at(step)).toBeCloseTo(f32(0.1 * 0.5 ** (step / 10)), 9);
      expect(st.at(step)).toBe(f32(0.1 * 0.5 ** Math.floor(step / 10)));
    }
  });

  it('PiecewiseConstantDecay: boundaries inclusive on the left piece, as Keras', () => {
    const s = new PiecewiseConstantDecay({ boundaries: [100, 110], values: [1, 0.5, 0.1] });
    expect([0, 100, 101, 110, 111, 5000].map((t) => s.at(t))).toEqual([1, 1, 0.5, 0.5, f32(0.1), f32(0.1)]);
  });

  it('CosineDecay with linear warmup (Keras 3)', () => {
    const s = new CosineDecay({ initialLearningRate: 0, warmupTarget: 0.1, warmupSteps: 10, decaySteps: 100, alpha: 0.1 });
    expect(s.at(0)).toBe(0);
    expect(s.at(5)).toBe(f32(0.05));
    for (const step of [10, 35, 60, 110, 500]) {
      const t = Math.min(step - 10, 100) / 100;
      expect(s.at(step)).toBeCloseTo(f32(0.1 * (0.9 * 0.5 * (1 + Math.cos(Math.PI * t)) + 0.1)), 9);
    }
    const plain = new CosineDecay({ initialLearningRate: 0.2, decaySteps: 50 });
    expect(plain.at(25)).toBeCloseTo(0.1, 7);
    expect(plain.at(50)).toBe(0);
  });

  it('OneCycle: up from max/div to max over pctStart, then down to max/(div*finalDiv)', () => {
    const s = new OneCycle({ maxLearningRate: 0.01, totalSteps: 100, pctStart: 0.3, divFactor: 25, finalDivFactor: 1e4 });
    expect(s.at(0)).toBe(f32(0.01 / 25));
    expect(s.at(30)).toBe(f32(0.01));
    expect(s.at(100)).toBeCloseTo(0.01 / 25 / 1e4, 12);
    expect(s.at(15)).toBeCloseTo(f32(0.01 / 25 + (0.01 - 0.01 / 25) * 0.5), 9);
  });

  it('MultiCycle: RealMLP coslog, zero at the start of each of its cycles', () => {
    const s = new MultiCycle({ maxLearningRate: 0.04, totalSteps: 150, cycles: 4 });
    // Cycle boundaries where log2(1 + 15 t) is an integer: t = (2^c - 1) / 15.
    for (const c of [0, 1, 2, 3, 4]) expect(s.at(((2 ** c - 1) / 15) * 150)).toBeLessThan(1e-9);
    for (const step of [3, 17, 70, 123]) {
      const t = step / 150;
      expect(s.at(step)).toBeCloseTo(f32(0.04 * 0.5 * (1 - Math.cos(2 * Math.PI * Math.log2(1 + 15 * t)))), 9);
    }
  });

  it('refuses bad settings with the option named', async () => {
    await expectWasmlpError(() => new CosineDecay({ initialLearningRate: 0.1, decaySteps: 0 }), 'BAD_OPTION', [/decaySteps/], { option: 'CosineDecay.decaySteps' });
    await expectWasmlpError(() => new PiecewiseConstantDecay({ boundaries: [10], values: [1] }), 'BAD_OPTION', [/n \+ 1 rates/]);
    await expectWasmlpError(() => resolveSchedule({ className: 'CosineDecy' }, 'optimizer.learningRate'), 'UNKNOWN_SCHEDULE', [/CosineDecay/]);
  });
});

describe('schedules in fit', () => {
  const rand = testRandom(3);
  const x = Array.from({ length: 16 }, () => [randn(rand), randn(rand)]);
  const y = x.map(([a, b]) => (a + b > 0 ? 1 : 0));
  const model = () => new Sequential([new Dense({ units: 4, activation: 'tanh', inputDim: 2 }), new Dense({ units: 1, activation: 'sigmoid' })], { seed: 4 });

  it('applies the rate of each optimizer step: the same bits as fitting piece by piece', async () => {
    const a = model();
    a.compile({ loss: 'bce', optimizer: { type: 'sgd', learningRate: new PiecewiseConstantDecay({ boundaries: [1], values: [0.5, 0.05] }) } });
    await a.fit(x, y, { epochs: 4, batchSize: 8, shuffle: false }); // steps 0..7: 0.5, 0.5, then 0.05
    const b = model();
    b.compile({ loss: 'bce', optimizer: { type: 'sgd', learningRate: 0.5 } });
    await b.fit(x, y, { epochs: 1, batchSize: 8, shuffle: false });
    b.compile({ loss: 'bce', optimizer: { type: 'sgd', learningRate: 0.05 } });
    await b.fit(x, y, { epochs: 3, batchSize: 8, shuffle: false });
    expect(Array.from(a.getWeightsSnapshot())).toEqual(Array.from(b.getWeightsSnapshot()));
    a.dispose(); b.dispose();
  });

  it('the schedule survives toJSON / fromJSON', async () => {
    const a = model();
    a.compile({ loss: 'bce', optimizer: { type: 'adamw', learningRate: { className: 'CosineDecay', config: { initialLearningRate: 0.01, decaySteps: 40 } } } });
    a.build();
    const copy = Sequential.fromJSON(JSON.parse(JSON.stringify(a.toJSON())));
    expect(copy.compiled!.optimizer.schedule!.toJSON()).toEqual({ className: 'CosineDecay', config: { initialLearningRate: 0.01, decaySteps: 40, alpha: 0, warmupTarget: null, warmupSteps: 0 } });
    a.dispose(); copy.dispose();
  });
});
