// A core loaded single-threaded (threads: 1 at the first init) cannot grow threads later: the
// request is refused with a THREADS_UNAVAILABLE warning and threads() keeps saying why.
import { afterAll, describe, expect, it } from 'vitest';
import { init, setWarningHandler, threads } from '../../src/index.js';

describe('threads on a single-thread core', () => {
  afterAll(() => setWarningHandler(null));

  it('warns and stays on one thread', async () => {
    await init({ threads: 1 });
    expect(threads()).toMatchObject({ threads: 1, shared: false });
    expect(threads().reason).toMatch(/threads: 1 as asked/);
    const warnings: string[] = [];
    setWarningHandler((code, message) => warnings.push(`${code}: ${message}`));
    await init({ threads: 2 });
    expect(warnings).toHaveLength(1);
    expect(warnings[0].split(':')[0]).toBe('THREADS_UNAVAILABLE');
    expect(warnings[0]).toMatch(/loaded single-threaded/);
    expect(threads().threads).toBe(1);
  });
});
