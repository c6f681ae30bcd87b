import { WasmlpError, describe } from '../errors.js';
import type { SparseMatrix } from '../data/sparse.js';
import type { TransformerJSON } from '../preprocessing/transformer.js';
import { analyze, compareCodePoints, type AnalyzerConfig } from './tokenizer.js';
import { documentsOf, type Documents } from './documents.js';
import { analyzerConfig, countSettings, documentCount, type CountSettings, type CountVectorizerOptions } from './vectorizer-options.js';

/** Counts in CSR form with float64 values, before weighting. */
export interface CountRows {
  rows: number;
  cols: number;
  indptr: Int32Array;
  indices: Int32Array;
  values: Float64Array;
}

export interface CountState {
  /** Terms in column order (sorted by code point, as scikit-learn's get_feature_names_out). */
  vocabulary: string[];
}

/**
 * Term counts per document as sparse rows (scikit-learn's CountVectorizer): fit learns the
 * vocabulary from the training texts only, transform counts the known terms of any text (unknown
 * terms are ignored). Columns are the terms sorted by code point.
 *
 * @example
 * const cv = new CountVectorizer({ ngramRange: [1, 2], minDf: 2 });
 * const x = cv.fitTransform(['free entry now', 'call me now']); // SparseMatrix
 */
export class CountVectorizer {
  readonly className: string = 'CountVectorizer';
  protected readonly settings: CountSettings;
  protected readonly analyzer: AnalyzerConfig;
  protected terms: string[] | null = null;
  private index: Map<string, number> | null = null;

  constructor(options: CountVectorizerOptions = {}) {
    this.settings = countSettings('CountVectorizer', options).settings;
    this.analyzer = analyzerConfig(this.settings);
  }

  /** Learns the vocabulary from the texts; returns this. */
  fit(docs: Documents, _y?: unknown): this {
    this.fitTexts(documentsOf(docs, `${this.className}.fit`));
    return this;
  }

  transform(docs: Documents): SparseMatrix {
    return this.weigh(this.countRows(documentsOf(docs, `${this.className}.transform`), 'transform'));
  }

  fitTransform(docs: Documents, y?: unknown): SparseMatrix {
    return this.fit(docs, y).transform(docs);
  }

  /** The column names: the terms, in column order. */
  featureNamesOut(): string[] {
    return this.fittedTerms('featureNamesOut').slice();
  }

  /** term -> column. */
  get vocabulary(): ReadonlyMap<string, number> {
    this.fittedTerms('vocabulary');
    return this.index!;
  }

  get isFitted(): boolean {
    return this.terms !== null;
  }

  getConfig(): CountSettings {
    return structuredClone(this.settings);
  }

  toJSON(): TransformerJSON<CountSettings, CountState> {
    return { className: this.className, config: this.getConfig(), state: this.terms ? { vocabulary: this.terms.slice() } : null };
  }

  static fromJSON(json: unknown): CountVectorizer {
    const j = checkJSON(json, 'CountVectorizer');
    const v = new CountVectorizer(j.config as CountVectorizerOptions);
    if (j.state) v.setVocabulary(checkVocabulary(j.state.vocabulary, 'CountVectorizer'));
    return v;
  }

  /** @internal Sets the fitted vocabulary (fromJSON). */
  protected setVocabulary(terms: string[]): void {
    this.terms = terms;
    this.index = new Map(terms.map((t, i) => [t, i]));
  }

  protected fittedTerms(call: string): string[] {
    if (!this.terms) {
      throw new WasmlpError('NOT_FITTED', `This ${this.className} is not fitted yet: call fit(texts) before ${call}, or use fitTransform(texts).`, { option: call });
    }
    return this.terms;
  }

  /** Learns everything fit learns from checked texts; TF-IDF adds its idf weights. */
  protected fitTexts(docs: readonly (string | null)[]): void {
    this.learnVocabulary(docs);
  }

  /** Document frequency bounds, the maxFeatures cut, then code-point order (scikit-learn's fit). */
  private learnVocabulary(docs: readonly (string | null)[]): void {
    const s = this.settings;
    const ids = new Map<string, number>();
    const df: number[] = [], total: number[] = [];
    const seen = new Set<number>();
    for (const doc of docs) {
      seen.clear();
      for (const term of analyze(doc ?? null, this.analyzer)) {
        let id = ids.get(term);
        if (id === undefined) { id = ids.size; ids.set(term, id); df.push(0); total.push(0); }
        if (!seen.has(id)) { seen.add(id); df[id]++; if (s.binary) total[id]++; }
        if (!s.binary) total[id]++;
      }
    }
    if (ids.size === 0) {
      throw new WasmlpError('EMPTY_VOCABULARY', `${this.className}.fit: the ${docs.length} training texts hold no token (tokens are runs of 2+ letters or digits${s.stopWords ? ', stop words removed' : ''}). Check that the right column was passed as text, or change tokenPattern/stopWords.`, { option: 'x' });
    }
    const n = docs.length;
    const low = documentCount(s.minDf, n), high = s.maxDf === null ? Infinity : documentCount(s.maxDf, n);
    if (high < low) {
      throw new WasmlpError('BAD_OPTION', `${this.className}: maxDf (${s.maxDf}) keeps fewer documents (${high}) than minDf (${s.minDf}) requires (${low}) on ${n} texts. Raise maxDf or lower minDf.`, { option: 'maxDf' });
    }
    let kept: string[] = [];
    for (const [term, id] of ids) if (df[id] >= low && df[id] <= high) kept.push(term);
    if (kept.length === 0) {
      throw new WasmlpError('EMPTY_VOCABULARY', `${this.className}.fit: after minDf=${s.minDf} and maxDf=${s.maxDf} no term remains out of ${ids.size}. Lower minDf or raise maxDf.`, { option: 'minDf' });
    }
    if (s.maxFeatures !== null && kept.length > s.maxFeatures) {
      // Most frequent over the corpus first; equal frequencies in code-point order, so the cut is the same everywhere.
      kept.sort((a, b) => total[ids.get(b)!] - total[ids.get(a)!] || compareCodePoints(a, b));
      kept = kept.slice(0, s.maxFeatures);
    }
    kept.sort(compareCodePoints);
    this.setVocabulary(kept);
  }

  /** Counts (or 0/1 when binary) of the known terms per document, as CSR with sorted columns. */
  protected countRows(docs: readonly (string | null)[], call: string): CountRows {
    this.fittedTerms(call);
    const index = this.index!;
    const cols = this.terms!.length;
    const scratch = new Float64Array(cols);
    const touched: number[] = [];
    const indptr = new Int32Array(docs.length + 1);
    const indices: number[] = [], values: number[] = [];
    for (let r = 0; r < docs.length; r++) {
      touched.length = 0;
      for (const term of analyze(docs[r] ?? null, this.analyzer)) {
        const c = index.get(term);
        if (c === undefined) continue;
        if (scratch[c] === 0) touched.push(c);
        scratch[c]++;
      }
      touched.sort((a, b) => a - b);
      for (const c of touched) {
        indices.push(c);
        values.push(this.settings.binary ? 1 : scratch[c]);
        scratch[c] = 0;
      }
      indptr[r + 1] = indices.length;
    }
    return { rows: docs.length, cols, indptr, indices: Int32Array.from(indices), values: Float64Array.from(values) };
  }

  /** The output values from the counts: as they are here; TF-IDF weights them. */
  protected weigh(c: CountRows): SparseMatrix {
    return { format: 'csr', rows: c.rows, cols: c.cols, indptr: c.indptr, indices: c.indices, values: Float32Array.from(c.values) };
  }
}

/** Shape checks shared by the vectorizers' fromJSON. */
export function checkJSON(json: unknown, className: string): TransformerJSON<CountSettings & Record<string, unknown>, CountState & { idf?: number[] }> {
  const j = json as TransformerJSON<CountSettings & Record<string, unknown>, CountState & { idf?: number[] }>;
  if (typeof j !== 'object' || j === null || j.className !== className || typeof j.config !== 'object' || j.config === null) {
    throw new WasmlpError('BAD_JSON', `${className}.fromJSON takes what ${className}.toJSON() returned ({ className: '${className}', config, state }); received ${describe(json)}.`, { option: 'className' });
  }
  return j;
}

export function checkVocabulary(vocabulary: unknown, className: string): string[] {
  if (!Array.isArray(vocabulary) || vocabulary.length === 0 || !vocabulary.every((t) => typeof t === 'string') || new Set(vocabulary).size !== vocabulary.length) {
    throw new WasmlpError('BAD_JSON', `${className}.fromJSON: state.vocabulary must be a non-empty array of distinct strings; received ${describe(vocabulary)}.`, { option: 'state.vocabulary' });
  }
  return vocabulary.slice();
}
