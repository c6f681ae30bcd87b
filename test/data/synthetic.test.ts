import { describe, expect, it } from 'vitest';
import { makeBlobs, makeClassification, makeMoons, makeXor } from '../../src/data/synthetic.js';
import * as tools from '../../src/data-tools.js';
import { expectWasmlpError } from '../helpers/expect-error.js';

const bincount = (y: Int32Array, k: number) => Array.from({ length: k }, (_, c) => y.filter((v) => v === c).length);

describe('synthetic generators', () => {
  it('makeMoons: two balanced half circles, seeded', () => {
    const d = makeMoons({ nSamples: 101, noise: 0, seed: 4 });
    expect(d.x.rows).toBe(101);
    expect(d.x.cols).toBe(2);
    expect(bincount(d.y, 2)).toEqual([50, 51]);
    for (let i = 0; i < d.x.rows; i++) {
      const [a, b] = [d.x.data[2 * i], d.x.data[2 * i + 1]];
      // noise 0: class 0 on the unit circle around (0,0), class 1 around (1, 0.5)
      const r = d.y[i] === 0 ? Math.hypot(a, b) : Math.hypot(a - 1, b - 0.5);
      expect(r).toBeCloseTo(1, 5);
    }
    expect(makeMoons({ seed: 4 })).toEqual(makeMoons({ seed: 4 }));
    expect(makeMoons({ seed: 4 }).x.data).not.toEqual(makeMoons({ seed: 5 }).x.data);
  });

  it('makeBlobs: k classes of near-equal size around distinct centres', () => {
    const d = makeBlobs({ nSamples: 300, centers: 3, nFeatures: 4, noise: 0.01, seed: 1 });
    expect(d.x.cols).toBe(4);
    expect(bincount(d.y, 3)).toEqual([100, 100, 100]);
    const first = new Map<number, number>();
    for (let i = 0; i < d.x.rows; i++) {
      if (!first.has(d.y[i])) first.set(d.y[i], i);
      expect(Math.abs(d.x.data[4 * i] - d.x.data[4 * first.get(d.y[i])!])).toBeLessThan(0.2);
    }
  });

  it('makeClassification and makeXor: shapes, labels, validation', async () => {
    const c = makeClassification({ nSamples: 90, nFeatures: 6, nInformative: 3, nClasses: 3, seed: 2 });
    expect([c.x.rows, c.x.cols]).toEqual([90, 6]);
    expect(bincount(c.y, 3)).toEqual([30, 30, 30]);
    const xor = makeXor({ nSamples: 500, seed: 1 });
    for (let i = 0; i < 500; i++) expect(xor.y[i]).toBe(xor.x.data[2 * i] * xor.x.data[2 * i + 1] < 0 ? 1 : 0);
    await expectWasmlpError(() => makeClassification({ nClasses: 5, nInformative: 2, nFeatures: 4 }), 'BAD_OPTION', ['nClasses=5 needs at least 3 informative features']);
    await expectWasmlpError(() => makeMoons({ nSamples: 1.5 }), 'BAD_OPTION', ['nSamples must be an integer']);
  });
});

describe('src/data-tools.ts public API', () => {
  it('exports every tool', () => {
    for (const name of ['loadCsv', 'loadCsvText', 'detectDelimiter', 'isCsvText', 'setCsvEngine', 'MISSING_TOKENS', 'makeMoons', 'makeBlobs', 'makeClassification', 'makeXor', 'StandardScaler', 'MinMaxScaler', 'LabelEncoder', 'OneHotEncoder', 'trainTestSplit', 'KFold', 'StratifiedKFold', 'stratifiedHoldout']) {
      expect(tools, name).toHaveProperty(name);
    }
  });
});
