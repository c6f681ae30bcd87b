import { describe, expect, it } from 'vitest';
import { loadCsv } from '../../src/index.js';
import { dataPath } from '../helpers/data-dir.js';
import { compareArms, mean, table } from './experiments.js';
import { imbalancedSet } from './helpers.js';

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
