/**
 * One test for a command-line runtime (node, deno, bun): copy its entry and the shared body into
 * a project that has wasmlp installed, pipe Banknote in, compare the JSON it prints with Node's.
 */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { banknoteText, lastJson, linkedProject, nodeReference, SHARED, startBounded, type Bounded, type TrainResult } from './harness.js';

export function cliRuntimeTest(name: string, entryDir: string, command: string, args: string[], timeoutMs = 90_000): void {
  let project: ReturnType<typeof linkedProject>;
  let proc: Bounded | undefined;
  let csv: string;
  let reference: TrainResult;

  beforeAll(async () => {
    csv = banknoteText();
    reference = await nodeReference(csv);
    project = linkedProject(name);
    copyFileSync(join(SHARED, 'train-banknote.js'), join(project.dir, 'train-banknote.js'));
    copyFileSync(join(entryDir, 'entry.js'), join(project.dir, 'entry.js'));
  });

  afterAll(() => {
    proc?.kill();
    project?.cleanup();
  });

  it(`${name} trains Banknote to the same weights as Node`, async () => {
    proc = startBounded(command, [...args, 'entry.js'], { cwd: project.dir, timeoutMs, stdin: csv, name });
    const result = lastJson<TrainResult & { runtime?: string }>(await proc.done, name);
    console.log(`[${name}] ${JSON.stringify(result)}`);
    expect(result.rows).toBe(1372);
    expect(result.accuracy).toBeGreaterThan(0.85);
    expect(result.weightsHash).toBe(reference.weightsHash);
    expect(result.sparseHash).toBe(reference.sparseHash);
    expect(result.accuracy).toBe(reference.accuracy);
  });
}
