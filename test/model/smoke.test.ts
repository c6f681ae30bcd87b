import { describe, expect, it } from 'vitest';
import { Sequential, Dense, loadCsv, MinMaxScaler, trainTestSplit } from '../../src/index.js';
import { dataPath } from '../helpers/data-dir.js';

describe('smoke', () => {
  it('banknote', async () => {
    const ds = await loadCsv(dataPath('banknote_authentication.csv'));
    const split = trainTestSplit(ds.x, ds.y, { testSize: 0.2, seed: 1 });
    const scaler = new MinMaxScaler();
    const xTrain = scaler.fitTransform(split.xTrain);
    const xTest = scaler.transform(split.xTest);
    const model = new Sequential([
      new Dense({ units: 8, activation: 'tanh', inputDim: 4 }),
      new Dense({ units: 8, activation: 'tanh' }),
      new Dense({ units: 1, activation: 'sigmoid' }),
    ], { seed: 1 });
    model.compile({ loss: 'binaryCrossentropy', optimizer: { type: 'sgd', learningRate: 0.01 }, metrics: ['accuracy'] });
    const t0 = performance.now();
    const h = await model.fit(xTrain, split.yTrain as any, { epochs: 500, batchSize: 32 });
    console.log('fit ms', performance.now() - t0, h.history.loss.at(-1), h.history.binaryAccuracy.at(-1));
    const ev = model.evaluate(xTest, split.yTest as any);
    console.log(ev);
    expect(ev.binaryAccuracy).toBeGreaterThan(0.97);
  });
});
