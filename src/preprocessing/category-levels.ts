import { WasmlpError, describe } from '../errors.js';
import { optionAdvice } from '../advice.js';
import { warn } from '../warnings.js';
import type { Column } from '../data/table.js';

/** How many categories an encoder keeps per column before grouping the rest (a guard against ID-like columns). */
export const DEFAULT_MAX_CATEGORIES = 200;

export interface LevelOptions {
  /** Categories seen fewer times than this (a count >= 1, or a fraction of the rows in (0, 1)) are grouped as infrequent. */
  minFrequency?: number;
  /** At most this many categories per column (default 200): the most frequent are kept, the rest grouped as infrequent, with a warning. */
  maxCategories?: number;
}

/** The fitted categories of one column. */
export interface Levels {
  /** Kept categories, sorted. */
  categories: string[];
  /** Some fit categories were grouped into one "infrequent" category. */
  infrequent: boolean;
  /** Missing cells were seen in fit: they get a category of their own. */
  missing: boolean;
}

/** A cell as a category key; null for a missing cell. Numbers (codes such as pclass) read as their decimal text. */
export function categoryOf(c: Column, row: number): string | null {
  if (c.type === 'string') return c.values[row];
  const v = c.values[row];
  return Number.isNaN(v) ? null : String(v);
}

export function checkLevelOptions(owner: string, o: LevelOptions): void {
  if (o.minFrequency !== undefined && !(typeof o.minFrequency === 'number' && o.minFrequency > 0 && (o.minFrequency < 1 || Number.isInteger(o.minFrequency)))) {
    throw new WasmlpError('BAD_OPTION', `${owner}: minFrequency must be a count >= 1 or a fraction in (0, 1); received ${describe(o.minFrequency)}.`, { option: 'minFrequency' });
  }
  if (o.maxCategories !== undefined && !(Number.isInteger(o.maxCategories) && o.maxCategories >= 1)) {
    throw new WasmlpError('BAD_OPTION', `${owner}: maxCategories must be an integer >= 1; received ${describe(o.maxCategories)}.`, { option: 'maxCategories' });
  }
}

/** Learns the categories of a column on the fit rows: sorted, rare ones grouped, capped. */
export function fitLevels(c: Column, o: LevelOptions, owner: string): Levels {
  const counts = new Map<string, number>();
  let missing = false;
  for (let r = 0; r < c.values.length; r++) {
    const k = categoryOf(c, r);
    if (k === null) missing = true;
    else counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  const min = o.minFrequency === undefined ? 1 : o.minFrequency < 1 ? Math.ceil(o.minFrequency * c.values.length) : o.minFrequency;
  let kept = [...counts.entries()].filter(([, n]) => n >= min);
  const cap = o.maxCategories ?? DEFAULT_MAX_CATEGORIES;
  if (kept.length > cap) {
    warn('TOO_MANY_CATEGORIES', `${owner}: column '${c.name}' has ${counts.size} distinct values; the ${cap} most frequent are encoded and the rest grouped as one infrequent category. If it is an identifier or free text, drop it (${optionAdvice('drop', [c.name])}) or read it as text (${optionAdvice('text', [c.name])}); to keep more, raise ${optionAdvice('maxCategories')}.`);
    kept = kept.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, cap);
  }
  const categories = kept.map(([k]) => k).sort();
  return { categories, infrequent: categories.length < counts.size, missing };
}

/** Output width of a column's levels in a one-hot encoding. */
export function levelWidth(l: Levels): number {
  return l.categories.length + (l.infrequent ? 1 : 0) + (l.missing ? 1 : 0);
}

export function levelNames(name: string, l: Levels): string[] {
  return [...l.categories.map((k) => `${name}=${k}`), ...(l.infrequent ? [`${name}=(infrequent)`] : []), ...(l.missing ? [`${name}=(missing)`] : [])];
}

/**
 * Position of a cell's category in the column's one-hot block: a kept category; the infrequent
 * group for any other category when the column has one (scikit-learn's 'infrequent_if_exist',
 * so the grouped names need not be stored); the missing category; else -1 (a category never seen
 * in fit, or a missing cell when fit saw none).
 */
export function levelLookup(l: Levels): (k: string | null) => number {
  const index = new Map(l.categories.map((k, i) => [k, i]));
  const infrequentAt = l.infrequent ? l.categories.length : -1;
  const missingAt = l.missing ? l.categories.length + (l.infrequent ? 1 : 0) : -1;
  return (k) => {
    if (k === null) return missingAt;
    return index.get(k) ?? infrequentAt;
  };
}

/** Reports categories met in transform that fit never saw (e.g. seen only in a fold's test rows). */
export function warnUnseen(owner: string, column: string, unseen: Set<string>): void {
  if (unseen.size === 0) return;
  const list = [...unseen].slice(0, 5).map((k) => JSON.stringify(k)).join(', ');
  warn('UNSEEN_CATEGORY', `${owner}: column '${column}' has ${unseen.size === 1 ? 'a category' : `${unseen.size} categories`} (${list}${unseen.size > 5 ? ', …' : ''}) that the fit rows never held; ${unseen.size === 1 ? 'it is' : 'they are'} encoded as all zeros. If this happens in cross-validation, the category is rare: group it with minFrequency or check the data.`);
}

/** A saved category list must be sorted, unique strings, one list per saved column. */
export function checkLevelsState(owner: string, columns: unknown, levels: unknown): void {
  const ok = Array.isArray(columns) && Array.isArray(levels) && columns.length === levels.length
    && columns.every((c) => typeof c?.name === 'string' && (c.type === 'number' || c.type === 'string'))
    && levels.every((l) => typeof l === 'object' && l !== null && Array.isArray(l.categories) && typeof l.infrequent === 'boolean' && typeof l.missing === 'boolean'
      && l.categories.every((k: unknown, i: number) => typeof k === 'string' && (i === 0 || l.categories[i - 1] < k)));
  if (!ok) throw new WasmlpError('BAD_JSON', `${owner}.fromJSON: the fitted categories are damaged (each column needs a sorted list of distinct category names).`, { option: 'state' });
}
