import { nodeCollectGarbage } from '../../src/runtime/node-gc.js';
import { describe, expect, it } from 'vitest';
import { Dense, Sequential, memoryStats } from '../../src/index.js';
import { runtime } from '../../src/runtime/wasm.js';

const x = Array.from({ length: 32 }, (_, i) => [Math.sin(i), Math.cos(i), i / 32]);
const y = x.map((r) => (r[0] + r[1] > 0 ? 1 : 0));

describe('memory and lifecycle', () => {
  it('soak: 10,000 create / fit / predict / dispose cycles keep WebAssembly memory and RSS flat', async () => {
    const samples: { cycle: number; wasm: number; inUse: number; rss: number }[] = [];
    // RSS is read after a full collection, so it measures what is kept, not how far the
    // collector happens to lag on a loaded machine.
    const collect = nodeCollectGarbage();
    const sample = (cycle: number) => {
      collect?.();
      const s = memoryStats();
      samples.push({ cycle, wasm: s.wasmBytes, inUse: s.bytesInUse, rss: process.memoryUsage().rss });
    };
    for (let i = 0; i < 10_000; i++) {
      const m = new Sequential([new Dense({ units: 6, activation: 'relu', inputDim: 3 }), new Dense({ units: 1, activation: 'sigmoid' })], { seed: i });
      m.compile({ loss: 'binaryCrossentropy', optimizer: 'adam', metrics: ['accuracy'] });
      await m.fit(x, y, { epochs: 1, batchSize: 8 });
      m.predict(x);
      m.dispose();
      if (i === 100 || i % 2500 === 2499) sample(i + 1);
    }
    const first = samples[0], last = samples[samples.length - 1];
    console.log(samples.map((s) => `${s.cycle}: wasm ${s.wasm} rss ${(s.rss / 2 ** 20).toFixed(1)}`).join("; "));
    console.log(`soak: WebAssembly memory ${first.wasm} -> ${last.wasm} bytes; in use ${first.inUse} -> ${last.inUse} bytes; RSS ${(first.rss / 2 ** 20).toFixed(1)} -> ${(last.rss / 2 ** 20).toFixed(1)} MiB (cycles ${first.cycle} -> ${last.cycle})`);
    expect(last.wasm).toBe(first.wasm);
    expect(last.inUse).toBe(first.inUse);
    // RSS settles once the JavaScript heap reaches its working size: the second half adds little.
    const mid = samples.find((s) => s.cycle === 5000)!;
    expect(last.rss - mid.rss).toBeLessThan(24 * 2 ** 20);
    expect(last.rss - first.rss).toBeLessThan(96 * 2 ** 20);
  });

  it('subnormal inputs are stored as zero in WebAssembly memory; normal tiny values are kept', () => {
    const { mem } = runtime();
    const ptr = mem.copyIn([1e-40, -1e-45, 1.2e-38, 3, -0], 'test');
    expect(Array.from(mem.f32(ptr, 5))).toEqual([0, 0, Math.fround(1.2e-38), 3, -0]);
    mem.free(ptr);
  });

  it('constant features and constant labels train to finite weights', async () => {
    const xc = x.map((r) => [r[0], 5, 5]);
    const m = new Sequential([new Dense({ units: 4, activation: 'tanh', inputDim: 3 }), new Dense({ units: 1, activation: 'sigmoid' })], { seed: 1 });
    m.compile({ loss: 'binaryCrossentropy', optimizer: 'adam', metrics: ['accuracy', 'auc'] });
    await m.fit(xc, y, { epochs: 20 });
    const zeros = y.map(() => 0);
    const h = await m.fit(xc, zeros, { epochs: 300 });
    expect(Number.isFinite(h.history.loss.at(-1)!)).toBe(true);
    for (const w of m.getWeights()) for (const v of w.values) expect(Number.isFinite(v)).toBe(true);
    // AUC is undefined with one class; it is reported as NaN rather than a made-up number.
    expect(h.history.auc.at(-1)).toBeNaN();
    expect(Math.max(...m.predict(xc).data)).toBeLessThan(0.5);
  });
});
