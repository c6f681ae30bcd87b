import { describe, expect, it } from 'vitest';
import { KerasClassifier, Pipeline, StandardScaler, crossValidate, memoryStats } from '../../src/index.js';
import { CalibratedClassifier } from '../../src/decision/calibration.js';
import { TunedThresholdClassifier } from '../../src/decision/threshold.js';
import { buildMlp, type MlpParams } from '../model-selection/builders.js';
import { imbalancedSet } from './helpers.js';
import { settledBytesInUse } from '../helpers/settled-memory.js';

// The decision wrappers are estimators: crossValidate clones them per outer fold, so each fold
// tunes (or calibrates) on its own training rows, and scoring reads the tuned threshold.
describe('TunedThresholdClassifier and CalibratedClassifier inside crossValidate', () => {
  const { x, y } = imbalancedSet(600, 0.1, 5, 6, 3, 1.5);
  const pipe = () => new Pipeline([new StandardScaler(), new KerasClassifier<MlpParams>({ build: buildMlp, params: { hidden: [8], learningRate: 0.01 }, epochs: 15, batchSize: 32, seed: 1, fitOptions: { classWeight: 'balanced' } })]);

  it('threshold scores use the tuned threshold; ranking scores match the untuned pipeline', async () => {
    const before = settledBytesInUse();
    const scoring = ['balancedAccuracy', 'f1', 'matthewsCorrcoef', 'prAuc', 'rocAuc', 'brierScore'] as const;
    const thresholds: number[] = [];
    const tuned = await crossValidate(new TunedThresholdClassifier(pipe(), { metric: 'f1', cv: 3, seed: 1 }), x, y, {
      cv: 3, seed: 2, scoring,
      onFold: (e) => { if (e.phase === 'end') thresholds.push((e.estimator as TunedThresholdClassifier).threshold!); },
    });
    const plain = await crossValidate(pipe(), x, y, { cv: 3, seed: 2, scoring });
    console.log('crossValidate (600 rows, 10% positive): thresholds', thresholds.map((t) => t.toFixed(3)).join(' '),
      '\n  tuned f1', tuned.mean.f1.toFixed(4), 'balancedAccuracy', tuned.mean.balancedAccuracy.toFixed(4),
      '\n  at 0.5 f1', plain.mean.f1.toFixed(4), 'balancedAccuracy', plain.mean.balancedAccuracy.toFixed(4));
    expect(thresholds).toHaveLength(3);
    expect(thresholds.every((t) => t !== 0.5)).toBe(true);
    // Same refitted pipeline on the same folds: the probabilities agree, so ranking scores do.
    expect(tuned.testScores.rocAuc).toEqual(plain.testScores.rocAuc);
    expect(tuned.testScores.prAuc).toEqual(plain.testScores.prAuc);
    expect(tuned.mean.f1).not.toBe(plain.mean.f1);
    expect(tuned.mean.f1).toBeGreaterThan(plain.mean.f1);
    expect(memoryStats().bytesInUse).toBe(before);
  });

  it('CalibratedClassifier cross-validates and scores brierScore', async () => {
    const r = await crossValidate(new CalibratedClassifier(pipe(), { cv: 3, seed: 1 }), x, y, { cv: 3, seed: 2, scoring: ['brierScore', 'logLoss'] });
    const plain = await crossValidate(pipe(), x, y, { cv: 3, seed: 2, scoring: ['brierScore', 'logLoss'] });
    console.log(`held-out Brier: balanced pipeline ${plain.mean.brierScore.toFixed(4)}, calibrated ${r.mean.brierScore.toFixed(4)}`);
    // Class weights inflate the positive probabilities; calibration undoes it.
    expect(r.mean.brierScore).toBeLessThan(plain.mean.brierScore);
  });
});
