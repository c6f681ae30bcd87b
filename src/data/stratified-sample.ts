import { WasmlpError, describe } from '../errors.js';
import { SeededRandom } from '../random.js';
import { indicesByClass } from './class-indices.js';

/**
 * A stratified holdout (for a stratified validationSplit): each class gives round(fraction x count)
 * rows, at least one when it has 2 or more rows and never all of them, so both sides keep every
 * class that can be split. A class with a single row stays in train. Which rows are held out is drawn
 * from `seed`; both index sets are in ascending order.
 */
export function stratifiedHoldout(classIds: ArrayLike<number>, fraction: number, seed: number): { train: Int32Array; holdout: Int32Array } {
  if (!(fraction > 0 && fraction < 1)) {
    throw new WasmlpError('BAD_OPTION', `stratifiedHoldout: fraction must be between 0 and 1 (exclusive); received ${describe(fraction)}.`, { option: 'fraction' });
  }
  const rng = new SeededRandom(seed);
  const held = new Uint8Array(classIds.length);
  let nHeld = 0;
  for (const members of indicesByClass(classIds, 'stratifiedHoldout')) {
    const count = members.length;
    if (count < 2) continue;
    const k = Math.min(count - 1, Math.max(1, Math.round(fraction * count)));
    rng.shuffle(members);
    for (let i = 0; i < k; i++) held[members[i]] = 1;
    nHeld += k;
  }
  const train = new Int32Array(classIds.length - nHeld), holdout = new Int32Array(nHeld);
  let a = 0, b = 0;
  for (let i = 0; i < held.length; i++) {
    if (held[i]) holdout[b++] = i;
    else train[a++] = i;
  }
  return { train, holdout };
}
