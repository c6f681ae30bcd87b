import { WasmlpError, describe } from '../errors.js';

/** Edit distance between two short names (options, flags, columns). */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length];
}

/** The valid name nearest to `name` (case-insensitive), when it is a plausible typo. */
export function closestName(name: string, valid: readonly string[]): string | undefined {
  let best: string | undefined, bestD = Infinity;
  for (const v of valid) {
    const d = editDistance(name.toLowerCase(), v.toLowerCase());
    if (d < bestD) [best, bestD] = [v, d];
  }
  return bestD <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

/**
 * Refuses unknown keys of an options object (a misspelled `lable` must not silently fall back to
 * the default label) with BAD_OPTION naming the closest valid key.
 */
export function checkOptionKeys(caller: string, given: unknown, valid: readonly string[]): void {
  if (given === undefined) return;
  if (typeof given !== 'object' || given === null || Array.isArray(given)) {
    throw new WasmlpError('BAD_OPTION', `${caller} takes an options object; received ${describe(given)}.`, { option: 'options' });
  }
  for (const key of Object.keys(given)) {
    if (valid.includes(key)) continue;
    const near = closestName(key, valid);
    throw new WasmlpError('BAD_OPTION', `${caller}: unknown option '${key}'.${near ? ` Did you mean '${near}'?` : ''} Valid options: ${valid.join(', ')}.`, { option: key });
  }
}
