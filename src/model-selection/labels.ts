import { WasmlpError, describe } from '../errors.js';
import { isMatrix } from '../data/matrix.js';

/** Number of samples in x: matrix rows, or array length. */
export function sampleCount(x: unknown, what = 'x'): number {
  if (isMatrix(x)) return x.rows;
  if (x && typeof (x as ArrayLike<unknown>).length === 'number') return (x as ArrayLike<unknown>).length;
  throw new WasmlpError('BAD_INPUT_TYPE', `${what} must be a Matrix or an array of rows; received ${describe(x)}.`, { option: what });
}

export { indicesByClass } from '../data/class-indices.js';
