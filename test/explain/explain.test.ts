// permutationImportance and partialDependence: the informative columns rank first; the results
// agree with scikit-learn's inspection functions driving the same network (re-run in numpy);
// worker threads give the single-thread result; raw Table columns keep their names; bad input.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Dense, KerasClassifier, Pipeline, SeededRandom, Sequential, StandardScaler, type Matrix } from '../../src/index.js';
import { partialDependence, permutationImportance } from '../../src/explain/index.js';
import type { Table } from '../../src/data/table.js';
import { expectWasmlpError } from '../helpers/expect-error.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const NAMES = ['noise_a', 'signal_1', 'noise_b', 'noise_c', 'signal_2', 'noise_d'];

/** Six columns; the label depends on columns 1 and 4 only (plus a little label noise). */
function synthetic(rows: number, seed: number): { x: Matrix; y: Int32Array } {
  const rng = new SeededRandom(seed);
  const data = new Float32Array(rows * 6), y = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < 6; c++) data[r * 6 + c] = (rng.next() * 2 - 1) * (c + 1);
    const z = data[r * 6 + 1] / 2 + data[r * 6 + 4] / 5 + (rng.next() - 0.5) * 0.3;
    y[r] = z > 0 ? 1 : 0;
  }
  return { x: { data, rows, cols: 6 }, y };
}

function build({ nFeatures, seed }: { nFeatures: number; seed: number }): Sequential {
  const m = new Sequential([new Dense({ units: 12, activation: 'tanh', inputDim: nFeatures }), new Dense({ units: 1, activation: 'sigmoid' })], { seed });
  m.compile({ loss: 'binaryCrossentropy', optimizer: { type: 'adam', learningRate: 0.02 } });
  return m;
}

describe('permutationImportance and partialDependence on a synthetic table', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wasmlp-explain-'));
  const train = synthetic(600, 1), test = synthetic(300, 2);
  const pipe = new Pipeline([new StandardScaler(), new KerasClassifier({ build, epochs: 40, batchSize: 32, seed: 3 })]);
  pipe.metadata = { featureNames: NAMES };
  beforeAll(async () => { await pipe.fit(train.x, train.y); });
  afterAll(() => { pipe.dispose(); rmSync(dir, { recursive: true, force: true }); });

  it('ranks the two informative columns first, the noise columns near zero', async () => {
    const r = await permutationImportance(pipe, test.x, test.y, { nRepeats: 5, seed: 1 });
    expect(r.featureNames).toEqual(NAMES);
    const ranked = r.featureNames.map((n, j) => [n, r.importancesMean[j]] as const).sort((a, b) => b[1] - a[1]);
    console.log(`[importance] baseline accuracy ${r.baselineScore.toFixed(3)}; ${ranked.map(([n, v]) => `${n} ${v.toFixed(3)}`).join(', ')}`);
    expect(new Set(ranked.slice(0, 2).map(([n]) => n))).toEqual(new Set(['signal_1', 'signal_2']));
    expect(ranked[1][1]).toBeGreaterThan(0.05);
    for (const [, v] of ranked.slice(2)) expect(Math.abs(v)).toBeLessThan(0.03);
    expect(r.importances.every((rep) => rep.length === 5)).toBe(true);
  });

  it('agrees with scikit-learn (permutation_importance, partial_dependence) driving the same network', async () => {
    const nRepeats = 20;
    const clf = pipe.final.step as KerasClassifier;
    const scaler = (pipe.transformers[0].step.toJSON().state as { mean: number[]; scale: number[] });
    const weights = clf.model!.getWeights();
    const spec = {
      x: Array.from({ length: test.x.rows }, (_, r) => Array.from(test.x.data.subarray(r * 6, r * 6 + 6))),
      y: Array.from(test.y), classes: clf.classes, mean: scaler.mean, scale: scaler.scale, scoring: 'accuracy', nRepeats, pdFeature: 1, gridResolution: 15,
      layers: [0, 1].map((i) => ({ kernel: Array.from(weights[2 * i].values), shape: weights[2 * i].shape, bias: Array.from(weights[2 * i + 1].values), activation: ['tanh', 'sigmoid'][i] })),
    };
    const file = join(dir, 'spec.json');
    writeFileSync(file, JSON.stringify(spec));
    const sk = JSON.parse(execFileSync('/usr/bin/python3', [join(HERE, 'sklearn_inspection.py'), file], { encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' } }));
    // The numpy model is the same model: its probabilities match wasmlp's (float64 vs float32 arithmetic).
    const p = pipe.predictProba(test.x);
    let worst = 0;
    sk.proba.forEach((v: number, r: number) => { worst = Math.max(worst, Math.abs(v - p.data[2 * r + 1])); });
    expect(worst).toBeLessThan(1e-5);

    const ours = await permutationImportance(pipe, test.x, test.y, { nRepeats, seed: 0 });
    NAMES.forEach((name, j) => {
      // Different shuffles, same model and data: the means agree within the repeats' spread
      // (the standard error of the difference of two means of 20 repeats, with a floor for columns
      // whose shuffles change no decision at all).
      const se = Math.sqrt((ours.importancesStd[j] ** 2 + sk.std[j] ** 2) / nRepeats);
      console.log(`[importance vs sklearn] ${name}: wasmlp ${ours.importancesMean[j].toFixed(4)} ± ${ours.importancesStd[j].toFixed(4)}, sklearn ${sk.mean[j].toFixed(4)} ± ${sk.std[j].toFixed(4)}`);
      expect(Math.abs(ours.importancesMean[j] - sk.mean[j])).toBeLessThanOrEqual(3 * se + 2 / test.x.rows);
      expect(Math.abs(ours.importancesStd[j] - sk.std[j])).toBeLessThanOrEqual(Math.max(ours.importancesStd[j], sk.std[j]) + 2 / test.x.rows);
    });

    // Partial dependence is deterministic (no shuffles): the same grid and averages.
    const pd = partialDependence(pipe, test.x, 'signal_1', { gridResolution: 15 });
    expect(pd.features).toEqual(['signal_1']);
    expect(pd.outputs).toEqual([1]);
    (pd.grid[0] as number[]).forEach((g, i) => expect(g).toBeCloseTo(sk.pdGrid[i], 5));
    pd.average[0].forEach((a, i) => expect(Math.abs(a - sk.pdAverage[i])).toBeLessThan(2e-5));
    // The label rises with signal_1.
    expect(pd.average[0].at(-1)!).toBeGreaterThan(pd.average[0][0] + 0.5);
  });

  it('gives the same result on two worker threads as on one', async () => {
    const one = await permutationImportance(pipe, test.x, test.y, { nRepeats: 3, seed: 9, scoring: 'rocAuc' });
    const two = await permutationImportance(pipe, test.x, test.y, { nRepeats: 3, seed: 9, scoring: 'rocAuc', workers: 2 });
    expect(two).toEqual(one);
  });

  it('a two-column partial dependence covers the grid product, first column major', () => {
    const pd = partialDependence(pipe, test.x, ['signal_1', 4], { gridResolution: 4 });
    expect(pd.features).toEqual(['signal_1', 'signal_2']);
    expect(pd.average[0]).toHaveLength(16);
    // Rising along both columns.
    expect(pd.average[0][15]).toBeGreaterThan(pd.average[0][0]);
    expect(pd.average[0][3]).toBeGreaterThan(pd.average[0][0]);
  });
});

describe('explanations on a raw Table: the columns are judged by their own names', () => {
  // A model that reads a Table directly (as a pipeline with a table transformer does): the
  // category 'color' and the number 'size' carry the signal; 'id' does not.
  const rng = new SeededRandom(4);
  const rows = 400;
  const color = Array.from({ length: rows }, () => ['red', 'green', 'blue'][rng.int(3)]);
  const size = Float64Array.from({ length: rows }, () => rng.next() * 4 - 2);
  const id = Float64Array.from({ length: rows }, (_, i) => i);
  const x: Table = { format: 'table', rows, columns: [{ name: 'id', type: 'number', values: id }, { name: 'color', type: 'string', values: color }, { name: 'size', type: 'number', values: size }] };
  const model = {
    predictProba(t: Table): Matrix {
      const c = t.columns[1].values as (string | null)[], s = t.columns[2].values as Float64Array;
      const data = new Float32Array(t.rows * 2);
      for (let r = 0; r < t.rows; r++) {
        const p = 1 / (1 + Math.exp(-(3 * s[r] + (c[r] === 'red' ? 3 : -1))));
        data[2 * r] = 1 - p; data[2 * r + 1] = p;
      }
      return { data, rows: t.rows, cols: 2 };
    },
  };
  const y = Int32Array.from({ length: rows }, (_, r) => (3 * size[r] + (color[r] === 'red' ? 3 : -1) > 0 ? 1 : 0));

  it('permutes raw columns (strings too) and keeps their names', async () => {
    const r = await permutationImportance(model, x, y, { nRepeats: 4, seed: 2 });
    expect(r.featureNames).toEqual(['id', 'color', 'size']);
    expect(r.importancesMean[0]).toBe(0);
    expect(r.importancesMean[1]).toBeGreaterThan(0.05);
    expect(r.importancesMean[2]).toBeGreaterThan(r.importancesMean[1]);
  });

  it('partial dependence over a category uses the categories as the grid', () => {
    const pd = partialDependence(model, x, 'color');
    expect(pd.grid[0]).toEqual(['blue', 'green', 'red']);
    expect(pd.average[0][2]).toBeGreaterThan(pd.average[0][0] + 0.2);
    expect(pd.average[0][0]).toBeCloseTo(pd.average[0][1], 10);
  });
});

describe('explanations: bad input', () => {
  const { x, y } = synthetic(20, 5);
  const model = { predictProba: (m: Matrix) => ({ data: new Float32Array(m.rows * 2).fill(0.5), rows: m.rows, cols: 2 }) };

  it('an unknown scoring name is UNKNOWN_SCORING naming the option and the valid names', async () => {
    // @ts-expect-error a name wasmlp does not have: a compile error in TypeScript, a coded error in JavaScript
    await expectWasmlpError(() => permutationImportance(model, x, y, { scoring: 'r2' }), 'UNKNOWN_SCORING', ['"r2"', 'accuracy', 'rocAuc'], { option: 'scoring' });
  });

  it('other options, y and the model are checked', async () => {
    await expectWasmlpError(() => permutationImportance(model, x, y, { nRepeats: 0 }), 'BAD_OPTION', ['nRepeats'], { option: 'nRepeats' });
    await expectWasmlpError(() => permutationImportance(model, x, y, { workers: 0 }), 'BAD_OPTION', ['workers'], { option: 'workers' });
    await expectWasmlpError(() => permutationImportance(model, x, y, { repeats: 3 } as never), 'BAD_OPTION', ["Unknown permutationImportance option 'repeats'. Did you mean 'nRepeats'?"], { option: 'repeats' });
    await expectWasmlpError(() => permutationImportance(model, x, y.slice(1)), 'LENGTH_MISMATCH', ['(20)'], { option: 'y' });
    await expectWasmlpError(() => permutationImportance(model, x, y, { workers: 2 }), 'NOT_PARALLEL', ['workers: 1']);
    await expectWasmlpError(() => permutationImportance({} as never, x, y), 'BAD_OPTION', ['predictProba'], { option: 'model' });
    await expectWasmlpError(() => permutationImportance(model, x, y, { featureNames: ['a'] }), 'BAD_OPTION', ['6 strings'], { option: 'featureNames' });
    await expectWasmlpError(() => partialDependence(model, x, 'age'), 'UNKNOWN_COLUMN', ['x0, x1'], { option: 'features' });
    await expectWasmlpError(() => partialDependence(model, x, [0, 1, 2]), 'BAD_OPTION', ['one column or two']);
    await expectWasmlpError(() => partialDependence(model, x, 0, { gridResolution: 1 }), 'BAD_OPTION', ['gridResolution']);
  });
});
