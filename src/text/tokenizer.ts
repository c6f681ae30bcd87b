/**
 * Word analysis as scikit-learn's default analyzer does it: lowercase, split into tokens of two or
 * more word characters, drop stop words, then join consecutive tokens into n-grams.
 *
 * Python's `(?u)\b\w\w+\b` counts letters, digits (every Unicode number) and '_' as word
 * characters; JavaScript's \w and \b are ASCII-only even with the u flag, so the pattern is
 * spelled with Unicode properties: maximal runs of [\p{L}\p{N}_] of length >= 2 (code points).
 */
export const DEFAULT_TOKEN_PATTERN = /[\p{L}\p{N}_]{2,}/gu;

export interface AnalyzerConfig {
  lowercase: boolean;
  /** Global regular expression whose matches are the tokens. */
  tokenPattern: RegExp;
  stopWords: ReadonlySet<string> | null;
  ngramRange: readonly [number, number];
}

/** The tokens of one text, in order. */
export function tokenize(text: string, pattern: RegExp = DEFAULT_TOKEN_PATTERN): string[] {
  // The default pattern has no group: String.match returns every match at once, the fast path.
  if (pattern === DEFAULT_TOKEN_PATTERN) return text.match(DEFAULT_TOKEN_PATTERN) ?? [];
  const re = pattern.global ? pattern : new RegExp(pattern.source, pattern.flags + 'g');
  re.lastIndex = 0;
  const out: string[] = [];
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    // A pattern with one group yields the group, as Python's re.findall does.
    const token = m.length > 1 ? m[1] ?? '' : m[0];
    if (m[0].length === 0) re.lastIndex++;
    out.push(token);
  }
  return out;
}

/** Word n-grams from min to max length, joined by one space (unigrams first, as scikit-learn). */
export function wordNgrams(tokens: readonly string[], [minN, maxN]: readonly [number, number]): string[] {
  if (minN === 1 && maxN === 1) return tokens as string[];
  const out: string[] = minN === 1 ? tokens.slice() : [];
  for (let n = Math.max(minN, 2); n <= Math.min(maxN, tokens.length); n++) {
    for (let i = 0; i + n <= tokens.length; i++) out.push(tokens.slice(i, i + n).join(' '));
  }
  return out;
}

/** All the terms a document contributes, with repeats. */
export function analyze(text: string | null, config: AnalyzerConfig): string[] {
  if (text === null || text.length === 0) return [];
  const tokens = tokenize(config.lowercase ? text.toLowerCase() : text, config.tokenPattern);
  const kept = config.stopWords ? tokens.filter((t) => !config.stopWords!.has(t)) : tokens;
  return wordNgrams(kept, config.ngramRange);
}

/** Orders strings by code point, as Python sorts str (JavaScript's default compares UTF-16 units). */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i), y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (astral code points) sort after every BMP unit above them in code-point order.
    const xs = x >= 0xd800 && x <= 0xdfff, ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}
