import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { GridSearchCV, KerasClassifier, Pipeline, StandardScaler, crossValidate, loadCsv, makeBlobs } from '../../src/index.js';
import { buildMlp, type MlpParams } from './builders.js';
import { dataPath } from '../helpers/data-dir.js';
import { isDeviceMatrix } from '../../src/data/csv-fast.js';
import { runtime } from '../../src/runtime/wasm.js';
import { expectWasmlpError } from '../helpers/expect-error.js';
import { acquirePool } from '../../src/model-selection/parallel.js';
import { estimatorSpec } from '../../src/model-selection/spec.js';

/**
 * crossValidate / GridSearchCV with workers: folds on worker_threads give the sequential results
 * exactly. The main thread uses buildMlp from builders.ts; the workers import the identical
 * buildMlp from fixtures/parallel-builders.mjs (functions cannot cross threads).
 */
const fixture = new URL('./fixtures/parallel-builders.mjs', import.meta.url).href;
const pipe = (params: MlpParams = { hidden: [16] }) => new Pipeline([new StandardScaler(), new KerasClassifier<MlpParams>({
  build: buildMlp, buildModule: fixture, params, epochs: 40, batchSize: 8, seed: 3, fitOptions: { validationSplit: 0.1 },
})]);

describe('parallel model selection (workers)', () => {
  it('crossValidate on 2 worker threads equals the sequential run: scores, predictions, histories', async () => {
    const sonar = await loadCsv(dataPath('sonar.csv'));
    const options = { cv: 6, seed: 5, scoring: ['accuracy', 'rocAuc', 'logLoss'], returnPredictions: true, returnTrainScore: true } as const;
    const t0 = performance.now();
    const sequential = await crossValidate(pipe(), sonar.x, sonar.y, options);
    const t1 = performance.now();
    const events: string[] = [];
    const parallel = await crossValidate(pipe(), sonar.x, sonar.y, { ...options, workers: 2, onFold: ({ phase, fold }) => { events.push(`${phase}${fold}`); } });
    const t2 = performance.now();
    console.log(`sonar 6-fold: sequential ${((t1 - t0) / 1000).toFixed(2)} s, 2 workers ${((t2 - t1) / 1000).toFixed(2)} s (includes starting the threads)`);
    expect(parallel.testScores).toEqual(sequential.testScores);
    expect(parallel.trainScores).toEqual(sequential.trainScores);
    expect(parallel.predictions!.data).toEqual(sequential.predictions!.data);
    expect(parallel.histories).toEqual(sequential.histories);
    expect(parallel.histories[0].val_loss).toHaveLength(40); // plain-data fit options cross threads
    expect(parallel.mean).toEqual(sequential.mean);
    expect(events.filter((e) => e.startsWith('end'))).toHaveLength(6);
    expect(events.indexOf('start0')).toBeLessThan(events.indexOf('end0'));
  });

  it('crossValidate with workers takes a numeric CSV that loadCsv wrote into WebAssembly memory', async () => {
    // An all-numeric file takes loadCsv's fast path: x is a view into the core's memory with
    // methods, which structured clone refuses (the run failed with DataCloneError, then hung).
    const banknote = await loadCsv(dataPath('banknote_authentication.csv'));
    expect(isDeviceMatrix(banknote.x, runtime())).toBe(true);
    const small = () => new Pipeline([new StandardScaler(), new KerasClassifier<MlpParams>({ build: buildMlp, buildModule: fixture, params: { hidden: [4] }, epochs: 3, batchSize: 64, seed: 3 })]);
    const options = { cv: 3, seed: 2, scoring: ['accuracy', 'logLoss'], returnPredictions: true } as const;
    const sequential = await crossValidate(small(), banknote.x, banknote.y, options);
    const parallel = await crossValidate(small(), banknote.x, banknote.y, { ...options, workers: 2 });
    expect(parallel.testScores).toEqual(sequential.testScores);
    expect(parallel.predictions!.data).toEqual(sequential.predictions!.data);
    expect(banknote.x.data.length).toBe(1372 * 4); // the caller's matrix is still its own
  });

  it('a later call with the same x object but other labels or values in place is scored on what it was given', async () => {
    // The shared pool keeps the data it sent; a new call must not reuse it (only a search's own
    // candidates share it).
    const blobs = makeBlobs({ nSamples: 90, centers: 2, nFeatures: 4, seed: 8 });
    const small = () => new Pipeline([new StandardScaler(), new KerasClassifier<MlpParams>({ build: buildMlp, buildModule: fixture, params: { hidden: [4] }, epochs: 5, batchSize: 16, seed: 3 })]);
    const options = { cv: 3, seed: 2, scoring: ['accuracy', 'logLoss'], returnPredictions: true } as const;
    const x = blobs.x;
    await crossValidate(small(), x, blobs.y, { ...options, workers: 2 });
    const flipped = Int32Array.from(blobs.y, (v, i) => (i % 3 === 0 ? 1 - v : v));
    const seqY = await crossValidate(small(), x, flipped, options);
    const parY = await crossValidate(small(), x, flipped, { ...options, workers: 2 });
    expect(parY.predictions!.data).toEqual(seqY.predictions!.data);
    expect(parY.testScores).toEqual(seqY.testScores);
    for (let i = 0; i < x.data.length; i++) x.data[i] = -x.data[i] * 2 + 1; // the same object, new values
    const seqX = await crossValidate(small(), x, blobs.y, options);
    const parX = await crossValidate(small(), x, blobs.y, { ...options, workers: 2 });
    expect(parX.predictions!.data).toEqual(seqX.predictions!.data);
  });

  it('GridSearchCV with 2 workers ranks the same as sequentially', async () => {
    const blobs = makeBlobs({ nSamples: 90, centers: 3, seed: 4 });
    const grid = { hidden: [[2], [12]], learningRate: [0.001, 0.05] };
    // Worker mode reports each fold with the candidate's template; the sequential run with a fresh clone per fold.
    // Counting distinct estimators proves the second search really ran on threads (not 'auto' = 1 on a 1-CPU box).
    const seenA = new Set<unknown>(), seenB = new Set<unknown>();
    const a = new GridSearchCV(pipe(), grid, { cv: 3, seed: 1, refit: false, onFold: (e) => { if (e.phase === 'end') seenA.add(e.estimator); } });
    const b = new GridSearchCV(pipe(), grid, { cv: 3, seed: 1, refit: false, workers: 2, onFold: (e) => { if (e.phase === 'end') seenB.add(e.estimator); } });
    await a.fit(blobs.x, blobs.y);
    await b.fit(blobs.x, blobs.y);
    expect(seenA.size).toBe(4 * 3);
    expect(seenB.size).toBe(4);
    expect(b.results.map((r) => [r.params, r.testScores, r.rank])).toEqual(a.results.map((r) => [r.params, r.testScores, r.rank]));
    expect(b.bestParams).toEqual(a.bestParams);
  });

  it('says what is needed when an estimator cannot run in a worker, and reports worker errors', async () => {
    const blobs = makeBlobs({ nSamples: 30, centers: 2, seed: 1 });
    const noModule = new KerasClassifier<MlpParams>({ build: buildMlp, epochs: 1 });
    await expectWasmlpError(() => crossValidate(noModule, blobs.x, blobs.y, { cv: 3, workers: 2 }), 'NOT_PARALLEL', ['buildModule: import.meta.url', "export function createModel"]);
    const [unnamed] = [(p: MlpParams & { nFeatures: number; nClasses: number; seed: number }) => buildMlp(p)];
    const anonymous = new KerasClassifier({ build: unnamed, buildModule: fixture, epochs: 1 });
    await expectWasmlpError(() => crossValidate(anonymous, blobs.x, blobs.y, { cv: 3, workers: 2 }), 'NOT_PARALLEL', ['a builder named ""']);
    const missing = new KerasClassifier({ build: function notExported(p: MlpParams & { nFeatures: number; nClasses: number; seed: number }) { return buildMlp(p); }, buildModule: fixture, epochs: 1 });
    await expectWasmlpError(() => crossValidate(missing, blobs.x, blobs.y, { cv: 3, workers: 2 }), 'NOT_PARALLEL', ["no exported function 'notExported'"]);
    const throwing = new KerasClassifier({ build: function failing() { throw new Error('x'); }, buildModule: fixture, epochs: 1 });
    await expect(crossValidate(throwing, blobs.x, blobs.y, { cv: 3, workers: 2 })).rejects.toThrow('builder failed on purpose');
    await expectWasmlpError(() => crossValidate(noModule, blobs.x, blobs.y, { cv: 3, workers: 0 }), 'BAD_OPTION', ["workers must be an integer >= 1 or 'auto'"]);
  });

  it('a worker that dies surfaces as an error naming its fold, and nothing hangs', async () => {
    const blobs = makeBlobs({ nSamples: 30, centers: 2, seed: 1 });
    const dying = new KerasClassifier({ build: function dies() { return buildMlp({} as never); }, buildModule: fixture, epochs: 1 });
    const err = await expectWasmlpError(() => crossValidate(dying, blobs.x, blobs.y, { cv: 3, workers: 2 }), 'WORKER_DIED', [/The worker thread fitting fold [12] exited with code 3/, /workers: 1/]);
    expect(err.where.option).toBe('workers');
  });

  it("a run's jobName names its jobs in those messages (a recipe fit names its networks)", async () => {
    const blobs = makeBlobs({ nSamples: 30, centers: 2, seed: 1 });
    const dying = new KerasClassifier({ build: function dies() { return buildMlp({} as never); }, buildModule: fixture, epochs: 1 });
    const half = (from: number) => Int32Array.from({ length: 15 }, (_, i) => from + i);
    const lease = acquirePool(2);
    try {
      await expectWasmlpError(() => lease.pool.run({
        spec: estimatorSpec(dying), X: blobs.x, ids: Int32Array.from(blobs.y), nClasses: 2, scoring: ['accuracy'],
        folds: [{ train: half(0), test: half(15) }, { train: half(15), test: half(0) }],
        jobName: (k) => `network ${k + 1} of 2`, onStart: () => {}, onResult: () => {},
      }), 'WORKER_DIED', [/The worker thread fitting network [12] of 2 exited with code 3/]);
    } finally {
      await lease.release();
    }
  });

  it('keeps its threads for later calls without keeping the process alive', () => {
    const dist = fileURLToPath(new URL('../../dist/index.js', import.meta.url));
    const script = `
      const m = await import(${JSON.stringify(dist)});
      const builders = ${JSON.stringify(fixture)};
      const { buildMlp } = await import(builders);
      const data = m.makeBlobs({ nSamples: 60, centers: 2, seed: 1 });
      const est = () => new m.KerasClassifier({ build: buildMlp, buildModule: builders, epochs: 2 });
      const a = await m.crossValidate(est(), data.x, data.y, { cv: 3, seed: 1, workers: 2 });
      const b = await m.crossValidate(est(), data.x, data.y, { cv: 3, seed: 1, workers: 2 });
      console.log(JSON.stringify(a.testScores) === JSON.stringify(b.testScores) ? 'same' : 'different');
    `;
    // No closeSharedPools(): the idle threads are unref'd, so the process ends on its own.
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
    expect(run.error, 'the process did not end by itself').toBeUndefined();
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.trim()).toBe('same');
  });
});
