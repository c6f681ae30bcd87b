export * from '../../src/index.js';
import { takeRows, type Matrix } from '../../src/data/matrix.js';

/** Rows of x and the matching labels for a fold's indices. */
export function takeRowsForTest(x: Matrix, y: ArrayLike<number>, idx: Int32Array): [Matrix, number[]] {
  return [takeRows(x, idx), Array.from(idx, (i) => y[i])];
}
