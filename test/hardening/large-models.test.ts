import { spawnSync } from 'node:child_process';
import { closeSync, ftruncateSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { Sequential } from '../../src/index.js';
import { expectWasmlpError } from '../helpers/expect-error.js';

/**
 * Issue 12 item 3. One JSON document holds at most 64M float32 values (MAX_INLINE_VALUES): past
 * that, toJSON (and save with weights: 'inline') refuse with MODEL_TOO_LARGE instead of the process
 * aborting in btoa, save(path) writes a binary weights file instead (test/hardening/giant-save.test.ts),
 * and JSON files too large to be read as one string are refused before reading. Each case runs in a fresh Node.
 */
const dist = fileURLToPath(new URL('../../dist/node.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'wasmlp-large-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function saveAndLoad(units: number, path: string, weights = 'auto'): { params: number; same?: boolean; code?: string; toJSON?: string; files?: string[] } {
  const script = `
    const { Sequential, Dense } = await import(${JSON.stringify(dist)});
    const m = new Sequential([new Dense({ units: ${units}, activation: 'relu', inputDim: 4 }), new Dense({ units: ${units}, activation: 'relu' }), new Dense({ units: 1 })], { seed: 3 });
    m.build();
    const params = m.countParams();
    let toJSON;
    try { m.toJSON(); } catch (e) { toJSON = e.code; }
    try { await m.save(${JSON.stringify(path)}, { weights: ${JSON.stringify(weights)} }); } catch (e) { console.log(JSON.stringify({ params, code: e.code, toJSON })); process.exit(0); }
    const files = (await import('node:fs')).readdirSync(${JSON.stringify(dirname(path))}).filter((f) => f.startsWith(${JSON.stringify(basename(path, '.json'))} + '.')).sort();
    const before = m.predict([[0.1, 0.2, 0.3, 0.4]]).data[0];
    m.dispose();
    const back = await Sequential.load(${JSON.stringify(path)});
    console.log(JSON.stringify({ params, same: back.predict([[0.1, 0.2, 0.3, 0.4]]).data[0] === before, toJSON, files }));
  `;
  const run = spawnSync(process.execPath, ['--max-old-space-size=8192', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 300_000 });
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout.trim().split('\n').pop()!);
}

describe('large models and files', () => {
  it("a 67M-parameter model: toJSON and save with weights: 'inline' refuse with MODEL_TOO_LARGE (the process does not abort)", () => {
    const r = saveAndLoad(8192, join(dir, 'too-big.json'), 'inline');
    expect(r).toEqual({ params: 67_166_209, code: 'MODEL_TOO_LARGE', toJSON: 'MODEL_TOO_LARGE' });
  }, 300_000);

  it('a 16M-parameter model (just under the weights-file threshold) saves as one JSON file and loads back exactly', () => {
    const r = saveAndLoad(4000, join(dir, 'big.json'));
    expect(r).toEqual({ params: 16_028_001, same: true, files: ['big.json'] });
  }, 300_000);

  // Near the limit of one document (62.5M parameters, a 333 MB file) takes about a minute and 2.8 GB: opt in.
  it.runIf(process.env.WASMLP_LARGE_TESTS === '1')("a 62.5M-parameter model saved with weights: 'inline' (333 MB file) loads back exactly", () => {
    const r = saveAndLoad(7900, join(dir, 'limit.json'), 'inline');
    expect(r).toEqual({ params: 62_465_301, same: true, files: ['limit.json'] });
  }, 600_000);

  it('a 600 MB model file is refused before reading, with a coded error', async () => {
    const path = join(dir, 'huge.json');
    const fd = openSync(path, 'w');
    ftruncateSync(fd, 600 * 1024 * 1024);
    closeSync(fd);
    await expectWasmlpError(() => Sequential.load(path), 'BAD_MODEL_FILE', [/larger than any wasmlp model file/]);
  });
});
