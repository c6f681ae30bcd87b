// One model's products split over worker threads (Node worker_threads in this process): the
// same bits for 1, 2 and 'auto' threads, the split really happening, and the option's bad input.
import { afterAll, describe, expect, it } from 'vitest';
import { init, threads, memoryStats } from '../../src/index.js';
import { runtime } from '../../src/runtime/wasm.js';
import { checkThreadsOption, hostEnv, resolveThreads } from '../../src/runtime/threads.js';
import { expectWasmlpError } from '../helpers/expect-error.js';
import { bits, trainSplitModel } from './threads-model.js';

describe('threads', () => {
  afterAll(async () => {
    await init({ threads: 'auto' });
  });

  it('gives bit-identical weights and predictions on 1, 2 and auto threads, and splits on 2', async () => {
    await init({ threads: 2 });
    const info = threads();
    expect(info).toMatchObject({ threads: 2, requested: 2, workers: 1, shared: true });
    expect(memoryStats()).toMatchObject({ threads: 2 });
    const pool = runtime().pool!;

    const before = pool.jobs;
    const two = await trainSplitModel();
    // Each of the 2 epochs x 5 full batches splits its 512x260 forward, weight and input gradients and its update.
    expect(pool.jobs - before).toBeGreaterThanOrEqual(2 * 5 * 4);

    await init({ threads: 1 });
    expect(threads().threads).toBe(1);
    const still = pool.jobs;
    const one = await trainSplitModel();
    expect(pool.jobs).toBe(still);

    await init({ threads: 'auto' });
    expect(threads().requested).toBe('auto');
    const auto = await trainSplitModel();

    expect(bits(two.weights)).toEqual(bits(one.weights));
    expect(bits(two.outputs)).toEqual(bits(one.outputs));
    expect(bits(auto.weights)).toEqual(bits(one.weights));
    expect(bits(auto.outputs)).toEqual(bits(one.outputs));
    // The weights moved: the comparison is not between two untrained models.
    expect(one.weights.some((v) => !Number.isFinite(v))).toBe(false);
  });

  it('keeps small products on the calling thread', async () => {
    await init({ threads: 2 });
    const { Dense, Sequential } = await import('../../src/index.js');
    const pool = runtime().pool!;
    const model = new Sequential([new Dense({ units: 8, activation: 'tanh', inputDim: 4 }), new Dense({ units: 1, activation: 'sigmoid' })], { seed: 1 });
    model.compile({ loss: 'binaryCrossentropy', optimizer: 'sgd' });
    const before = pool.jobs;
    await model.fit([[0, 1, 2, 3], [1, 2, 3, 4]], [0, 1], { epochs: 5 });
    expect(pool.jobs).toBe(before);
    model.dispose();
    // The recipe's 64-64 network at batch 64: splitting its 64x64x64 products made each step 1.4x slower.
    const recipe = new Sequential([new Dense({ units: 64, activation: 'relu', inputDim: 4 }), new Dense({ units: 64, activation: 'relu' }), new Dense({ units: 1, activation: 'sigmoid' })], { seed: 1 });
    recipe.compile({ loss: 'binaryCrossentropy', optimizer: 'adam' });
    const x = Array.from({ length: 128 }, (_, i) => [i % 3, i % 5, i % 7, i % 11]);
    await recipe.fit(x, x.map((r) => (r[0] > 0 ? 1 : 0)), { epochs: 2, batchSize: 64 });
    recipe.predict(x);
    expect(pool.jobs).toBe(before);
    recipe.dispose();
  });

  it.each([0, -1, 1.5, 10000, NaN, '2', 'many', null])('refuses threads: %s with a coded error', async (value) => {
    await expectWasmlpError(() => init({ threads: value as never }), 'BAD_OPTION', [/'threads' must be 'auto' or an integer from 1 to 64/], { option: 'threads' });
    expect(() => checkThreadsOption(value)).toThrow(/threads/);
  });

  it('refuses an unknown init key, naming the valid ones', async () => {
    await expectWasmlpError(() => init({ thread: 2 } as never), 'BAD_OPTION', [/Did you mean 'threads'/], { option: 'thread' });
  });

  it('runs one thread, saying why, where shared memory is missing', () => {
    const g = globalThis as { SharedArrayBuffer?: unknown };
    const saved = g.SharedArrayBuffer;
    try {
      delete g.SharedArrayBuffer;
      const env = hostEnv();
      expect(env.blocker).toMatch(/SharedArrayBuffer/);
      expect(resolveThreads('auto', env)).toBe(1);
      expect(resolveThreads(8, env)).toBe(1);
    } finally {
      g.SharedArrayBuffer = saved;
    }
    expect(resolveThreads(3, hostEnv())).toBe(3);
  });
});
