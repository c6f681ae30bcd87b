import { WasmlpError, describe } from './errors.js';
import { nameKey } from './names.js';

/**
 * The one option validator for every public constructor and options object.
 *
 * Keras' snake_case keys (input_dim, n_splits, ...) map to the camelCase names; an unknown key is
 * a `BAD_OPTION` error that names the closest valid option (a typo never silently falls back to a
 * default: `new KFold({ nSplit: 3 })` would otherwise give 5 folds). `owner` is the caller's name
 * as users write it ('KFold', 'fit', 'loadCsvText').
 */
export function normaliseOptions<T extends object>(owner: string, given: unknown, valid: readonly (keyof T & string)[]): Partial<T> {
  if (given === undefined) return {};
  if (typeof given !== 'object' || given === null || Array.isArray(given)) {
    throw new WasmlpError('BAD_OPTION', `${owner} takes an options object such as { ${valid[0] ?? 'name'}: ... }; received ${describe(given)}.`, { option: owner });
  }
  const byKey = new Map(valid.map((k) => [nameKey(k), k]));
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(given)) {
    if (value === undefined) continue;
    const canonical = byKey.get(nameKey(key));
    if (!canonical) throw unknownOption(owner, key, valid);
    out[canonical] = value;
  }
  return out as Partial<T>;
}

/** The BAD_OPTION error for an unknown key, with the closest valid name as the fix. */
export function unknownOption(owner: string, key: string, valid: readonly string[]): WasmlpError {
  const near = closestName(key, valid);
  const hint = near === undefined ? '' : ` Did you mean '${near}'?`;
  const list = valid.length === 0 ? `${owner} takes no options.` : `Valid options: ${valid.join(', ')}.`;
  return new WasmlpError('BAD_OPTION', `Unknown ${owner} option '${key}'.${hint} ${list}`, { option: key });
}

/**
 * The valid name nearest to `key` by edit distance over normalised keys (case, '_' and '-'
 * ignored), or undefined when nothing is near enough to be a plausible typo.
 */
export function closestName(key: string, valid: readonly string[]): string | undefined {
  const k = nameKey(key);
  let best: string | undefined, bestDistance = Infinity;
  for (const name of valid) {
    const n = nameKey(name);
    // A part of the name ('epoch' for 'epochs', 'range' for 'featureRange') counts as near; the shortest extension wins.
    const contains = Math.min(k.length, n.length) >= 3 && (n.includes(k) || k.includes(n));
    const d = contains ? 1 + Math.abs(n.length - k.length) / 100 : editDistance(k, n);
    if (d < bestDistance) (bestDistance = d), (best = name);
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.ceil(k.length / 3)) ? best : undefined;
}

/** Damerau-Levenshtein distance (optimal string alignment): swaps of neighbours cost 1. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1, cols = b.length + 1;
  const d: number[] = new Array(rows * cols);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[(i - 1) * cols + j] + 1, d[i * cols + j - 1] + 1, d[(i - 1) * cols + j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[(i - 2) * cols + j - 2] + 1);
      d[i * cols + j] = v;
    }
  }
  return d[rows * cols - 1];
}

export function checkPositiveInt(value: unknown, option: string, owner: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new WasmlpError('BAD_OPTION', `${owner}: '${option}' must be a positive integer, received ${JSON.stringify(value)}.`, { option });
  }
  if (value > 1 << 24) {
    throw new WasmlpError('BAD_OPTION', `${owner}: '${option}' of ${value} is beyond what wasmlp supports (at most ${1 << 24}).`, { option });
  }
  return value;
}
