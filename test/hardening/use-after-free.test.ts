import { afterEach, describe, expect, it, vi } from 'vitest';
import { Dense, Sequential, init, memoryStats } from '../../src/index.js';
import { KerasClassifier } from '../../src/model-selection/classifier.js';
import { runtime } from '../../src/runtime/wasm.js';
import { WasmlpError } from '../../src/errors.js';
import { expectWasmlpError } from '../helpers/expect-error.js';
import { settledBytesInUse } from '../helpers/settled-memory.js';

/**
 * Issue 12 items 1, 2 and 5: dispose() during fit, overlapping calls on one model, and regions
 * left reserved when an allocation inside fit fails.
 */
const x = Array.from({ length: 64 }, (_, i) => [Math.sin(i), Math.cos(i * 0.7), (i % 9) / 9]);
const y = x.map((r) => (r[0] + r[1] > 0 ? 1 : 0));
const y3 = x.map((r) => (r[0] > 0.5 ? 2 : r[1] > 0 ? 1 : 0));

function binary(seed = 1): Sequential {
  const m = new Sequential([new Dense({ units: 8, activation: 'relu', inputDim: 3 }), new Dense({ units: 1, activation: 'sigmoid' })], { seed });
  m.compile({ loss: 'binaryCrossentropy', optimizer: 'adam', metrics: ['accuracy'] });
  return m;
}

function flat(m: Sequential): number[] {
  return m.getWeights().flatMap((w) => Array.from(w.values));
}

afterEach(() => vi.restoreAllMocks());

describe('dispose() during fit (item 1)', () => {
  it('stops at the next batch boundary with DISPOSED and never touches a model created meanwhile', async () => {
    await init();
    const base = settledBytesInUse();
    const m = binary();
    let other: Sequential | null = null;
    let before: number[] = [];
    const fitting = m.fit(x, y, {
      epochs: 5, batchSize: 8,
      callbacks: { onBatchEnd: (b) => {
        if (b === 2) {
          m.dispose();
          other = binary(7);
          other.build();
          before = flat(other);
        }
      } },
    });
    await expectWasmlpError(() => fitting, 'DISPOSED', [/dispose\(\) was called while fit was running/, /batch boundary/], { option: 'fit' });
    expect(flat(other!)).toEqual(before);
    other!.dispose();
    expect(memoryStats().bytesInUse).toBe(base);
  });

  it('from onEpochEnd, with validation data, on a softmax classifier and from onTrainBegin', async () => {
    const base = settledBytesInUse();
    const hooks = ['onEpochEnd', 'onEpochBegin', 'onTrainBegin', 'onBatchBegin', 'onTrainEnd'] as const;
    for (const hook of hooks) {
      const m = new Sequential([new Dense({ units: 6, activation: 'tanh', inputDim: 3 }), new Dense({ units: 3, activation: 'softmax' })], { seed: 2 });
      m.compile({ loss: 'sparseCategoricalCrossentropy', optimizer: 'sgd', metrics: ['accuracy'] });
      let calls = 0;
      const cb = { [hook]: async () => { calls++; await Promise.resolve(); m.dispose(); } };
      await expectWasmlpError(() => m.fit(x, y3, { epochs: 3, validationData: [x, y3], callbacks: cb }), 'DISPOSED', [], { option: 'fit' });
      expect(calls, hook).toBe(1);
      expect(m.isDisposed).toBe(true);
    }
    expect(memoryStats().bytesInUse).toBe(base);
  });

  it('a KerasClassifier disposed during fit stops with DISPOSED (no endless loop, nothing kept)', async () => {
    const base = settledBytesInUse();
    const clf: KerasClassifier = new KerasClassifier({
      build: () => {
        const m = new Sequential([new Dense({ units: 4, activation: 'relu', inputDim: 3 }), new Dense({ units: 3, activation: 'softmax' })], { seed: 3 });
        m.compile({ loss: 'sparseCategoricalCrossentropy', optimizer: 'adam' });
        return m;
      },
      epochs: 4,
      fitOptions: { callbacks: { onBatchEnd: () => clf.dispose() } },
    } as never);
    await expectWasmlpError(() => clf.fit(x, y3), 'DISPOSED');
    expect(memoryStats().bytesInUse).toBe(base);
  });

  it('calls after dispose still say DISPOSED', async () => {
    const m = binary();
    await m.fit(x, y, { epochs: 1 });
    m.dispose();
    await expectWasmlpError(() => m.fit(x, y), 'DISPOSED');
    await expectWasmlpError(() => m.predict(x), 'DISPOSED');
    await expectWasmlpError(() => m.evaluate(x, y), 'DISPOSED');
  });
});

describe('overlapping calls on one model (item 2)', () => {
  it('a second fit while one runs is refused with MODEL_BUSY; the first trains exactly as if alone', async () => {
    const alone = binary(5);
    await alone.fit(x, y, { epochs: 3, batchSize: 8 });
    const m = binary(5);
    let second: Promise<unknown> | null = null;
    const first = m.fit(x, y, { epochs: 3, batchSize: 8, callbacks: { onBatchEnd: async (b) => {
      if (b === 1 && !second) second = m.fit(x, y, { epochs: 3 }).catch((e) => e);
      await new Promise((r) => setTimeout(r, 0));
    } } });
    await first;
    const err = await second!;
    expect((err as { code: string }).code).toBe('MODEL_BUSY');
    await expectWasmlpError(() => { throw err; }, 'MODEL_BUSY', [/still running/, /Await the running call/], { option: 'fit' });
    expect(flat(m)).toEqual(flat(alone));
    alone.dispose();
    m.dispose();
  });

  it('two fits started together: the second is refused, not interleaved', async () => {
    const m = binary(9);
    const a = m.fit(x, y, { epochs: 2, callbacks: { onEpochEnd: () => new Promise((r) => setTimeout(r, 1)) } });
    const b = m.fit(x, y, { epochs: 2 });
    await expectWasmlpError(() => b, 'MODEL_BUSY');
    await a;
    // Once the first has resolved the model is free again.
    await m.fit(x, y, { epochs: 1 });
    m.dispose();
  });

  it('compile during fit is refused; predict and evaluate from a callback see the current weights', async () => {
    const m = binary(4);
    let compileError: unknown = null;
    const seen: number[] = [];
    await m.fit(x, y, { epochs: 2, callbacks: { onEpochEnd: () => {
      try { m.compile({ loss: 'meanSquaredError', optimizer: 'sgd' }); } catch (e) { compileError = e; }
      seen.push(m.predict(x).data[0], m.evaluate(x, y).loss);
    } } });
    await expectWasmlpError(() => { throw compileError; }, 'MODEL_BUSY', [/compile\(\) was called while model.fit\(\)/], { option: 'compile' });
    expect(seen.every(Number.isFinite)).toBe(true);
    expect(m.evaluate(x, y).loss).toBeCloseTo(seen[3], 6);
    m.dispose();
  });
});

describe('failure paths leave no region reserved (item 5)', () => {
  it('an allocation failing at any point of build, fit, predict or evaluate frees everything it had taken', async () => {
    const { mem } = runtime();
    const real = mem.alloc.bind(mem);
    let failures = 0;
    for (let k = 1; ; k++) {
      const base = mem.bytesInUse;
      let count = 0;
      const spy = vi.spyOn(mem, 'alloc').mockImplementation((bytes: number, what?: string) => {
        if (++count === k) {
          throw new WasmlpError('OUT_OF_MEMORY', `injected failure for ${what}`);
        }
        return real(bytes, what);
      });
      const m = binary(k);
      let failed = false;
      try {
        await m.fit(x, y, { epochs: 2, batchSize: 16, validationSplit: 0.25, sampleWeight: x.map(() => 1), stratifiedBatches: true });
        m.predict(x);
        m.evaluate(x, y, { sampleWeight: x.map(() => 2) });
      } catch (e) {
        failed = true;
        expect((e as { code: string }).code).toBe('OUT_OF_MEMORY');
      }
      spy.mockRestore();
      m.dispose();
      expect(mem.bytesInUse, `allocation ${k} failed`).toBe(base);
      if (!failed) break;
      failures++;
    }
    expect(failures).toBeGreaterThan(15);
  });
});
