/**
 * Cell-level rules shared by the CSV loader: what counts as missing, what counts as a number,
 * and how a cell is cleaned. Kept apart so the rules are written once and documented once.
 */

/** Texts that mean "no value" (compared case-insensitively after trimming): `?`, empty, `NA`, `NaN`, `null`. */
export const MISSING_TOKENS: readonly string[] = ['?', '', 'na', 'nan', 'null'];

/**
 * Trims surrounding spaces and one pair of surrounding single quotes: UCI-style files write
 * labels as `'-1'`, and csv-parse has already removed standard double quotes.
 */
export function cleanCell(raw: string): string {
  let s = raw.trim();
  if (s.length >= 2 && s.charCodeAt(0) === 39 && s.charCodeAt(s.length - 1) === 39) s = s.slice(1, -1).trim();
  return s;
}

export function isMissing(cell: string): boolean {
  if (cell.length === 0) return true;
  // Fast path for the common case (a number): every token is short and starts with '?' or n/N.
  const c = cell.charCodeAt(0);
  if (cell.length > 4 || (c !== 63 && (c | 32) !== 110)) return false;
  return MISSING_TOKENS.includes(cell.toLowerCase());
}

const INFINITE = /^[+-]?(?:inf|infinity)$/i;

/** Largest finite float32; anything beyond overflows to Infinity once stored. */
export const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * Parses a cleaned cell: a finite number, `Infinity` (for '1e999', 'inf', or values beyond float32),
 * or NaN when the cell is text. Accepts '.28', '-1.', '1e-3', '+4'.
 */
export function parseNumber(cell: string): number {
  // Unary plus is the fastest decimal parser, but it also reads '' as 0 and 0x1F, 0o7, 0b1 as
  // integers (signed forms give NaN); those are text here. Cells arrive trimmed.
  const v = +cell;
  if (v !== v || cell.length === 0) return INFINITE.test(cell) ? Infinity : NaN;
  if (cell.charCodeAt(0) === 48 && cell.length > 2) {
    const c1 = cell.charCodeAt(1) | 32;
    if (c1 === 120 || c1 === 111 || c1 === 98) return NaN;
  }
  return Math.abs(v) > FLOAT32_MAX ? Infinity : v;
}
