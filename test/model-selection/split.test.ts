import { describe, expect, it } from 'vitest';
import { trainTestSplit } from '../../src/model-selection/train-test-split.js';
import { stratifiedHoldout } from '../../src/data/stratified-sample.js';
import { expectWasmlpError } from '../helpers/expect-error.js';

const n = 100;
const x = Array.from({ length: n }, (_, i) => [i, -i]);
const y = Int32Array.from({ length: n }, (_, i) => (i % 10 < 3 ? 1 : 0)); // 30 / 70

function counts(labels: ArrayLike<number>) {
  const c = [0, 0];
  for (let i = 0; i < labels.length; i++) c[labels[i]]++;
  return c;
}

describe('trainTestSplit', () => {
  it('partitions rows with ceil(testSize x n) test rows, stratified by default', () => {
    const s = trainTestSplit(x, y, { seed: 3 });
    expect(s.testIndex.length).toBe(25);
    expect(s.trainIndex.length).toBe(75);
    expect(new Set([...s.trainIndex, ...s.testIndex]).size).toBe(n);
    expect(counts(s.yTest)).toEqual([17, 8]); // 17.5 / 7.5: largest remainder, a tie goes to the class seen first (class 1, row 0)
    expect(s.xTest.rows).toBe(25);
    s.testIndex.forEach((row, i) => {
      expect(s.xTest.data[2 * i]).toBe(row);
      expect(s.yTest[i]).toBe(y[row]);
    });
    expect(s.yTrain).toBeInstanceOf(Int32Array);
  });

  it('is deterministic per seed and differs across seeds', () => {
    const a = trainTestSplit(x, y, { seed: 1, testSize: 0.2 });
    expect(trainTestSplit(x, y, { seed: 1, testSize: 0.2 }).testIndex).toEqual(a.testIndex);
    expect(trainTestSplit(x, y, { seed: 2, testSize: 0.2 }).testIndex).not.toEqual(a.testIndex);
    expect(counts(a.yTest)).toEqual([14, 6]);
  });

  it('takes the tail without shuffle, counts an integer testSize, does not stratify regression targets', () => {
    const s = trainTestSplit(x, y, { shuffle: false, testSize: 10 });
    expect(Array.from(s.testIndex)).toEqual([90, 91, 92, 93, 94, 95, 96, 97, 98, 99]);
    const reg = trainTestSplit(x, Float32Array.from({ length: n }, (_, i) => i / 3), { seed: 0 });
    expect(reg.yTest).toBeInstanceOf(Float32Array);
    expect(reg.testIndex.length).toBe(25);
    const plain = trainTestSplit(x, Array.from(y), { seed: 0 });
    expect(Array.isArray(plain.yTrain)).toBe(true);
  });

  it('reports bad sizes and unsplittable classes', async () => {
    await expectWasmlpError(() => trainTestSplit(x, y, { testSize: 1.5 }), 'BAD_OPTION', ['testSize must be a fraction'], { option: 'testSize' });
    await expectWasmlpError(() => trainTestSplit(x, y, { testSize: 100 }), 'BAD_OPTION', ['train set would be empty']);
    await expectWasmlpError(() => trainTestSplit([[1], [2], [3], [4]], [0, 0, 0, 1]), 'TOO_FEW_MEMBERS', ['least populated class in y has only 1 member', 'stratify: false']);
    await expectWasmlpError(() => trainTestSplit(x, y, { shuffle: false, stratify: true }), 'BAD_OPTION', ['needs shuffle: true']);
    await expectWasmlpError(() => trainTestSplit(x, y.subarray(1)), 'SHAPE_MISMATCH', ['one label per row of x (100)']);
    await expectWasmlpError(() => trainTestSplit(x.slice(0, 10), Int32Array.from({ length: 10 }, (_, i) => i % 5), { testSize: 2 }), 'BAD_OPTION', ['test size = 2 should be greater or equal to the number of classes = 5']);
  });
});

describe('stratifiedHoldout', () => {
  it('takes round(fraction x count) per class, at least one, both sides ascending', () => {
    const ids = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 3];
    const { train, holdout } = stratifiedHoldout(ids, 0.2, 5);
    const held = [0, 0, 0, 0];
    for (const i of holdout) held[ids[i]]++;
    expect(held).toEqual([2, 1, 1, 0]); // 10 -> 2, 4 -> round(0.8) = 1, 2 -> at least 1, 1 row stays in train
    expect(train.length + holdout.length).toBe(ids.length);
    expect(new Set([...train, ...holdout]).size).toBe(ids.length);
    expect(Array.from(holdout)).toEqual(Array.from(holdout).sort((a, b) => a - b));
    expect(Array.from(train)).toEqual(Array.from(train).sort((a, b) => a - b));
  });

  it('never holds out a whole class, is seeded, and validates fraction', async () => {
    const ids = Int32Array.from({ length: 40 }, (_, i) => i % 4);
    const a = stratifiedHoldout(ids, 0.95, 1);
    for (let c = 0; c < 4; c++) expect(Array.from(a.train).some((i) => ids[i] === c)).toBe(true);
    expect(stratifiedHoldout(ids, 0.3, 9)).toEqual(stratifiedHoldout(ids, 0.3, 9));
    expect(stratifiedHoldout(ids, 0.3, 9).holdout).not.toEqual(stratifiedHoldout(ids, 0.3, 10).holdout);
    await expectWasmlpError(() => stratifiedHoldout(ids, 0, 1), 'BAD_OPTION', ['between 0 and 1']);
    await expectWasmlpError(() => stratifiedHoldout([0.5, 1], 0.5, 1), 'NOT_CLASS_LABELS');
  });
});
