import { describe, expect, it } from 'vitest';
import { loadCsv } from '../../src/index.js';
import { dataPath } from '../helpers/data-dir.js';
import { compareArms, mean, table } from './experiments.js';
import { ScaledMlp, imbalancedSet } from './helpers.js';
import { CalibratedClassifier } from '../../src/decision/calibration.js';
import { StratifiedKFold } from '../../src/model-selection/stratified-kfold.js';
import { takeRows } from '../../src/data/matrix.js';
import { brierScore } from '../../src/metrics/binary-scores.js';

// Experiments as tests: balanced training plus a threshold tuned on the training folds only
// raises balanced accuracy and F1 over the plain model under the same stratified CV.
// Figures are printed; run with: npx vitest run test/decision/imbalance.test.ts

describe('imbalanced binary problems: plain vs balanced + tuned threshold', () => {
  it('Pima Indians diabetes (35% positives), stratified 5-fold, standardized per fold', async () => {
    const ds = await loadCsv(dataPath('pima-indians-diabetes.csv'));
    const y = Int32Array.from(ds.y);
    const c = await compareArms(ds.x, y, { seed: 7, metric: 'f1', mlp: { hidden: [16], epochs: 60, batchSize: 32, learningRate: 0.002, seed: 1 } });
    console.log(table('Pima (768 rows, 268 positive), 5-fold, threshold tuned for f1 on 5 inner folds:', c));
    expect(mean(c.tuned.balancedAccuracy)).toBeGreaterThan(mean(c.plain.balancedAccuracy));
    expect(mean(c.tuned.f1)).toBeGreaterThan(mean(c.plain.f1));
  });

  it('seeded synthetic set with 3% positives, stratified 5-fold', async () => {
    const { x, y } = imbalancedSet(3000, 0.03, 11);
    const c = await compareArms(x, y, { seed: 3, metric: 'f1', balancedFit: { stratifiedBatches: true }, mlp: { hidden: [16], epochs: 30, batchSize: 32, learningRate: 0.002, seed: 1 } });
    console.log(table('Synthetic (3000 rows, 90 positive), 5-fold, balanced + stratified batches, threshold tuned for f1:', c));
    expect(mean(c.tuned.balancedAccuracy)).toBeGreaterThan(mean(c.plain.balancedAccuracy));
    expect(mean(c.tuned.f1)).toBeGreaterThan(mean(c.plain.f1));
  });
});

describe('calibration of an over-confident network on Pima', () => {
  it('an over-fitted MLP: held-out Brier drops after sigmoid calibration on inner folds', async () => {
    const ds = await loadCsv(dataPath('pima-indians-diabetes.csv'));
    const y = Int32Array.from(ds.y);
    // Two wide layers, a high learning rate and many epochs: probabilities pile up near 0 and 1.
    const mlp = { hidden: [64, 64], epochs: 150, batchSize: 16, learningRate: 0.01, seed: 1 };
    const before: number[] = [], after: number[] = [];
    for (const { train, test } of new StratifiedKFold({ nSplits: 5, shuffle: true, seed: 7 }).split(ds.x, y)) {
      const xTrain = takeRows(ds.x, train), yTrain = Int32Array.from(train, (i) => y[i]);
      const xTest = takeRows(ds.x, test), yTest = Int32Array.from(test, (i) => y[i]);
      const raw = await new ScaledMlp(mlp).fit(xTrain, yTrain);
      before.push(brierScore(yTest, raw.predictProba(xTest).data));
      raw.dispose();
      const cal = await new CalibratedClassifier(new ScaledMlp(mlp), { method: 'sigmoid', cv: 3, seed: 1 }).fit(xTrain, yTrain);
      const p = cal.predictPositive(xTest);
      after.push(brierScore(yTest, p));
      cal.dispose();
    }
    console.log(`Pima, over-fitted MLP 64-64, 150 epochs: held-out Brier per fold ${before.map((b) => b.toFixed(4)).join(' ')} (mean ${mean(before).toFixed(4)}) -> calibrated ${after.map((b) => b.toFixed(4)).join(' ')} (mean ${mean(after).toFixed(4)})`);
    expect(mean(after)).toBeLessThan(mean(before));
  });
});
