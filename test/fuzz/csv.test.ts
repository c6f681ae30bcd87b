import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WasmlpError, loadCsvText } from '../../src/index.js';
import { CASE_LIMIT_MS, FUZZ_RUNS, FUZZ_SEED, report } from './runs.js';

/** Either a dataset whose shapes agree, or a WasmlpError: never another exception, never slow. */
function loadsOrRefuses(text: string): { ok: boolean } {
  const t0 = performance.now();
  try {
    const ds = loadCsvText(text);
    expect(ds.x.data.length).toBe(ds.x.rows * ds.x.cols);
    expect(ds.y.length).toBe(ds.x.rows);
    for (const v of ds.x.data) expect(Number.isFinite(v)).toBe(true);
    return { ok: true };
  } catch (e) {
    if (!(e instanceof WasmlpError)) throw new Error(`not a WasmlpError for ${JSON.stringify(text.slice(0, 200))}: ${(e as Error)?.stack ?? e}`);
    expect(e.code).toMatch(/^[A-Z_]+$/);
    expect(e.message.length).toBeGreaterThan(10);
    return { ok: false };
  } finally {
    expect(performance.now() - t0).toBeLessThan(CASE_LIMIT_MS);
  }
}

const cell = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }).map((v) => String(Math.fround(v))),
  fc.integer({ min: -100, max: 100 }).map(String),
  fc.constantFrom('.28', '1e-3', ' 4 ', '"5"', '?', '', 'NA', '1e999', 'M', 'R', "'-1'", '"a,b"', '-0', '+3'),
);
const separators = fc.constantFrom(',', ';', '\t');
const newlines = fc.constantFrom('\n', '\r\n');

/** Valid tables: numeric features, a text or 0/1 label, random quirks of real files. */
const validTable = fc.record({
  rows: fc.integer({ min: 2, max: 12 }),
  cols: fc.integer({ min: 1, max: 6 }),
  sep: separators,
  nl: newlines,
  bom: fc.boolean(),
  finalNewline: fc.boolean(),
  spaces: fc.boolean(),
  textLabels: fc.boolean(),
  seed: fc.integer({ min: 1, max: 1 << 30 }),
}).map((o) => {
  let s = o.seed;
  const rand = () => ((s = (s * 48271) % 2147483647) / 2147483647);
  const values: number[][] = [];
  const labels: number[] = [];
  for (let r = 0; r < o.rows; r++) {
    values.push(Array.from({ length: o.cols }, () => Math.fround((rand() - 0.5) * 200)));
    labels.push(r < 2 ? r : rand() < 0.5 ? 0 : 1); // both classes present
  }
  const pad = (v: string) => (o.spaces ? ` ${v} ` : v);
  const lines = values.map((row, r) => [...row.map((v) => pad(String(v))), o.textLabels ? (labels[r] ? 'M' : 'R') : String(labels[r])].join(o.sep));
  const text = (o.bom ? '\ufeff' : '') + lines.join(o.nl) + (o.finalNewline ? o.nl : '');
  return { text, values, labels, textLabels: o.textLabels };
});

describe('CSV loader fuzzing', () => {
  it('arbitrary text: a dataset or a WasmlpError', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => { loadsOrRefuses(text); }), { numRuns: FUZZ_RUNS, seed: FUZZ_SEED });
    report('csv/arbitrary-text', FUZZ_RUNS);
  });

  it('random grids of plausible and hostile cells', () => {
    const grid = fc.tuple(fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 0, maxLength: 8 }), separators, newlines)
      .map(([rows, sep, nl]) => rows.map((r) => r.join(sep)).join(nl));
    fc.assert(fc.property(grid, (text) => { loadsOrRefuses(text); }), { numRuns: FUZZ_RUNS, seed: FUZZ_SEED });
    report('csv/cell-grids', FUZZ_RUNS);
  });

  it('valid files round-trip exactly (float32 values, labels)', () => {
    fc.assert(fc.property(validTable, ({ text, values, labels, textLabels }) => {
      const ds = loadCsvText(text, textLabels ? { positiveClass: 'M' } : {});
      expect(ds.x.rows).toBe(values.length);
      expect(Array.from(ds.x.data)).toEqual(values.flat());
      expect(Array.from(ds.y)).toEqual(labels);
    }), { numRuns: FUZZ_RUNS, seed: FUZZ_SEED });
    report('csv/round-trip', FUZZ_RUNS);
  });

  it('structured mutations of valid files: a dataset or a WasmlpError', () => {
    const mutation = fc.tuple(validTable, fc.nat(), fc.constantFrom('delete', 'insert', 'replace', 'duplicate-line', 'truncate'), fc.constantFrom(',', '\n', '"', 'x', '\ufeff', '\r', ' ', '?', '1e999', ';'));
    fc.assert(fc.property(mutation, ([{ text }, at, kind, ch]) => {
      const i = text.length ? at % text.length : 0;
      let mutated = text;
      if (kind === 'delete') mutated = text.slice(0, i) + text.slice(i + 1);
      else if (kind === 'insert') mutated = text.slice(0, i) + ch + text.slice(i);
      else if (kind === 'replace') mutated = text.slice(0, i) + ch + text.slice(i + 1);
      else if (kind === 'truncate') mutated = text.slice(0, i);
      else { const lines = text.split('\n'); lines.splice(at % lines.length, 0, lines[at % lines.length]); mutated = lines.join('\n'); }
      loadsOrRefuses(mutated);
    }), { numRuns: FUZZ_RUNS, seed: FUZZ_SEED });
    report('csv/mutations', FUZZ_RUNS);
  });
});
