import { describe, expect, it } from 'vitest';
import { LabelEncoder } from '../../src/preprocessing/label-encoder.js';
import { OneHotEncoder } from '../../src/preprocessing/one-hot-encoder.js';
import { toRows } from '../../src/data/matrix.js';
import { expectWasmlpError } from '../helpers/expect-error.js';

describe('LabelEncoder', () => {
  it('sorts text labels and numbers numerically', () => {
    const e = new LabelEncoder();
    expect(Array.from(e.fitTransform(['R', 'M', 'R', 'B']))).toEqual([2, 1, 2, 0]);
    expect(e.classes).toEqual(['B', 'M', 'R']);
    expect(e.inverseTransform([0, 2])).toEqual(['B', 'R']);
    const n = new LabelEncoder().fit([10, -1, 2, 2]);
    expect(n.classes).toEqual([-1, 2, 10]);
    expect(Array.from(n.transform([2, 10]))).toEqual([1, 2]);
  });

  it('round-trips through JSON and reports misuse', async () => {
    const e = new LabelEncoder().fit(['b', 'a']);
    const back = LabelEncoder.fromJSON(JSON.parse(JSON.stringify(e)));
    expect(back.classes).toEqual(['a', 'b']);
    expect(LabelEncoder.fromJSON(new LabelEncoder().toJSON()).toJSON().state).toBeNull();
    await expectWasmlpError(() => new LabelEncoder().transform(['a']), 'NOT_FITTED', ['call fit(y) before transform']);
    await expectWasmlpError(() => e.transform(['a', 'c']), 'UNKNOWN_LABEL', ['y[1] = "c"', '"a", "b"'], { row: 1 });
    await expectWasmlpError(() => e.inverseTransform([3]), 'UNKNOWN_LABEL', ['ids run 0..1']);
    await expectWasmlpError(() => new LabelEncoder().fit([]), 'EMPTY_DATA');
  });
});

describe('OneHotEncoder', () => {
  it('one-hot encodes class ids given as a flat array', () => {
    const e = new OneHotEncoder();
    expect(toRows(e.fitTransform(new Int32Array([0, 2, 1, 2])))).toEqual([
      [1, 0, 0],
      [0, 0, 1],
      [0, 1, 0],
      [0, 0, 1],
    ]);
    expect(Array.from(e.inverseTransform([[0.1, 0.7, 0.2]]).data)).toEqual([1]); // argmax of soft outputs
  });

  it('encodes several columns with sorted categories and names them', () => {
    const x = [
      [3, 0],
      [1, 1],
      [3, 1],
    ];
    const e = new OneHotEncoder().fit(x);
    expect(toRows(e.transform(x))).toEqual([
      [0, 1, 1, 0],
      [1, 0, 0, 1],
      [0, 1, 0, 1],
    ]);
    expect(e.featureNames(['size', 'flag'])).toEqual(['size=1', 'size=3', 'flag=0', 'flag=1']);
    expect(toRows(e.inverseTransform(e.transform(x)))).toEqual(x);
  });

  it('handles unknown categories, width mismatch and JSON', async () => {
    const e = new OneHotEncoder().fit([[0], [1]]);
    await expectWasmlpError(() => e.transform([[2]]), 'UNKNOWN_CATEGORY', ['row 0, column 0 is 2', "handleUnknown: 'ignore'"]);
    expect(toRows(new OneHotEncoder({ handleUnknown: 'ignore' }).fit([[0], [1]]).transform([[2]]))).toEqual([[0, 0]]);
    await expectWasmlpError(() => e.transform([[0, 1]]), 'WIDTH_MISMATCH', ['fitted on 1 columns, received 2']);
    await expectWasmlpError(() => e.inverseTransform([[1, 0, 0]]), 'WIDTH_MISMATCH', ['fitted on 2 columns, received 3']);
    await expectWasmlpError(() => new OneHotEncoder().transform([1]), 'NOT_FITTED', ['before transform(x)']);
    const back = OneHotEncoder.fromJSON(JSON.parse(JSON.stringify(e.toJSON())));
    expect(back.toJSON()).toEqual(e.toJSON());
  });
});
