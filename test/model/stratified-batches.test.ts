import { beforeAll, describe, expect, it } from 'vitest';
import { Dense, Sequential } from '../../src/index.js';
import { ensureRuntime, runtime } from '../../src/runtime/wasm.js';
import { HEADER_WORDS, NET_PERM } from '../../src/core-abi.js';
import { testRandom, randn } from '../helpers/device.js';
import { expectWasmlpError } from '../helpers/expect-error.js';

/** Calls the core's perm_stratify directly on class ids; returns the order. */
function coreOrder(ids: Int32Array, classes: number, seed: number | null): Int32Array {
  const { core, mem } = runtime();
  const n = ids.length;
  const perm = mem.alloc(n * 4), idp = mem.alloc(n * 4), scratch = mem.alloc((n + 2 * classes) * 4);
  const rng = seed === null ? 0 : mem.alloc(16);
  try {
    mem.i32(idp, n).set(ids);
    if (rng) core.rng_seed(rng, seed!);
    core.perm_stratify(perm, idp, n, classes, rng, scratch);
    return mem.i32(perm, n).slice();
  } finally {
    for (const p of [perm, idp, scratch, rng]) if (p) mem.free(p);
  }
}

function imbalanced(n: number, rate: number, seed: number): { x: number[][]; y: Int32Array } {
  const rand = testRandom(seed);
  const y = Int32Array.from({ length: n }, () => (rand() < rate ? 1 : 0));
  const x = Array.from(y, (c) => [randn(rand) + 1.5 * c, randn(rand) - c, randn(rand)]);
  return { x, y };
}

describe('stratified epoch order in the core', () => {
  beforeAll(async () => { await ensureRuntime(); });

  it('is a permutation that keeps every batch within 1 of the expected positive count', () => {
    for (const [n, rate, batch] of [[1000, 0.03, 32], [768, 268 / 768, 32], [101, 0.5, 7], [500, 0.11, 16]] as const) {
      const { y } = imbalanced(n, rate, n);
      const order = coreOrder(y, 2, 7);
      expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
      const p = y.reduce((s, v) => s + v, 0) / n;
      for (let s = 0; s < n; s += batch) {
        const rows = order.subarray(s, Math.min(n, s + batch));
        const pos = rows.reduce((acc, i) => acc + y[i], 0);
        expect(Math.abs(pos - rows.length * p), `n=${n} batch at ${s}`).toBeLessThan(1);
      }
    }
  });

  it('three classes: every window within 2 of each quota; deterministic; seed changes the order', () => {
    const rand = testRandom(3);
    const y = Int32Array.from({ length: 300 }, () => (rand() < 0.6 ? 0 : rand() < 0.75 ? 1 : 2));
    const order = coreOrder(y, 3, 11);
    const counts = [0, 1, 2].map((c) => y.filter((v) => v === c).length);
    for (let s = 0; s + 20 <= 300; s += 20) {
      for (let c = 0; c < 3; c++) {
        const got = order.subarray(s, s + 20).reduce((a, i) => a + (y[i] === c ? 1 : 0), 0);
        expect(Math.abs(got - (20 * counts[c]) / 300)).toBeLessThan(2);
      }
    }
    expect(coreOrder(y, 3, 11)).toEqual(order);
    expect(coreOrder(y, 3, 12)).not.toEqual(order);
    // No generator: classes keep row order.
    const plain = coreOrder(y, 3, null);
    const zeros = [...plain].filter((i) => y[i] === 0);
    expect(zeros).toEqual([...zeros].sort((a, b) => a - b));
  });
});

describe("fit({ stratifiedBatches: true })", () => {
  const build = (seed: number) => {
    const m = new Sequential([new Dense({ units: 8, activation: 'relu', inputDim: 3 }), new Dense({ units: 1, activation: 'sigmoid' })], { seed });
    m.compile({ loss: 'binaryCrossentropy', optimizer: { type: 'adam', learningRate: 0.01 }, metrics: ['accuracy'] });
    return m;
  };

  it('every training batch holds the positive rate (read from the order the core used)', async () => {
    const { x, y } = imbalanced(640, 0.05, 5);
    const m = build(1);
    const p = y.reduce((s, v) => s + v, 0) / y.length;
    const checked: number[] = [];
    await m.fit(x, y, {
      epochs: 2, batchSize: 32, stratifiedBatches: true,
      callbacks: {
        onBatchBegin: (b: number) => {
          const { mem } = runtime();
          const net = m.network();
          const perm = mem.i32(mem.i32(net.desc, HEADER_WORDS)[NET_PERM], y.length);
          const rows = perm.subarray(b * 32, b * 32 + 32);
          const pos = rows.reduce((acc, i) => acc + y[i], 0);
          expect(Math.abs(pos - 32 * p)).toBeLessThan(1);
          checked.push(b);
        },
      },
    });
    expect(checked.length).toBe(40);
    m.dispose();
  });

  it('same seed, same weights; differs from plain shuffling; works with validationSplit and classWeight', async () => {
    const { x, y } = imbalanced(400, 0.08, 9);
    const opts = { epochs: 5, batchSize: 16, stratifiedBatches: true, classWeight: 'balanced' as const, validationSplit: 0.2 };
    const a = build(3), b = build(3), c = build(3);
    await a.fit(x, y, opts);
    await b.fit(x, y, opts);
    await c.fit(x, y, { ...opts, stratifiedBatches: false });
    expect(a.getWeights().map((w) => Array.from(w.values))).toEqual(b.getWeights().map((w) => Array.from(w.values)));
    expect(a.getWeights()[0].values).not.toEqual(c.getWeights()[0].values);
    [a, b, c].forEach((m) => m.dispose());
  });

  it('refuses a non-boolean and targets without classes', async () => {
    const { x, y } = imbalanced(40, 0.3, 1);
    const m = build(1);
    await expectWasmlpError(() => m.fit(x, y, { stratifiedBatches: 'yes' as unknown as boolean }), 'BAD_OPTION', ['stratifiedBatches'], { option: 'stratifiedBatches' });
    const r = new Sequential([new Dense({ units: 1, inputDim: 3 })], { seed: 1 });
    r.compile({ loss: 'meanSquaredError', optimizer: 'sgd' });
    await expectWasmlpError(() => r.fit(x, Array.from(y, (v) => v * 0.5), { stratifiedBatches: true }), 'BAD_OPTION', ['regression'], { option: 'stratifiedBatches' });
    m.dispose(); r.dispose();
  });
});
