import { WasmlpError, describe } from '../errors.js';

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
