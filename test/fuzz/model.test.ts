import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dense, Dropout, Sequential, WasmlpError } from '../../src/index.js';
import { CASE_LIMIT_MS, FUZZ_RUNS, FUZZ_SEED, report } from './runs.js';

const probe = [[0.5, -1], [2, 0.25], [-3, 1]];

function original() {
  const m = new Sequential([new Dense({ units: 4, activation: 'tanh', inputDim: 2 }), new Dropout({ rate: 0.1 }), new Dense({ units: 1, activation: 'sigmoid' })], { seed: 3 });
  m.compile({ loss: 'binaryCrossentropy', optimizer: 'adam', metrics: ['accuracy'] });
  m.build();
  const text = JSON.stringify(m.toJSON());
  const predictions = Array.from(m.predict(probe).data);
  m.dispose();
  return { text, predictions };
}

/** Refused with a WasmlpError, or a model whose predictions equal the original's. */
function refusedOrSame(input: unknown, predictions: number[]): void {
  const t0 = performance.now();
  let model: Sequential | null = null;
  try {
    model = Sequential.fromJSON(input);
  } catch (e) {
    if (!(e instanceof WasmlpError)) throw new Error(`not a WasmlpError: ${(e as Error)?.stack ?? e}`);
    return;
  } finally {
    expect(performance.now() - t0).toBeLessThan(CASE_LIMIT_MS);
  }
  try {
    expect(Array.from(model.predict(probe).data)).toEqual(predictions);
  } finally {
    model.dispose();
  }
}

describe('model loader fuzzing', () => {
  const { text, predictions } = original();

  it('mutated JSON text', () => {
    const edit = fc.tuple(fc.nat(), fc.constantFrom('delete', 'insert', 'replace', 'truncate'), fc.string({ minLength: 1, maxLength: 3 }));
    fc.assert(fc.property(edit, ([at, kind, s]) => {
      const i = at % text.length;
      const mutated = kind === 'delete' ? text.slice(0, i) + text.slice(i + 1)
        : kind === 'insert' ? text.slice(0, i) + s + text.slice(i)
        : kind === 'replace' ? text.slice(0, i) + s + text.slice(i + s.length)
        : text.slice(0, i);
      refusedOrSame(mutated, predictions);
    }), { numRuns: FUZZ_RUNS, seed: FUZZ_SEED });
    report('model/json-text', FUZZ_RUNS);
  });

  it('a field replaced by an arbitrary JSON value', () => {
    const doc = JSON.parse(text);
    const paths: (string | number)[][] = [];
    const walk = (v: unknown, path: (string | number)[]) => {
      paths.push(path);
      if (v && typeof v === 'object') for (const [k, c] of Object.entries(v)) walk(c, [...path, Array.isArray(v) ? Number(k) : k]);
    };
    walk(doc, []);
    fc.assert(fc.property(fc.nat(), fc.jsonValue({ maxDepth: 2 }), (pick, value) => {
      const path = paths[pick % paths.length];
      const copy = JSON.parse(text);
      if (path.length === 0) { refusedOrSame(value, predictions); return; }
      let parent = copy;
      for (const key of path.slice(0, -1)) parent = parent[key];
      parent[path[path.length - 1]] = value;
      refusedOrSame(copy, predictions);
    }), { numRuns: FUZZ_RUNS, seed: FUZZ_SEED });
    report('model/field-values', FUZZ_RUNS);
  });

  it('flipped bits in the weight buffer', () => {
    const doc = JSON.parse(text);
    const raw = Uint8Array.from(atob(doc.weights.data), (c) => c.charCodeAt(0));
    fc.assert(fc.property(fc.nat(), fc.integer({ min: 0, max: 7 }), (at, bit) => {
      const bytes = raw.slice();
      bytes[at % bytes.length] ^= 1 << bit;
      const copy = JSON.parse(text);
      copy.weights.data = btoa(String.fromCharCode(...bytes));
      refusedOrSame(copy, predictions);
    }), { numRuns: FUZZ_RUNS, seed: FUZZ_SEED });
    report('model/weight-bits', FUZZ_RUNS);
  });
});
