import { WasmlpError, describe } from '../errors.js';
import type { SparseMatrix } from '../data/sparse.js';
import type { TransformerJSON } from '../preprocessing/transformer.js';
import { analyze, compareCodePoints, type AnalyzerConfig } from './tokenizer.js';
import { documentsOf, type Documents } from './documents.js';
import { analyzerConfig, countSettings, documentCount, type CountSettings, type CountVectorizerOptions } from './vectorizer-options.js';

/** Texts as columns of the vocabulary: text r's tokens are ids[offsets[r] .. offsets[r + 1]). */
export interface EncodedTexts {
  ids: Int32Array;
  offsets: Int32Array;
}

function grow(a: Int32Array): Int32Array<ArrayBuffer> {
  const out = new Int32Array(a.length * 2);
  out.set(a);
  return out;
}

/** Counts in CSR form with float64 values, before weighting. */
export interface CountRows {
  rows: number;
  cols: number;
  indptr: Int32Array;
  indices: Int32Array;
  values: Float64Array;
}

/** The fitted state of a CountVectorizer: its vocabulary. */
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
    this.fitCounts(this.countRows(this.learnVocabulary(documentsOf(docs, `${this.className}.fit`))));
    return this;
  }

  transform(docs: Documents): SparseMatrix {
    const texts = documentsOf(docs, `${this.className}.transform`);
    this.fittedTerms('transform');
    return this.weigh(this.countRows(this.encode(texts)));
  }

  /** fit then transform, tokenizing each text once. */
  fitTransform(docs: Documents, _y?: unknown): SparseMatrix {
    const counts = this.countRows(this.learnVocabulary(documentsOf(docs, `${this.className}.fitTransform`)));
    this.fitCounts(counts);
    return this.weigh(counts);
  }

  /** The column names: the terms in column order, after featurePrefix. */
  featureNamesOut(): string[] {
    const prefix = this.settings.featurePrefix;
    return this.fittedTerms('featureNamesOut').map((t) => prefix + t);
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

  /** Each text's terms as columns of the fitted vocabulary (unknown terms left out). */
  private encode(docs: readonly (string | null)[]): EncodedTexts {
    const index = this.index!;
    const offsets = new Int32Array(docs.length + 1);
    let ids = new Int32Array(1024), at = 0;
    for (let r = 0; r < docs.length; r++) {
      for (const term of analyze(docs[r] ?? null, this.analyzer)) {
        const c = index.get(term);
        if (c === undefined) continue;
        if (at === ids.length) { const grown = new Int32Array(at * 2); grown.set(ids); ids = grown; }
        ids[at++] = c;
      }
      offsets[r + 1] = at;
    }
    return { ids, offsets };
  }

  /** Learns what fit learns beyond the vocabulary, from the training counts: TF-IDF's idf weights. */
  protected fitCounts(_counts: CountRows): void {}

  /**
   * Document frequency bounds, the maxFeatures cut, then code-point order (scikit-learn's fit).
   * Returns the texts encoded as columns of the learnt vocabulary, so fitTransform tokenizes once.
   */
  private learnVocabulary(docs: readonly (string | null)[]): EncodedTexts {
    const s = this.settings;
    const ids = new Map<string, number>();
    const terms: string[] = [];
    let df = new Int32Array(1024), total = new Int32Array(1024), lastDoc = new Int32Array(1024);
    const offsets = new Int32Array(docs.length + 1);
    let tokens = new Int32Array(1024), at = 0;
    for (let r = 0; r < docs.length; r++) {
      for (const term of analyze(docs[r] ?? null, this.analyzer)) {
        let id = ids.get(term);
        if (id === undefined) {
          id = terms.length;
          ids.set(term, id);
          terms.push(term);
          if (id === df.length) { df = grow(df); total = grow(total); lastDoc = grow(lastDoc); }
        }
        // lastDoc holds r + 1 once the term was counted in document r.
        if (lastDoc[id] !== r + 1) { lastDoc[id] = r + 1; df[id]++; if (s.binary) total[id]++; }
        if (!s.binary) total[id]++;
        if (at === tokens.length) tokens = grow(tokens);
        tokens[at++] = id;
      }
      offsets[r + 1] = at;
    }
    if (terms.length === 0) {
      throw new WasmlpError('EMPTY_VOCABULARY', `${this.className}.fit: the ${docs.length} training texts hold no token (tokens are runs of 2+ letters or digits${s.stopWords ? ', stop words removed' : ''}). Check that the right column was passed as text, or change tokenPattern/stopWords.`, { option: 'x' });
    }
    const n = docs.length;
    const low = documentCount(s.minDf, n), high = s.maxDf === null ? Infinity : documentCount(s.maxDf, n);
    if (high < low) {
      throw new WasmlpError('BAD_OPTION', `${this.className}: maxDf (${s.maxDf}) keeps fewer documents (${high}) than minDf (${s.minDf}) requires (${low}) on ${n} texts. Raise maxDf or lower minDf.`, { option: 'maxDf' });
    }
    let kept: number[] = [];
    for (let id = 0; id < terms.length; id++) if (df[id] >= low && df[id] <= high) kept.push(id);
    if (kept.length === 0) {
      throw new WasmlpError('EMPTY_VOCABULARY', `${this.className}.fit: after minDf=${s.minDf} and maxDf=${s.maxDf} no term remains out of ${terms.length}. Lower minDf or raise maxDf.`, { option: 'minDf' });
    }
    if (s.maxFeatures !== null && kept.length > s.maxFeatures) {
      // Most frequent over the corpus first; equal frequencies in code-point order, so the cut is the same everywhere.
      kept.sort((a, b) => total[b] - total[a] || compareCodePoints(terms[a], terms[b]));
      kept = kept.slice(0, s.maxFeatures);
    }
    kept.sort((a, b) => compareCodePoints(terms[a], terms[b]));
    this.setVocabulary(kept.map((id) => terms[id]));
    // Provisional ids -> columns; dropped terms leave the token stream.
    const column = new Int32Array(terms.length).fill(-1);
    kept.forEach((id, c) => { column[id] = c; });
    let w = 0;
    for (let r = 0, k = 0; r < n; r++) {
      for (; k < offsets[r + 1]; k++) if (column[tokens[k]] >= 0) tokens[w++] = column[tokens[k]];
      offsets[r + 1] = w;
    }
    return { ids: tokens, offsets };
  }

  /** Counts (or 0/1 when binary) of the known terms per document, as CSR with sorted columns. */
  protected countRows(docs: EncodedTexts): CountRows {
    const cols = this.terms!.length, rows = docs.offsets.length - 1;
    const { ids, offsets } = docs;
    const scratch = new Float64Array(cols);
    let longest = 0;
    for (let r = 0; r < rows; r++) longest = Math.max(longest, offsets[r + 1] - offsets[r]);
    const touched = new Int32Array(longest);
    const indptr = new Int32Array(rows + 1);
    // Distinct columns per row <= tokens per row: the token count bounds the nonzeros.
    const indices = new Int32Array(offsets[rows]), values = new Float64Array(offsets[rows]);
    let nnz = 0;
    for (let r = 0; r < rows; r++) {
      let t = 0;
      for (let k = offsets[r]; k < offsets[r + 1]; k++) {
        const c = ids[k];
        if (scratch[c] === 0) touched[t++] = c;
        scratch[c]++;
      }
      const row = touched.subarray(0, t).sort();
      for (let i = 0; i < t; i++) {
        const c = row[i];
        indices[nnz] = c;
        values[nnz++] = this.settings.binary ? 1 : scratch[c];
        scratch[c] = 0;
      }
      indptr[r + 1] = nnz;
    }
    return { rows, cols, indptr, indices: indices.slice(0, nnz), values: values.slice(0, nnz) };
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
