import { describe, expect, it } from 'vitest';
// Plain ESM script, also run as `node scripts/import-graph.mjs`.
import { cycles, importGraph } from '../../scripts/import-graph.mjs';

type Graph = Map<string, Set<string>>;
const graph = importGraph() as Graph;

/**
 * Layers, lowest first: a module may import its own folder and any folder of a lower or equal
 * rank, never a higher one (dynamic import() is exempt: it loads later, on demand). Top-level
 * files (errors, names, options, random, activations, ...) are the floor; the entries (index,
 * node, data-tools) may import anything.
 */
const RANK: Record<string, number> = {
  '': 0, codec: 0,
  runtime: 1,
  data: 2, optimizers: 2, text: 2,
  preprocessing: 3, metrics: 3, callbacks: 3, layers: 3,
  model: 4,
  'model-selection': 5, datasets: 5, explain: 5, recipe: 5, stream: 5,
  decision: 6,
  io: 7, onnx: 7, cluster: 7,
  cli: 8,
};
const ENTRIES = new Set(['index.ts', 'node.ts', 'data-tools.ts', 'arrow.ts']);
const folder = (file: string) => (file.includes('/') ? file.split('/')[0] : '');

describe('the import graph of src/', () => {
  it('has no cycles among value imports', () => {
    expect(graph.size).toBeGreaterThan(50);
    expect(cycles(graph)).toEqual([]);
  });

  it('finds a cycle when there is one (the checker itself works)', () => {
    const g: Graph = new Map([['a.ts', new Set(['b.ts'])], ['b.ts', new Set(['c.ts'])], ['c.ts', new Set(['a.ts'])], ['d.ts', new Set(['a.ts'])]]);
    expect(cycles(g)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
  });

  it('imports only downward between folders', () => {
    const unknown = [...graph.keys()].map(folder).filter((f) => !(f in RANK));
    expect([...new Set(unknown)], 'give each new src/ folder a rank in RANK').toEqual([]);
    const upward: string[] = [];
    for (const [from, tos] of graph) {
      if (ENTRIES.has(from)) continue;
      for (const to of tos) {
        if (folder(from) !== folder(to) && RANK[folder(to)] > RANK[folder(from)]) upward.push(`${from} -> ${to}`);
      }
    }
    expect(upward).toEqual([]);
  });
});
