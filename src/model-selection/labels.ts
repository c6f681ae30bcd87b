import { WasmlpError, describe } from '../errors.js';
import { isMatrix } from '../data/matrix.js';
import { isSparse } from '../data/sparse.js';
import { isTable } from '../data/table.js';

/** Number of samples in x: matrix, sparse matrix or table rows, or array length. */
export function sampleCount(x: unknown, what = 'x'): number {
  if (isMatrix(x) || isSparse(x) || isTable(x)) return x.rows;
  if (x && typeof (x as ArrayLike<unknown>).length === 'number') return (x as ArrayLike<unknown>).length;
  throw new WasmlpError('BAD_INPUT_TYPE', `${what} must be a Matrix or an array of rows; received ${describe(x)}.`, { option: what });
}

export { indicesByClass } from '../data/class-indices.js';
