import { describe, expect, it } from 'vitest';
import { StandardScaler } from '../../src/preprocessing/standard-scaler.js';
import { MinMaxScaler } from '../../src/preprocessing/min-max-scaler.js';
import { toRows } from '../../src/data/matrix.js';
import { expectWasmlpError } from '../helpers/expect-error.js';

const x = [
  [1, 10, 5],
  [2, 20, 5],
  [3, 60, 5],
  [6, 30, 5],
];

function close(actual: number[][], expected: number[][], digits = 5) {
  expect(actual.length).toBe(expected.length);
  actual.forEach((row, r) => row.forEach((v, c) => expect(v).toBeCloseTo(expected[r][c], digits)));
}

describe('StandardScaler', () => {
  it('matches hand-computed z-scores with population std (ddof = 0)', () => {
    // column 0: mean 3, var ((4+1+0+9)/4) = 3.5; column 1: mean 30, var (400+100+900+0)/4 = 350
    const s = new StandardScaler().fit(x);
    const z = toRows(s.transform(x));
    const s0 = Math.sqrt(3.5), s1 = Math.sqrt(350);
    close(z, [
      [-2 / s0, -20 / s1, 0],
      [-1 / s0, -10 / s1, 0],
      [0, 30 / s1, 0],
      [3 / s0, 0, 0],
    ]);
    expect(s.toJSON().state!.mean).toEqual([3, 30, 5]);
    expect(s.toJSON().state!.scale[0]).toBeCloseTo(s0, 12);
  });

  it('scales constant columns by 1 and never produces NaN', () => {
    const s = new StandardScaler();
    const z = s.fitTransform(x);
    expect(s.toJSON().state!.scale[2]).toBe(1);
    expect(z.data.every(Number.isFinite)).toBe(true);
  });

  it('sums in float64: large offsets keep their variance', () => {
    const rows = Array.from({ length: 10000 }, (_, i) => [1e4 + (i % 2)]);
    const st = new StandardScaler().fit(rows).toJSON().state!;
    expect(st.mean[0]).toBeCloseTo(10000.5, 9);
    expect(st.scale[0]).toBeCloseTo(0.5, 9);
  });

  it('inverts, honours withMean / withStd, and round-trips through JSON', () => {
    const s = new StandardScaler().fit(x);
    close(toRows(s.inverseTransform(s.transform(x))), x, 4);
    const noMean = new StandardScaler({ withMean: false }).fit(x);
    expect(noMean.toJSON().state!.mean).toEqual([0, 0, 0]);
    const json = JSON.parse(JSON.stringify(s.toJSON()));
    expect(json.className).toBe('StandardScaler');
    const back = StandardScaler.fromJSON(json);
    expect(back.toJSON()).toEqual(s.toJSON());
    expect(back.transform(x).data).toEqual(s.transform(x).data);
    expect(StandardScaler.fromJSON(new StandardScaler({ withStd: false }).toJSON()).getConfig()).toEqual({ withStd: false });
  });

  it('names the call when not fitted and reports width mismatches', async () => {
    await expectWasmlpError(() => new StandardScaler().transform(x), 'NOT_FITTED', ['StandardScaler is not fitted yet', 'before transform(x)'], { option: 'transform' });
    await expectWasmlpError(() => new StandardScaler().inverseTransform(x), 'NOT_FITTED', ['before inverseTransform(x)']);
    const s = new StandardScaler().fit(x);
    await expectWasmlpError(() => s.transform([[1, 2, 3, 4, 5]]), 'WIDTH_MISMATCH', ['fitted on 3 columns, received 5']);
    await expectWasmlpError(() => StandardScaler.fromJSON({ className: 'MinMaxScaler', config: {}, state: null } as never), 'BAD_JSON', ['expected "StandardScaler"']);
  });
});

describe('MinMaxScaler', () => {
  it('maps each column onto [0, 1] by default, constant columns to 0', () => {
    const s = new MinMaxScaler().fit(x);
    close(toRows(s.transform(x)), [
      [0, 0, 0],
      [0.2, 0.2, 0],
      [0.4, 1, 0],
      [1, 0.4, 0],
    ]);
    close(toRows(s.transform([[11, -40, 7]])), [[2, -1, 2]]); // extrapolates like scikit-learn
  });

  it('supports a featureRange and inverts', () => {
    const s = new MinMaxScaler({ featureRange: [-1, 1] }).fit(x);
    close(toRows(s.transform(x)), [
      [-1, -1, -1],
      [-0.6, -0.6, -1],
      [-0.2, 1, -1],
      [1, -0.2, -1],
    ]);
    close(toRows(s.inverseTransform(s.transform(x))), x, 4);
  });

  it('round-trips through JSON and validates featureRange', async () => {
    const s = new MinMaxScaler({ featureRange: [0, 2] }).fit(x);
    const back = MinMaxScaler.fromJSON(JSON.parse(JSON.stringify(s)));
    expect(back.getConfig()).toEqual({ featureRange: [0, 2] });
    expect(back.transform(x).data).toEqual(s.transform(x).data);
    await expectWasmlpError(() => new MinMaxScaler({ featureRange: [1, 0] }), 'BAD_OPTION', ['low < high', '[1,0]'], { option: 'featureRange' });
    await expectWasmlpError(() => new MinMaxScaler().fit(x).transform([[1, 2]]), 'WIDTH_MISMATCH', ['fitted on 3 columns, received 2']);
    await expectWasmlpError(() => new MinMaxScaler().fitTransform([[1, NaN]]), 'NON_FINITE');
  });
});
