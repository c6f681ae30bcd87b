// Deno from the npm package `deno` (devDependency; its binary ships in the package). Run without
// --unsafe-proto, as users do: the main entry's loadCsvText must work there too.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect } from 'vitest';
import { BIN, ROOT } from '../shared/harness.js';
import { cliRuntimeTest } from '../shared/cli-runtime.js';

interface CsvResult { text: string; rows: number; cols: number; data: number[]; y: number[]; classes: string[] | null }

const ARGS = ['run', '--allow-read', '--allow-env', '--no-lock', '--no-prompt'];

describe('deno', () => {
  cliRuntimeTest('deno', fileURLToPath(new URL('.', import.meta.url)), join(BIN, 'deno'), ARGS, 90_000, async (result) => {
    expect(ARGS).not.toContain('--unsafe-proto');
    const got = result.mainEntryCsv as CsvResult;
    // The same text through the main entry in Node: Deno must read it identically.
    const { loadCsvText } = await import(join(ROOT, 'dist', 'index.js'));
    const ds = loadCsvText(got.text, { label: 'label' });
    expect(got).toEqual({ text: got.text, rows: 3, cols: 2, data: Array.from(ds.x.data as Float32Array), y: Array.from(ds.y as Int32Array), classes: ds.classes });
    expect(got.data).toEqual([1, 2.5, 3, 4, -5, Math.fround(0.6)]);
    expect(got.classes).toEqual(['no', 'yes']);
  });
});
