import { describe, expect, it } from 'vitest';
import { Dense, MinMaxScaler, Sequential, StandardScaler, StratifiedKFold, loadCsv, takeRowsForTest, trainTestSplit } from './reproduction-helpers.js';
import { dataPath } from '../helpers/data-dir.js';

/**
 * The tutorials' published figures, reproduced on the shared UCI data (../shared/data or
 * WASMLP_DATA_DIR): Banknote 99.27% on a 20% test split; Sonar ~84% under 10-fold CV.
 */
describe('published results on the shared datasets', () => {
  it('Banknote: min-max, 4-(8-8)-1 tanh, glorotUniform, SGD 0.01, batch 32, 500 epochs -> >= 99% held-out accuracy', async () => {
    const ds = await loadCsv(dataPath('banknote_authentication.csv'));
    const accuracies: number[] = [];
    for (const seed of [1, 2, 3, 4, 5]) {
      const split = trainTestSplit(ds.x, ds.y, { testSize: 0.2, seed });
      const scaler = new MinMaxScaler();
      const xTrain = scaler.fitTransform(split.xTrain), xTest = scaler.transform(split.xTest);
      const model = new Sequential([
        new Dense({ units: 8, activation: 'tanh', inputDim: 4, kernelInitializer: 'glorotUniform' }),
        new Dense({ units: 8, activation: 'tanh' }),
        new Dense({ units: 1, activation: 'sigmoid' }),
      ], { seed });
      model.compile({ loss: 'binaryCrossentropy', optimizer: { type: 'sgd', learningRate: 0.01 }, metrics: ['accuracy'] });
      await model.fit(xTrain, split.yTrain, { epochs: 500, batchSize: 32, shuffle: true });
      accuracies.push(model.evaluate(xTest, split.yTest).binaryAccuracy);
      model.dispose();
    }
    const mean = accuracies.reduce((a, b) => a + b) / accuracies.length;
    console.log(`Banknote held-out accuracy over 5 seeded splits: ${accuracies.map((a) => a.toFixed(4)).join(', ')} (mean ${mean.toFixed(4)})`);
    expect(mean).toBeGreaterThanOrEqual(0.99);
    for (const a of accuracies) expect(a).toBeGreaterThanOrEqual(0.98);
  });

  it('Sonar: standardized per fold, 60-relu-1-sigmoid, adam, 100 epochs, batch 5 -> ~84% under stratified 10-fold CV', async () => {
    const ds = await loadCsv(dataPath('sonar.csv'));
    const folds = new StratifiedKFold({ nSplits: 10, shuffle: true, seed: 7 });
    const scores: number[] = [];
    for (const { train, test } of folds.split(ds.x, ds.y)) {
      const [xTr, yTr] = takeRowsForTest(ds.x, ds.y, train);
      const [xTe, yTe] = takeRowsForTest(ds.x, ds.y, test);
      const scaler = new StandardScaler();
      const model = new Sequential([
        new Dense({ units: 60, activation: 'relu', inputDim: 60 }),
        new Dense({ units: 1, activation: 'sigmoid' }),
      ], { seed: 7 });
      model.compile({ loss: 'binaryCrossentropy', optimizer: 'adam', metrics: ['accuracy'] });
      await model.fit(scaler.fitTransform(xTr), yTr, { epochs: 100, batchSize: 5 });
      scores.push(model.evaluate(scaler.transform(xTe), yTe).binaryAccuracy);
      model.dispose();
    }
    const mean = scores.reduce((a, b) => a + b) / scores.length;
    const std = Math.sqrt(scores.reduce((a, b) => a + (b - mean) ** 2, 0) / scores.length);
    console.log(`Sonar 10-fold CV accuracy: ${(100 * mean).toFixed(2)}% (${(100 * std).toFixed(2)}%)`);
    expect(mean).toBeGreaterThanOrEqual(0.8);
    expect(mean).toBeLessThanOrEqual(0.95);
  });
});
