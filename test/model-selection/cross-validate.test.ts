import { describe, expect, it } from 'vitest';
import {
  GridSearchCV, KFold, KerasClassifier, Pipeline, StandardScaler, StratifiedKFold, crossValScore, crossValidate, expandGrid,
  loadCsv, makeMoons, memoryStats,
} from '../../src/index.js';
import { buildMlp, type MlpParams } from './builders.js';
import { dataPath } from '../helpers/data-dir.js';
import { expectWasmlpError } from '../helpers/expect-error.js';
import { settledBytesInUse } from '../helpers/settled-memory.js';

const moons = makeMoons({ nSamples: 120, noise: 0.15, seed: 4 });
const clf = (epochs = 30) => new KerasClassifier<MlpParams>({ build: buildMlp, params: { hidden: [12] }, epochs, batchSize: 16, seed: 1 });

describe('crossValidate / crossValScore', () => {
  it('scores every fold with a fresh model, disposes each, and reports mean, std and times', async () => {
    const before = settledBytesInUse();
    const built: unknown[] = [];
    const est = new KerasClassifier<MlpParams>({ build: (p) => { const m = buildMlp(p); built.push(m); return m; }, epochs: 20, batchSize: 16 });
    const r = await crossValidate(est, moons.x, moons.y, { cv: 4, seed: 3, scoring: ['accuracy', 'rocAuc', 'logLoss'], returnTrainScore: true, returnPredictions: true });
    expect(built).toHaveLength(4);
    expect(new Set(built).size).toBe(4);
    expect(built.every((m) => (m as { isDisposed: boolean }).isDisposed)).toBe(true);
    expect(memoryStats().bytesInUse).toBe(before);
    expect(r.testScores.accuracy).toHaveLength(4);
    expect(r.trainScores!.rocAuc).toHaveLength(4);
    const acc = r.testScores.accuracy;
    const mean = acc.reduce((a, b) => a + b) / 4;
    expect(r.mean.accuracy).toBeCloseTo(mean, 12);
    expect(r.std.accuracy).toBeCloseTo(Math.sqrt(acc.reduce((a, b) => a + (b - mean) ** 2, 0) / 4), 12);
    expect(r.fitTimes.every((t) => t > 0)).toBe(true);
    expect(r.histories).toHaveLength(4);
    expect(r.histories[0].loss).toHaveLength(20);
    // Out-of-fold predictions cover every row once, in the original order.
    expect(r.predictions!.rows).toBe(120);
    let correct = 0;
    for (let i = 0; i < 120; i++) if ((r.predictions!.data[2 * i + 1] > 0.5 ? 1 : 0) === moons.y[i]) correct++;
    const foldWeighted = r.folds.reduce((a, f, k) => a + acc[k] * f.test.length, 0);
    expect(correct).toBe(Math.round(foldWeighted));
  });

  it('is repeatable for a seed, uses stratified folds for a number and accepts any splitter', async () => {
    const a = await crossValScore(clf(), moons.x, moons.y, { cv: 3, seed: 9 });
    const b = await crossValScore(clf(), moons.x, moons.y, { cv: 3, seed: 9 });
    expect(a.scores).toEqual(b.scores);
    expect(a.scoring).toBe('accuracy');
    const explicit = await crossValScore(clf(), moons.x, moons.y, { cv: new StratifiedKFold({ nSplits: 3, shuffle: true, seed: 9 }) });
    expect(explicit.scores).toEqual(a.scores);
    const plain = await crossValScore(clf(), moons.x, moons.y, { cv: new KFold({ nSplits: 3 }), scoring: 'f1' });
    expect(plain.scores).toHaveLength(3);
    expect(plain.scoring).toBe('f1');
  });

  it('fits the pipeline scaler inside each fold on its training rows only (no leakage from the test rows)', async () => {
    const foldMeans: number[][] = [];
    const pipe = new Pipeline([new StandardScaler(), clf(5)]);
    const r = await crossValidate(pipe, moons.x, moons.y, {
      cv: new KFold({ nSplits: 3 }),
      onFold: ({ phase, estimator }) => {
        if (phase === 'end') foldMeans.push(((estimator as Pipeline).transformers[0].step.toJSON().state as { mean: number[] }).mean);
      },
    });
    expect(r.testScores.accuracy).toHaveLength(3);
    expect(pipe.isFitted).toBe(false); // the template itself is never fitted
    r.folds.forEach((f, k) => {
      for (let c = 0; c < 2; c++) {
        const trainMean = Array.from(f.train, (i) => moons.x.data[2 * i + c]).reduce((a, b) => a + b) / f.train.length;
        expect(foldMeans[k][c]).toBeCloseTo(trainMean, 5);
      }
    });
    expect(foldMeans[0][0]).not.toBeCloseTo(foldMeans[1][0], 3);
  });

  it('names wrong arguments', async () => {
    await expectWasmlpError(() => crossValidate({} as never, moons.x, moons.y), 'BAD_OPTION', ['needs an estimator']);
    // @ts-expect-error a name wasmlp does not have: a compile error in TypeScript, a coded error in JavaScript
    await expectWasmlpError(() => crossValidate(clf(), moons.x, moons.y, { scoring: 'auroc' }), 'UNKNOWN_SCORING', ['Valid scoring names: accuracy, balancedAccuracy']);
    await expectWasmlpError(() => crossValidate(clf(), moons.x, moons.y.slice(1)), 'SHAPE_MISMATCH', ['one label per row of x (120)']);
    await expectWasmlpError(() => crossValidate(clf(), moons.x, moons.y, { cv: new KFold({ nSplits: 3 }), seed: 1 }), 'BAD_OPTION', ['seed applies only when cv is a number']);
    await expectWasmlpError(() => crossValScore(clf(), moons.x, moons.y, { scoring: ['f1', 'accuracy'] as never }), 'BAD_OPTION', ['one scoring name']);
    await expectWasmlpError(() => crossValidate(clf(), moons.x, moons.y, { cv: 200 }), 'BAD_OPTION', ['nSplits=200 greater than the number of samples']);
    // Class-sorted rows cut into contiguous folds: each training part misses a class.
    const sorted = Array.from({ length: 30 }, (_, i) => [i % 10, Math.floor(i / 10)]);
    await expectWasmlpError(() => crossValidate(clf(1), sorted, sorted.map((r) => r[1]), { cv: new KFold({ nSplits: 3 }) }), 'MISSING_CLASS', ['a class is missing from that fold', 'Use a stratified cv']);
  });
});

describe('GridSearchCV', () => {
  it('expands grids as scikit-learn ParameterGrid (sorted keys, last fastest)', () => {
    expect(expandGrid({ lr: [1, 2], hidden: [[60], [30]] })).toEqual([
      { hidden: [60], lr: 1 }, { hidden: [60], lr: 2 }, { hidden: [30], lr: 1 }, { hidden: [30], lr: 2 },
    ]);
    expect(expandGrid([{ a: [1] }, { b: [2, 3] }])).toEqual([{ a: 1 }, { b: 2 }, { b: 3 }]);
  });

  it('searches builder and fit parameters, ranks them, refits the best and prints a table', async () => {
    const before = settledBytesInUse();
    const pipe = new Pipeline([new StandardScaler(), clf()]);
    const gs = new GridSearchCV(pipe, { hidden: [[1], [16, 16]], epochs: [2, 60] }, { cv: 3, seed: 1, scoring: ['accuracy', 'logLoss'] });
    await gs.fit(moons.x, moons.y);
    expect(gs.results).toHaveLength(4);
    expect(gs.bestParams).toEqual({ epochs: 60, hidden: [16, 16] });
    expect(gs.bestScore).toBe(Math.max(...gs.results.map((r) => r.mean.accuracy)));
    expect(gs.results.filter((r) => r.rank === 1).length).toBeGreaterThanOrEqual(1);
    expect(gs.score(moons.x, moons.y)).toBeGreaterThan(0.9);
    const table = gs.resultsTable();
    expect(table.split('\n')[0]).toMatch(/^rank\s+params\s+accuracy mean \(std\)\s+logLoss mean \(std\)\s+fit s$/);
    expect(table.split('\n')[2]).toMatch(/^1\s+epochs=60 hidden=\[16,16\]/);
    gs.dispose();
    expect(memoryStats().bytesInUse).toBe(before);
  });

  it('picks the lowest logLoss when refit names it, and errors on bad grids', async () => {
    const gs = new GridSearchCV(clf(), { epochs: [1, 40] }, { cv: 3, seed: 2, scoring: ['accuracy', 'logLoss'], refit: 'logLoss' });
    await gs.fit(moons.x, moons.y);
    expect(gs.bestParams).toEqual({ epochs: 40 });
    expect(gs.bestScore).toBe(Math.min(...gs.results.map((r) => r.mean.logLoss)));
    gs.dispose();
    await expectWasmlpError(() => new GridSearchCV(clf(), { epochs: 5 } as never), 'BAD_OPTION', ["'epochs' must be a non-empty array", 'epochs: [value]']);
    await expectWasmlpError(() => new GridSearchCV(clf(), { epochs: [1] }, { scoring: 'accuracy', refit: 'f1' }), 'BAD_OPTION', ["refit 'f1' is not among"]);
    await expectWasmlpError(() => new GridSearchCV(clf(), { epochs: [1] }).bestParams, 'NOT_FITTED', ['call fit(x, y)']);
  });
});

describe('the tutorial workflow on Sonar', () => {
  it('standardized pipeline under stratified 10-fold CV reaches >= 0.82 mean accuracy', async () => {
    const ds = await loadCsv(dataPath('sonar.csv'));
    const pipe = new Pipeline([new StandardScaler(), new KerasClassifier<MlpParams>({ build: buildMlp, params: { hidden: [60], learningRate: 0.001 }, epochs: 100, batchSize: 5, seed: 7 })]);
    const t0 = performance.now();
    const r = await crossValScore(pipe, ds.x, ds.y, { cv: 10, seed: 7 });
    console.log(`Sonar standardized 10-fold: ${(100 * r.mean).toFixed(2)}% (${(100 * r.std).toFixed(2)}%) in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
    expect(r.mean).toBeGreaterThanOrEqual(0.82);
  });
});
