import { WasmlpError, describe } from '../errors.js';
import { normaliseOptions } from '../options.js';
import { ENGLISH_STOP_WORDS } from './stop-words.js';
import { DEFAULT_TOKEN_PATTERN, type AnalyzerConfig } from './tokenizer.js';

/** Options shared by CountVectorizer and TfidfVectorizer (scikit-learn's names, camelCase). */
export interface CountVectorizerOptions {
  /** Lowercase before tokenizing; default true. */
  lowercase?: boolean;
  /**
   * The tokens: a RegExp (or its source) whose matches, or first group, are the tokens. Default:
   * runs of two or more Unicode letters, digits or '_' (scikit-learn's `(?u)\b\w\w+\b`).
   */
  tokenPattern?: RegExp | string;
  /** 'english' (scikit-learn's list), your own list, or null (default): words dropped before n-grams. */
  stopWords?: 'english' | readonly string[] | null;
  /** Smallest and largest n-gram length in words; default [1, 1]. */
  ngramRange?: readonly [number, number];
  /** Keep only the terms most frequent over the training texts (ties: alphabetical); default all. */
  maxFeatures?: number | null;
  /**
   * Drop terms in fewer documents than this: an integer is a count of documents, a number in
   * (0, 1) a fraction of them. Default 1 (keep all).
   */
  minDf?: number;
  /** Drop terms in more documents than this: an integer count or a fraction in (0, 1). Default: no limit. */
  maxDf?: number | null;
  /** Count presence (0/1) instead of occurrences; default false. */
  binary?: boolean;
  /** Put before every name featureNamesOut gives (TableTransformer uses 'column:', as in `sms:free`); default ''. */
  featurePrefix?: string;
}

export const COUNT_OPTIONS = ['lowercase', 'tokenPattern', 'stopWords', 'ngramRange', 'maxFeatures', 'minDf', 'maxDf', 'binary', 'featurePrefix'] as const;

/** The checked, defaulted form kept by a vectorizer and saved in its JSON. */
export interface CountSettings {
  lowercase: boolean;
  tokenPattern: string | null;
  stopWords: 'english' | string[] | null;
  ngramRange: [number, number];
  maxFeatures: number | null;
  minDf: number;
  maxDf: number | null;
  binary: boolean;
  featurePrefix: string;
}

function bool(value: unknown, option: string, who: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new WasmlpError('BAD_OPTION', `${who}: '${option}' must be true or false, received ${describe(value)}.`, { option });
  return value;
}

/** A document-frequency bound: integer count >= 0 or fraction in (0, 1). */
function dfBound(value: unknown, option: string, who: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (!Number.isInteger(value) && value >= 1)) {
    throw new WasmlpError('BAD_OPTION', `${who}: '${option}' must be a whole number of documents (e.g. 2) or a fraction of them between 0 and 1 (e.g. 0.95), received ${describe(value)}.`, { option });
  }
  return value;
}

export function countSettings(who: string, options: object, valid: readonly string[] = COUNT_OPTIONS): { settings: CountSettings; rest: Record<string, unknown> } {
  const o = normaliseOptions<Record<string, unknown>>(who, options ?? {}, valid) as Record<string, unknown>;
  const ngram = o.ngramRange ?? [1, 1];
  if (!Array.isArray(ngram) || ngram.length !== 2 || !ngram.every((v) => Number.isInteger(v) && v >= 1) || ngram[0] > ngram[1] || ngram[1] > 16) {
    throw new WasmlpError('BAD_OPTION', `${who}: 'ngramRange' must be [min, max] with 1 <= min <= max <= 16 (e.g. [1, 2] for words and pairs), received ${describe(o.ngramRange)}.`, { option: 'ngramRange' });
  }
  let tokenPattern: string | null = null;
  if (o.tokenPattern !== undefined && o.tokenPattern !== null) {
    const p = o.tokenPattern;
    if (!(p instanceof RegExp) && typeof p !== 'string') {
      throw new WasmlpError('BAD_OPTION', `${who}: 'tokenPattern' must be a RegExp or its source string, received ${describe(p)}.`, { option: 'tokenPattern' });
    }
    const source = p instanceof RegExp ? p.source : p;
    try {
      new RegExp(source, 'gu');
    } catch (e) {
      throw new WasmlpError('BAD_OPTION', `${who}: 'tokenPattern' ${JSON.stringify(source)} is not a valid regular expression (${(e as Error).message}).`, { option: 'tokenPattern' });
    }
    tokenPattern = source;
  }
  let stopWords: CountSettings['stopWords'] = null;
  if (o.stopWords !== undefined && o.stopWords !== null) {
    if (o.stopWords === 'english') stopWords = 'english';
    else if (Array.isArray(o.stopWords) && o.stopWords.every((w) => typeof w === 'string')) stopWords = [...o.stopWords];
    else throw new WasmlpError('BAD_OPTION', `${who}: 'stopWords' must be 'english', an array of words or null, received ${describe(o.stopWords)}.`, { option: 'stopWords' });
  }
  let maxFeatures: number | null = null;
  if (o.maxFeatures !== undefined && o.maxFeatures !== null) {
    if (typeof o.maxFeatures !== 'number' || !Number.isInteger(o.maxFeatures) || o.maxFeatures < 1) {
      throw new WasmlpError('BAD_OPTION', `${who}: 'maxFeatures' must be an integer >= 1 or null, received ${describe(o.maxFeatures)}.`, { option: 'maxFeatures' });
    }
    maxFeatures = o.maxFeatures;
  }
  const minDf = o.minDf === undefined ? 1 : dfBound(o.minDf, 'minDf', who);
  const maxDf = o.maxDf === undefined || o.maxDf === null ? null : dfBound(o.maxDf, 'maxDf', who);
  const settings: CountSettings = {
    lowercase: bool(o.lowercase, 'lowercase', who, true),
    tokenPattern, stopWords, ngramRange: [ngram[0], ngram[1]], maxFeatures, minDf, maxDf,
    binary: bool(o.binary, 'binary', who, false),
    featurePrefix: (o.featurePrefix ?? '') as string,
  };
  if (typeof settings.featurePrefix !== 'string') {
    throw new WasmlpError('BAD_OPTION', `${who}: 'featurePrefix' must be a string such as 'sms:', received ${describe(o.featurePrefix)}.`, { option: 'featurePrefix' });
  }
  const rest: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (!(COUNT_OPTIONS as readonly string[]).includes(k)) rest[k] = v;
  return { settings, rest };
}

export function analyzerConfig(s: CountSettings): AnalyzerConfig {
  return {
    lowercase: s.lowercase,
    tokenPattern: s.tokenPattern === null ? DEFAULT_TOKEN_PATTERN : new RegExp(s.tokenPattern, 'gu'),
    stopWords: s.stopWords === null ? null : s.stopWords === 'english' ? ENGLISH_STOP_WORDS : new Set(s.stopWords),
    ngramRange: s.ngramRange,
  };
}

/** A document-frequency bound in documents: integers are counts, fractions scale by n. */
export function documentCount(bound: number, n: number): number {
  return Number.isInteger(bound) ? bound : bound * n;
}
