import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dist = fileURLToPath(new URL('../../dist/', import.meta.url));

/** 2,000 fitted models the program never disposes, in a fresh Node; prints the memory figures. */
function soak(entry: string, flags: string[] = []): { wasmMiB: number; inUseMiB: number; tracked: number } {
  const script = `
    const { Sequential, Dense, memoryStats, setWarningHandler } = await import(${JSON.stringify(dist + entry)});
    const { trackedModels } = await import(${JSON.stringify(dist + 'model/collector.js')});
    setWarningHandler(null);
    const x = Array.from({ length: 32 }, (_, i) => [Math.sin(i), Math.cos(i), i / 32, (i % 5) / 5]);
    const y = x.map((r) => (r[0] > 0 ? 1 : 0));
    for (let i = 0; i < 2000; i++) {
      const m = new Sequential([new Dense({ units: 256, activation: 'relu', inputDim: 4 }), new Dense({ units: 256, activation: 'relu' }), new Dense({ units: 1, activation: 'sigmoid' })], { seed: i });
      m.compile({ loss: 'binaryCrossentropy', optimizer: 'adam' });
      await m.fit(x, y, { epochs: 1, batchSize: 16 });
      m.predict(x);
    }
    const s = memoryStats();
    console.log(JSON.stringify({ wasmMiB: s.wasmBytes / 2 ** 20, inUseMiB: s.bytesInUse / 2 ** 20, tracked: trackedModels() }));
  `;
  const run = spawnSync(process.execPath, [...flags, '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 240_000 });
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout.trim().split('\n').pop()!);
}

/**
 * Issue 12 item 4. Each of these models holds ~1 MiB of WebAssembly memory (weights, gradients,
 * Adam's moments, batch buffers): 2,000 of them would need ~2 GiB, and their JavaScript objects
 * are too small for the engine to collect on its own. wasmlp/node (and any runtime with
 * globalThis.gc) runs the collector before WebAssembly memory grows a quarter past its last
 * collection point, and frees the collected models' regions at once.
 */
describe('2,000 fitted models never disposed', () => {
  it('stay below 256 MiB of WebAssembly memory with wasmlp/node', () => {
    const r = soak('node.js');
    console.log(`soak wasmlp/node: ${r.wasmMiB} MiB WebAssembly memory, ${r.inUseMiB.toFixed(1)} MiB in use, ${r.tracked} models still tracked`);
    expect(r.wasmMiB).toBeLessThan(256);
    expect(r.tracked).toBeLessThan(2000);
  }, 300_000);

  it('stay below 256 MiB from the main entry under node --expose-gc', () => {
    const r = soak('index.js', ['--expose-gc']);
    console.log(`soak wasmlp --expose-gc: ${r.wasmMiB} MiB WebAssembly memory, ${r.inUseMiB.toFixed(1)} MiB in use`);
    expect(r.wasmMiB).toBeLessThan(256);
  }, 300_000);
});
