import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dist = fileURLToPath(new URL('../../dist/index.js', import.meta.url));

/**
 * Models a user forgets to dispose are reclaimed: a FinalizationRegistry returns their
 * WebAssembly memory once the garbage collector has dropped them. Run in a child Node with
 * --expose-gc so the test can force collection.
 */
describe('undisposed models', () => {
  it('are reclaimed after garbage collection', () => {
    const script = `
      const { Sequential, Dense, memoryStats } = await import(${JSON.stringify(dist)});
      const x = [[0, 1], [1, 0], [1, 1], [0, 0]], y = [1, 1, 0, 0];
      const base = memoryStats().bytesInUse;
      for (let i = 0; i < 200; i++) {
        const m = new Sequential([new Dense({ units: 64, activation: 'relu', inputDim: 2 }), new Dense({ units: 1, activation: 'sigmoid' })], { seed: i });
        m.compile({ loss: 'binaryCrossentropy', optimizer: 'adam' });
        await m.fit(x, y, { epochs: 1 });
      }
      const held = memoryStats().bytesInUse;
      for (let round = 0; round < 20 && memoryStats().bytesInUse > base; round++) {
        globalThis.gc();
        await new Promise((r) => setTimeout(r, 20));
      }
      console.log(JSON.stringify({ base, held, after: memoryStats().bytesInUse }));
    `;
    const run = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
    expect(run.status, run.stderr).toBe(0);
    const { base, held, after } = JSON.parse(run.stdout.trim().split('\n').pop()!);
    console.log(`undisposed models: ${held - base} bytes held by 200 models, ${after - base} after GC`);
    expect(held - base).toBeGreaterThan(200 * 64 * 4);
    // The engine may keep the most recent model alive a little longer; everything else is back.
    expect(after - base).toBeLessThanOrEqual((held - base) / 200);
  });
});
