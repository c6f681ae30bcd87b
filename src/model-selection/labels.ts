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

/**
 * Groups sample indices by class, classes in order of first appearance (as scikit-learn's
 * StratifiedKFold encodes y). Rejects non-integer targets: stratifying needs classes.
 */
export function indicesByClass(y: ArrayLike<number>, caller: string): number[][] {
  const byLabel = new Map<number, number[]>();
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (!Number.isInteger(v)) {
      throw new WasmlpError('NOT_CLASS_LABELS', `${caller}: supported target types are binary and multiclass (integer class ids), but y[${i}] is ${describe(v)}. Encode labels with LabelEncoder, or use a non-stratified splitter for regression.`, { row: i, option: 'y' });
    }
    let list = byLabel.get(v);
    if (!list) byLabel.set(v, (list = []));
    list.push(i);
  }
  return [...byLabel.values()];
}
