// A core given as a module of the caller's own runs the single-thread build's way: one thread,
// a THREADS_UNAVAILABLE warning when more are asked for, and threads() saying why.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { init, setWarningHandler, threads } from '../../src/index.js';

describe('threads on a single-thread core', () => {
  afterAll(() => setWarningHandler(null));

  it('warns and stays on one thread', async () => {
    const warnings: string[] = [];
    setWarningHandler((code, message) => warnings.push(`${code}: ${message}`));
    await init({ bytes: readFileSync(new URL('../../build/wasmlp.wasm', import.meta.url)), threads: 2 });
    expect(warnings).toHaveLength(1);
    expect(warnings[0].split(':')[0]).toBe('THREADS_UNAVAILABLE');
    expect(threads()).toMatchObject({ threads: 1, shared: false });
    expect(threads().reason).toMatch(/a module was passed to init/);
    await init({ threads: 2 });
    expect(warnings).toHaveLength(2);
    expect(warnings[1]).toMatch(/loaded single-threaded/);
    expect(threads().threads).toBe(1);
  });
});
