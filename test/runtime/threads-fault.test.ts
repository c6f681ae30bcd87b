// A worker that dies while holding part of a product: its part is recomputed by the calling
// thread, the model gets the same bits as on one thread, and a WORKER_FAILED warning says so.
import { afterAll, describe, expect, it } from 'vitest';
import { init, setWarningHandler, threads } from '../../src/index.js';
import { runtime } from '../../src/runtime/wasm.js';
import { bits, trainSplitModel } from './threads-model.js';

describe('a worker failing mid-step', () => {
  afterAll(() => setWarningHandler(null));

  it('is recovered without a hang or a half-updated model', async () => {
    await init({ threads: 2 });
    const pool = runtime().pool!;
    const warnings: string[] = [];
    setWarningHandler((code, message) => warnings.push(`${code}: ${message}`));

    // The fault fires when a worker next claims a part; train until it has (an event, not a delay).
    pool.injectFault();
    let epochs = 0;
    let faulty: Awaited<ReturnType<typeof trainSplitModel>> | null = null;
    while (epochs < 40) {
      epochs++;
      faulty = await trainSplitModel(epochs);
      // The worker's failure message reaches this thread once the event loop turns.
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (warnings.length) break;
    }
    expect(warnings.some((w) => w.startsWith('WORKER_FAILED'))).toBe(true);
    expect(threads()).toMatchObject({ threads: 1 });
    expect(threads().reason).toMatch(/worker 1/);

    await init({ threads: 1 });
    const clean = await trainSplitModel(epochs);
    expect(bits(faulty!.weights)).toEqual(bits(clean.weights));
    expect(bits(faulty!.outputs)).toEqual(bits(clean.outputs));
  });
});
