import { describe, expect, it } from 'vitest';
import { Dense, Sequential, makeMoons, makeXor, makeBlobs } from '../../src/index.js';

describe('the network really learns', () => {
  it('XOR reaches 100% training accuracy', async () => {
    const x = [[0, 0], [0, 1], [1, 0], [1, 1]], y = [0, 1, 1, 0];
    const m = new Sequential([new Dense({ units: 8, activation: 'tanh', inputDim: 2 }), new Dense({ units: 1, activation: 'sigmoid' })], { seed: 2 });
    m.compile({ loss: 'binaryCrossentropy', optimizer: { type: 'adam', learningRate: 0.05 }, metrics: ['accuracy'] });
    const h = await m.fit(x, y, { epochs: 300, batchSize: 4 });
    expect(h.history.loss.at(-1)!).toBeLessThan(h.history.loss[0] / 10);
    expect(m.evaluate(x, y).binaryAccuracy).toBe(1);
    expect(Array.from(m.predictClasses(x))).toEqual(y);
  });

  it('noisy XOR and two moons are learnt to near 100% (XOR: near its noise ceiling)', async () => {
    const xor = makeXor({ nSamples: 400, noise: 0.05, seed: 1 });
    // XOR labels come from the points before noise; rows that noise moved across an axis cannot be
    // classified from x, so the reachable accuracy is the share of rows whose quadrant still agrees.
    let agree = 0;
    for (let i = 0; i < xor.x.rows; i++) agree += Number((xor.x.data[2 * i] * xor.x.data[2 * i + 1] < 0 ? 1 : 0) === xor.y[i]);
    const xorCeiling = agree / xor.x.rows;
    expect(xorCeiling).toBeGreaterThan(0.95);
    expect(xorCeiling).toBeLessThan(1);
    for (const [data, target] of [[xor, xorCeiling - 0.02], [makeMoons({ nSamples: 400, noise: 0.1, seed: 1 }), 0.97]] as const) {
      const m = new Sequential([
        new Dense({ units: 16, activation: 'relu', inputDim: 2 }),
        new Dense({ units: 16, activation: 'relu' }),
        new Dense({ units: 1, activation: 'sigmoid' }),
      ], { seed: 1 });
      m.compile({ loss: 'binaryCrossentropy', optimizer: { type: 'adam', learningRate: 0.01 }, metrics: ['accuracy'] });
      await m.fit(data.x, data.y, { epochs: 200, batchSize: 32 });
      expect(m.evaluate(data.x, data.y).binaryAccuracy).toBeGreaterThanOrEqual(target);
      m.dispose();
    }
  });

  it('multi-class softmax with sparse and one-hot labels', async () => {
    const { x, y } = makeBlobs({ nSamples: 300, centers: 3, seed: 4 });
    const ids = Array.from(y);
    const oneHot = ids.map((c) => [0, 1, 2].map((j) => (j === c ? 1 : 0)));
    for (const [loss, labels, name] of [['sparseCategoricalCrossentropy', ids, 'sparseCategoricalAccuracy'], ['categoricalCrossentropy', oneHot, 'categoricalAccuracy']] as const) {
      const m = new Sequential([new Dense({ units: 8, activation: 'relu', inputDim: x.cols }), new Dense({ units: 3, activation: 'softmax' })], { seed: 1 });
      m.compile({ loss, optimizer: { type: 'adam', learningRate: 0.02 }, metrics: ['accuracy'] });
      await m.fit(x, labels as never, { epochs: 60, batchSize: 16 });
      const ev = m.evaluate(x, labels as never);
      expect(Object.keys(ev)).toEqual(['loss', name]);
      expect(ev[name]).toBeGreaterThan(0.95);
      const p = m.predict(x);
      for (let r = 0; r < 5; r++) expect(p.data[r * 3] + p.data[r * 3 + 1] + p.data[r * 3 + 2]).toBeCloseTo(1, 5);
      m.dispose();
    }
  });

  it('regression: a net learns the mean of four numbers (MSE), then a low/high classifier from the same features', async () => {
    let s = 1;
    const rand = () => ((s = (s * 16807) % 2147483647) / 2147483647);
    const x = Array.from({ length: 500 }, () => [rand(), rand(), rand(), rand()]);
    const mean = x.map((r) => (r[0] + r[1] + r[2] + r[3]) / 4);
    const reg = new Sequential([new Dense({ units: 16, activation: 'relu', inputDim: 4 }), new Dense({ units: 1 })], { seed: 1 });
    reg.compile({ loss: 'meanSquaredError', optimizer: { type: 'adam', learningRate: 0.01 }, metrics: ['mae'] });
    await reg.fit(x, mean, { epochs: 100, batchSize: 32 });
    expect(reg.evaluate(x, mean).meanAbsoluteError).toBeLessThan(0.02);
    const high = mean.map((m) => (m > 0.5 ? 1 : 0));
    const cls = new Sequential([new Dense({ units: 16, activation: 'relu', inputDim: 4 }), new Dense({ units: 1, activation: 'sigmoid' })], { seed: 1 });
    cls.compile({ loss: 'binaryCrossentropy', optimizer: { type: 'adam', learningRate: 0.01 }, metrics: ['accuracy'] });
    await cls.fit(x, high, { epochs: 100, batchSize: 32 });
    expect(cls.evaluate(x, high).binaryAccuracy).toBeGreaterThan(0.95);
  });

  it('every optimizer lowers the loss on moons', async () => {
    const { x, y } = makeMoons({ nSamples: 200, noise: 0.1, seed: 2 });
    for (const optimizer of ['sgd', { type: 'sgd', momentum: 0.9, nesterov: true }, 'adam', 'adamw', { type: 'rmsprop', learningRate: 0.01 }, { type: 'adagrad', learningRate: 0.1 }] as const) {
      const m = new Sequential([new Dense({ units: 8, activation: 'tanh', inputDim: 2 }), new Dense({ units: 1, activation: 'sigmoid' })], { seed: 1 });
      m.compile({ loss: 'binaryCrossentropy', optimizer });
      const h = await m.fit(x, y, { epochs: 30, batchSize: 16 });
      expect(h.history.loss.at(-1)!, JSON.stringify(optimizer)).toBeLessThan(h.history.loss[0]);
      m.dispose();
    }
  });
});
