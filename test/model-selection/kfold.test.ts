import { describe, expect, it } from 'vitest';
import { KFold, type Fold } from '../../src/model-selection/kfold.js';
import { StratifiedKFold } from '../../src/model-selection/stratified-kfold.js';
import { expectWasmlpError } from '../helpers/expect-error.js';

const rows = (n: number) => Array.from({ length: n }, (_, i) => [i]);

/** Every sample in exactly one test fold, train = complement, sizes within one. */
function checkPartition(folds: Fold[], n: number) {
  const seen = new Int32Array(n);
  for (const { train, test } of folds) {
    expect(train.length + test.length).toBe(n);
    const inTest = new Set(test);
    for (const i of train) expect(inTest.has(i)).toBe(false);
    for (const i of test) seen[i]++;
    expect(Array.from(test)).toEqual(Array.from(test).sort((a, b) => a - b));
    expect(Array.from(train)).toEqual(Array.from(train).sort((a, b) => a - b));
  }
  expect(Array.from(seen).every((c) => c === 1)).toBe(true);
  const sizes = folds.map((f) => f.test.length);
  expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
}

describe('KFold', () => {
  it('cuts contiguous folds like scikit-learn (first n % k folds one larger)', () => {
    const folds = [...new KFold({ nSplits: 3 }).split(rows(10))];
    expect(folds.map((f) => Array.from(f.test))).toEqual([[0, 1, 2, 3], [4, 5, 6], [7, 8, 9]]);
    expect(Array.from(folds[1].train)).toEqual([0, 1, 2, 3, 7, 8, 9]);
    checkPartition(folds, 10);
    expect(new KFold().getNSplits()).toBe(5);
  });

  it('shuffles deterministically for a seed and differently for another seed', () => {
    const a = [...new KFold({ nSplits: 4, shuffle: true, seed: 1 }).split(rows(23))];
    const b = [...new KFold({ nSplits: 4, shuffle: true, seed: 1 }).split(rows(23))];
    const c = [...new KFold({ nSplits: 4, shuffle: true, seed: 2 }).split(rows(23))];
    checkPartition(a, 23);
    checkPartition(c, 23);
    expect(a).toEqual(b);
    expect(a.map((f) => Array.from(f.test))).not.toEqual(c.map((f) => Array.from(f.test)));
  });

  it("raises scikit-learn's errors", async () => {
    await expectWasmlpError(() => new KFold({ nSplits: 1 }), 'BAD_OPTION', ['requires at least one train/test split by setting nSplits=2 or more, got nSplits=1'], { option: 'nSplits' });
    await expectWasmlpError(() => [...new KFold({ nSplits: 6 }).split(rows(5))], 'BAD_OPTION', ['Cannot have number of splits nSplits=6 greater than the number of samples: n=5']);
    await expectWasmlpError(() => new KFold({ seed: 3 }), 'BAD_OPTION', ['no effect since shuffle is false', 'shuffle: true'], { option: 'seed' });
    await expectWasmlpError(() => new KFold({ nSplits: 2.5 }), 'BAD_OPTION', ['integral']);
  });
});

describe('StratifiedKFold', () => {
  // 3 classes: 10 / 6 / 4 rows, interleaved
  const y = Int32Array.from({ length: 20 }, (_, i) => (i < 10 ? 0 : i < 16 ? 1 : 2)).map((v, i, a) => a[(i * 7) % 20]);

  it('keeps class proportions in every fold and partitions the rows', () => {
    const folds = [...new StratifiedKFold({ nSplits: 2 }).split(rows(20), y)];
    checkPartition(folds, 20);
    for (const { test } of folds) {
      const counts = [0, 0, 0];
      for (const i of test) counts[y[i]]++;
      expect(counts).toEqual([5, 3, 2]);
    }
  });

  it('matches scikit-learn on a small case without shuffle', () => {
    // sklearn: StratifiedKFold(3).split(X, [0,0,0,0,0,0,1,1,1]) test folds [0,1,6],[2,3,7],[4,5,8]
    const folds = [...new StratifiedKFold({ nSplits: 3 }).split(rows(9), [0, 0, 0, 0, 0, 0, 1, 1, 1])];
    expect(folds.map((f) => Array.from(f.test))).toEqual([[0, 1, 6], [2, 3, 7], [4, 5, 8]]);
  });

  it('is deterministic per seed and varies across seeds', () => {
    const run = (seed: number) => [...new StratifiedKFold({ nSplits: 4, shuffle: true, seed }).split(rows(20), y)].map((f) => Array.from(f.test));
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
    const folds = [...new StratifiedKFold({ nSplits: 4, shuffle: true, seed: 7 }).split(rows(20), y)];
    checkPartition(folds, 20);
  });

  it("raises scikit-learn's errors for small classes and non-class targets", async () => {
    await expectWasmlpError(() => [...new StratifiedKFold({ nSplits: 5 }).split(rows(20), y)], 'TOO_FEW_MEMBERS', ['The least populated class in y has only 4 members, which is less than nSplits=5']);
    await expectWasmlpError(() => [...new StratifiedKFold({ nSplits: 3 }).split(rows(4), [0, 0, 1, 1])], 'TOO_FEW_MEMBERS', ['nSplits=3 cannot be greater than the number of members in each class']);
    await expectWasmlpError(() => [...new StratifiedKFold({ nSplits: 2 }).split(rows(4), [0.5, 1, 0, 1])], 'NOT_CLASS_LABELS', ['binary and multiclass', 'y[0] is 0.5']);
    await expectWasmlpError(() => [...new StratifiedKFold().split(rows(4), [0, 1])], 'SHAPE_MISMATCH', ['one entry per row of x (4)']);
  });
});
