import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Dense, Sequential, WasmlpError, setWarningHandler } from '../../src/index.js';
import { loadSavedModel } from '../../src/cli/load-model.js';
import { cli } from '../cli/io.js';
import { CASE_LIMIT_MS, FUZZ_RUNS, FUZZ_SEED, report } from './runs.js';

/**
 * Issue 12: model files and CLI pipeline files mutated on disk (bytes replaced, inserted or cut,
 * values swapped for hostile JSON). Loading must end in a WasmlpError (or a model that loads),
 * never another exception, within the case limit. File cases touch the disk, so they run fewer.
 */
const RUNS = Math.max(50, Math.floor(FUZZ_RUNS / 10));
const dir = mkdtempSync(join(tmpdir(), 'wasmlp-fuzz-files-'));
let modelText = '';
let pipelineText = '';

const hostile = fc.oneof(
  fc.jsonValue(),
  fc.constantFrom('__proto__', 'constructor', 'NaN', '1e999', '', null, -1, 1e308, 2 ** 53),
  fc.integer({ min: 1, max: 3000 }).map((n) => JSON.parse('['.repeat(n) + ']'.repeat(n))),
);

const textMutation = (text: () => string) => fc.tuple(fc.nat(), fc.nat({ max: 40 }), fc.string({ maxLength: 12 }), fc.constantFrom('replace', 'insert', 'cut'))
  .map(([at, len, s, kind]) => {
    const t = text();
    const i = at % t.length;
    return kind === 'replace' ? t.slice(0, i) + s + t.slice(i + s.length) : kind === 'insert' ? t.slice(0, i) + s + t.slice(i) : t.slice(0, i) + t.slice(i + len + 1);
  });

function valueMutation(text: () => string) {
  return fc.tuple(fc.nat(), hostile).map(([pick, value]) => {
    const doc = JSON.parse(text());
    const paths: (string | number)[][] = [];
    const walk = (o: unknown, path: (string | number)[]) => {
      if (path.length > 6 || typeof o !== 'object' || o === null) return;
      for (const [k, v] of Object.entries(o)) { paths.push([...path, Array.isArray(o) ? Number(k) : k]); walk(v, [...path, k]); }
    };
    walk(doc, []);
    const path = paths[pick % paths.length];
    let o = doc as Record<string | number, unknown>;
    for (const p of path.slice(0, -1)) o = o[p] as Record<string | number, unknown>;
    o[path[path.length - 1]] = value;
    return JSON.stringify(doc);
  });
}

async function loadsOrRefuses(load: () => Promise<{ dispose?: () => void } | unknown>): Promise<void> {
  const t0 = performance.now();
  try {
    const loaded = await load();
    (loaded as { dispose?: () => void })?.dispose?.();
  } catch (e) {
    if (!(e instanceof WasmlpError)) throw new Error(`not a WasmlpError: ${(e as Error)?.stack ?? e}`);
  }
  expect(performance.now() - t0).toBeLessThan(CASE_LIMIT_MS * 5);
}

describe('model and pipeline files mutated on disk', () => {
  beforeAll(async () => {
    setWarningHandler(null);
    const m = new Sequential([new Dense({ units: 4, activation: 'tanh', inputDim: 2 }), new Dense({ units: 1, activation: 'sigmoid' })], { seed: 3 });
    m.compile({ loss: 'binaryCrossentropy', optimizer: 'adam' });
    await m.fit([[0, 1], [1, 0], [1, 1], [0, 0]], [1, 1, 0, 0], { epochs: 2 });
    modelText = JSON.stringify(m.toJSON());
    m.dispose();
    const csv = join(dir, 'data.csv');
    writeFileSync(csv, 'a,b,label\n' + Array.from({ length: 30 }, (_, i) => `${Math.sin(i).toFixed(3)},${Math.cos(i).toFixed(3)},${i % 2 ? 'yes' : 'no'}`).join('\n') + '\n');
    const r = await cli(['train', csv, '--out', join(dir, 'pipe.json'), '--epochs', '1', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    pipelineText = (await import('node:fs')).readFileSync(join(dir, 'pipe.json'), 'utf8');
  });

  it('Sequential.load of a mutated model file', async () => {
    let n = 0;
    await fc.assert(fc.asyncProperty(fc.oneof(textMutation(() => modelText), valueMutation(() => modelText)), async (text) => {
      const path = join(dir, `m${n++ % 8}.json`);
      writeFileSync(path, text);
      await loadsOrRefuses(() => Sequential.load(path));
    }), { numRuns: RUNS, seed: FUZZ_SEED });
    report('model files', RUNS);
  }, 300_000);

  it('the CLI loader on a mutated pipeline file', async () => {
    let n = 0;
    await fc.assert(fc.asyncProperty(fc.oneof(textMutation(() => pipelineText), valueMutation(() => pipelineText)), async (text) => {
      const path = join(dir, `p${n++ % 8}.json`);
      writeFileSync(path, text);
      await loadsOrRefuses(() => loadSavedModel(path, dir).then((s) => s.pipe));
    }), { numRuns: RUNS, seed: FUZZ_SEED });
    report('pipeline files', RUNS);
  }, 300_000);
});
