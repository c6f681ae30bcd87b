/**
 * One test for a command-line runtime (node, deno, bun): copy its entry and the shared body into
 * a project that has wasmlp installed, pipe Banknote in, compare the JSON it prints with Node's.
 */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { banknoteText, lastJson, linkedProject, nodeReference, nodeThreadsReference, SHARED, startBounded, type Bounded, type ThreadsResult, type TrainResult } from './harness.js';

/** `check` runs on the JSON the entry printed, for what one runtime's entry adds to the shared result. */
export function cliRuntimeTest(name: string, entryDir: string, command: string, args: string[], timeoutMs = 90_000, check?: (result: Record<string, unknown>) => Promise<void>): void {
  let project: ReturnType<typeof linkedProject>;
  let proc: Bounded | undefined;
  let csv: string;
  let reference: TrainResult;
  let threadsReference: ThreadsResult;

  beforeAll(async () => {
    csv = banknoteText();
    reference = await nodeReference(csv);
    threadsReference = await nodeThreadsReference();
    project = linkedProject(name);
    copyFileSync(join(SHARED, 'train-banknote.js'), join(project.dir, 'train-banknote.js'));
    copyFileSync(join(SHARED, 'train-threads.js'), join(project.dir, 'train-threads.js'));
    copyFileSync(join(entryDir, 'entry.js'), join(project.dir, 'entry.js'));
  });

  afterAll(() => {
    proc?.kill();
    project?.cleanup();
  });

  it(`${name} trains Banknote to the same weights as Node`, async () => {
    proc = startBounded(command, [...args, 'entry.js'], { cwd: project.dir, timeoutMs, stdin: csv, name });
    const result = lastJson<TrainResult & { runtime?: string; threads: ThreadsResult }>(await proc.done, name);
    console.log(`[${name}] ${JSON.stringify(result)}`);
    expect(result.rows).toBe(1372);
    expect(result.accuracy).toBeGreaterThan(0.85);
    expect(result.weightsHash).toBe(reference.weightsHash);
    expect(result.sparseHash).toBe(reference.sparseHash);
    expect(result.accuracy).toBe(reference.accuracy);
    // Threads: a pool really ran (shared memory, 2 threads), and 2, 1 and 'auto' threads all gave
    // Node's bits for weights and predictions.
    expect(result.threads.shared).toBe(true);
    expect(result.threads.threads.slice(0, 2)).toEqual([2, 1]);
    expect(new Set([...result.threads.hashes, ...threadsReference.hashes]).size).toBe(1);
    await check?.(result as unknown as Record<string, unknown>);
  });
}
