import { describe, expect, it } from 'vitest';
import { tableFromObjects } from '../../src/data/table-objects.js';
import { selectTableRows, type NumberColumn, type StringColumn } from '../../src/data/table.js';
import { TableTransformer } from '../../src/preprocessing/table-transformer.js';
import { KerasClassifier } from '../../src/model-selection/classifier.js';
import { Pipeline } from '../../src/model-selection/pipeline.js';
import { crossValidate } from '../../src/model-selection/cross-validate.js';
import { GridSearchCV } from '../../src/model-selection/grid-search.js';
import { trainTestSplit } from '../../src/model-selection/train-test-split.js';
import { setWarningHandler } from '../../src/warnings.js';
import { buildMlp, type MlpParams } from './builders.js';
import { expectWasmlpError } from '../helpers/expect-error.js';

/**
 * Every statistic of the table preprocessing must come from the fold's training rows. Each row
 * carries a value that would visibly move a statistic (x = i^3, far apart) and a category of
 * its own (tag_i): after each fold, the fitted median, scaler mean and category list must be
 * exactly those of the training rows, and no test row's tag may appear among the categories.
 */
const n = 60;
const rows = Array.from({ length: n }, (_, i) => ({
  x: i % 7 === 3 ? null : i ** 3,
  tag: `tag_${i}`,
  color: ['red', 'green', 'blue'][i % 3],
}));
const y = Int32Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 0 : 1));
const x = tableFromObjects(rows);
const classifier = () => new KerasClassifier<MlpParams>({ build: buildMlp, params: { hidden: [4] }, epochs: 2, batchSize: 16, seed: 1 });
const median = (v: number[]) => { const s = [...v].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

interface Fitted {
  encoder: { state: { parts: { columns: { name: string }[]; steps: { className: string; state: any }[] }[] } };
}

describe('table preprocessing inside cross-validation', () => {
  it('no held-out value reaches the fitted statistics (median, scaler mean, categories)', async () => {
    setWarningHandler(() => {}); // every fold meets unseen tags: that is the point
    const states: Fitted[] = [];
    const pipe = new Pipeline([new TableTransformer({ categorical: ['tag'] }), classifier()]);
    const r = await crossValidate(pipe, x, y, {
      cv: 5, seed: 3,
      onFold: ({ phase, fold, estimator }) => {
        if (phase === 'end') states[fold] = ((estimator as Pipeline).transformers[0].step.toJSON().state as unknown as Fitted);
      },
    });
    setWarningHandler(null);
    expect(states.length).toBe(5);
    r.folds.forEach(({ train, test }, k) => {
      const trainX = Array.from(train, (i) => rows[i].x).filter((v): v is number => v !== null);
      const [numbers, categories] = states[k].encoder.state.parts;
      expect(numbers.columns.map((c) => c.name)).toEqual(['x']);
      const [imputer, scaler] = numbers.steps;
      expect(imputer.state.fill[0]).toBe(median(trainX));
      // the scaler saw the imputed training column: its mean is the mean of (train values + fills)
      const filled = Array.from(train, (i) => rows[i].x ?? median(trainX));
      expect(scaler.state.mean[0]).toBeCloseTo(filled.reduce((a, b) => a + b, 0) / filled.length, -1);
      expect(Math.abs(scaler.state.mean[0] - filled.reduce((a, b) => a + b, 0) / filled.length) / scaler.state.mean[0]).toBeLessThan(1e-6);
      const tagLevels = categories.steps[0].state.table.levels[categories.steps[0].state.table.columns.findIndex((c: { name: string }) => c.name === 'tag')];
      expect(tagLevels.categories).toEqual(Array.from(train, (i) => rows[i].tag).sort());
      for (const i of test) expect(tagLevels.categories).not.toContain(rows[i].tag);
    });
  });

  it('worker threads fit the table preprocessing per fold too: same scores as one thread', async () => {
    setWarningHandler(() => {});
    const fixture = new URL('./fixtures/parallel-builders.mjs', import.meta.url).href;
    const make = () => new Pipeline([new TableTransformer({ categorical: ['tag'] }), new KerasClassifier<MlpParams>({ build: buildMlp, buildModule: fixture, params: { hidden: [4] }, epochs: 2, batchSize: 16, seed: 1 })]);
    const one = await crossValidate(make(), x, y, { cv: 4, seed: 3 });
    const two = await crossValidate(make(), x, y, { cv: 4, seed: 3, workers: 2 });
    setWarningHandler(null);
    expect(two.testScores).toEqual(one.testScores);
  });

  it('trainTestSplit and GridSearchCV take a Table; KerasClassifier alone refuses one', async () => {
    const split = trainTestSplit(x, y, { testSize: 0.25, seed: 1 });
    expect(split.xTrain.format).toBe('table');
    expect(split.xTrain.rows + split.xTest.rows).toBe(n);
    expect((split.xTest.columns[1] as StringColumn).values).toEqual(Array.from(split.testIndex, (i) => rows[i].tag));
    expect(Array.from((selectTableRows(x, [2]).columns[0] as NumberColumn).values)).toEqual([8]);
    setWarningHandler(() => {});
    const gs = new GridSearchCV(new Pipeline([new TableTransformer(), classifier()]), { hidden: [[2], [3]] }, { cv: 3, seed: 2 });
    await gs.fit(x, y);
    setWarningHandler(null);
    expect(gs.results.length).toBe(2);
    expect(gs.predict(rows.slice(0, 5)).length).toBe(5);
    gs.dispose?.();
    await expectWasmlpError(() => classifier().fit(x, y), 'TABLE_NEEDS_ENCODING', ['new Pipeline([new TableTransformer(), classifier])'], { option: 'x' });
  });
});
