import { describe, expect, it } from 'vitest';
import { crossValidate } from '../../src/data-tools.js';
import { TabularClassifier, makeBlobs, makeMoons } from '../../src/index.js';
import { closeSharedPools } from '../../src/model-selection/parallel.js';
import { expectWasmlpError } from '../helpers/expect-error.js';

/**
 * TabularClassifier({ workers }): the selection's fits and the members train on worker threads
 * (the compiled dist/ fold worker: `npm run build` first) and come back as the same networks,
 * bit for bit, as on one thread.
 */
const FAST = { steps: 60, hiddenCandidates: [[8, 8], [8], []], ensemble: 3 };

/** Everything a fit produces except the `workers` setting itself. */
async function fitted(options: ConstructorParameters<typeof TabularClassifier>[0], x: { data: Float32Array; rows: number; cols: number }, y: Int32Array) {
  const c = await new TabularClassifier(options).fit(x, y);
  const { config: { workers: _w, ...config }, ...json } = c.toJSON();
  const out = {
    json: { ...json, config }, proba: Array.from(c.predictProba(x).data),
    histories: c.histories.map((h) => ({ epoch: h.epoch, history: h.history, params: h.params })),
  };
  c.dispose();
  return out;
}

describe('TabularClassifier on worker threads', () => {
  const moons = makeMoons({ nSamples: 150, noise: 0.25, seed: 4 });
  const blobs = makeBlobs({ nSamples: 120, centers: 3, nFeatures: 5, seed: 6 });

  it('trains the same networks as one thread: selection scores, members, probabilities, histories (2 and 3 classes)', async () => {
    for (const [x, y] of [[moons.x, moons.y], [blobs.x, blobs.y]] as const) {
      const one = await fitted({ ...FAST, seed: 7 }, x, y);
      const two = await fitted({ ...FAST, seed: 7, workers: 2 }, x, y);
      expect(two.json.selection!.accuracy).toEqual(one.json.selection!.accuracy);
      expect(two.json.selection!.accuracy.every((a) => a > 0)).toBe(true);
      expect(two).toEqual(one);
      expect(two.histories[0].history.loss.length).toBeGreaterThan(0);
    }
  });

  it('the same with best-epoch selection on an inner split, a given architecture and workers: auto', async () => {
    const options = { hidden: [8], ensemble: 3, steps: 60, validationFraction: 0.2, seed: 2 };
    const one = await fitted(options, moons.x, moons.y);
    expect(await fitted({ ...options, workers: 'auto' }, moons.x, moons.y)).toEqual(one);
    expect(await fitted({ ...options, workers: 3 }, moons.x, moons.y)).toEqual(one);
    expect(one.histories[0].history.val_loss.length).toBeGreaterThan(0);
  });

  it("with workers in crossValidate's worker threads too, the scores and predictions are the one-thread ones", async () => {
    const clf = new TabularClassifier({ ...FAST, ensemble: 2, seed: 3, workers: 2 });
    const options = { cv: 3, seed: 1, scoring: ['accuracy', 'logLoss'], returnPredictions: true } as const;
    const sequential = await crossValidate(new TabularClassifier({ ...FAST, ensemble: 2, seed: 3 }), moons.x, moons.y, options);
    const nested = await crossValidate(clf, moons.x, moons.y, { ...options, workers: 2 });
    const inMain = await crossValidate(clf, moons.x, moons.y, options);
    expect(nested.testScores).toEqual(sequential.testScores);
    expect(inMain.testScores).toEqual(sequential.testScores);
    expect(nested.predictions!.data).toEqual(sequential.predictions!.data);
  });

  it('a network that fails in a worker fails the fit with its own code and message, as on one thread', async () => {
    // Unscaled inputs of 1e30 and a learning rate of 9: the first epoch's loss is NaN.
    const x = { data: Float32Array.from({ length: 60 * 2 }, (_, i) => ((i % 7) - 3) * 1e30), rows: 60, cols: 2 };
    const y = Int32Array.from({ length: 60 }, (_, i) => i % 2);
    const options = { hidden: [8], ensemble: 2, steps: 40, scaling: 'none' as const, learningRate: 9, seed: 1 };
    const one = await expectWasmlpError(() => new TabularClassifier(options).fit(x, y), 'TRAINING_DIVERGED');
    const two = await expectWasmlpError(() => new TabularClassifier({ ...options, workers: 2 }).fit(x, y), 'TRAINING_DIVERGED');
    expect(two.message).toBe(one.message);
    // The second came back from a worker thread: the pool re-raised it.
    expect(two.stack).toMatch(/parallel\.(ts|js)/);
    expect(one.stack).not.toMatch(/parallel\.(ts|js)/);
    // The pool that failed was closed; the next fit gets a working one.
    const ok = await fitted({ ...FAST, seed: 7, workers: 2 }, moons.x, moons.y);
    expect(ok).toEqual(await fitted({ ...FAST, seed: 7 }, moons.x, moons.y));
  });

  it('where there are no worker threads (a browser), workers > 1 is refused with NOT_PARALLEL; auto trains on this thread', async () => {
    await closeSharedPools(); // a pool from the tests above would still serve
    const proc = process as { getBuiltinModule?: unknown };
    const saved = proc.getBuiltinModule;
    proc.getBuiltinModule = undefined;
    try {
      await expectWasmlpError(() => new TabularClassifier({ ...FAST, workers: 2 }).fit(moons.x, moons.y), 'NOT_PARALLEL', [/Use workers: 1/], { option: 'workers' });
      const auto = await fitted({ ...FAST, seed: 7, workers: 'auto' }, moons.x, moons.y);
      proc.getBuiltinModule = saved;
      expect(auto).toEqual(await fitted({ ...FAST, seed: 7 }, moons.x, moons.y));
    } finally {
      proc.getBuiltinModule = saved;
    }
  });

  it('refuses a workers option that is not a count or auto, naming the option', async () => {
    for (const workers of [0, 1.5, -2, 'many', null]) {
      await expectWasmlpError(() => new TabularClassifier({ workers: workers as never }), 'BAD_OPTION', [/'workers' must be an integer in \[1, 256\] or 'auto'/], { option: 'workers' });
    }
  });
});
