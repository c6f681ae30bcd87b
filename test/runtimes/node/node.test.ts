// Node 20: in this vitest process from dist/, and as a user runs it (a `node` process in a project
// that resolves 'wasmlp' through package.json exports).
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { banknoteText, nodeReference } from '../shared/harness.js';
import { cliRuntimeTest } from '../shared/cli-runtime.js';

describe('node', () => {
  it('trains Banknote in the test process, the same twice', async () => {
    const csv = banknoteText();
    const a = await nodeReference(csv);
    const b = await nodeReference(csv);
    console.log(`[node ${process.version}] ${JSON.stringify(a)}`);
    expect(a.rows).toBe(1372);
    expect(a.accuracy).toBeGreaterThan(0.85);
    expect(a.weightsHash).toMatch(/^[0-9a-f]{8}$/);
    expect(a.sparseHash).toMatch(/^[0-9a-f]{8}$/);
    expect(a.wideUnits).toBeGreaterThanOrEqual(256);
    expect(b).toEqual(a);
  });

  cliRuntimeTest('node', fileURLToPath(new URL('.', import.meta.url)), process.execPath, []);
});
