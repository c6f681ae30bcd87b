import { WasmlpError, describe } from '../errors.js';
import type { SparseMatrix } from '../data/sparse.js';
import type { TransformerJSON } from '../preprocessing/transformer.js';
import { CountVectorizer, checkJSON, checkVocabulary, type CountRows, type CountState } from './count-vectorizer.js';
import { countSettings, type CountSettings, type CountVectorizerOptions } from './vectorizer-options.js';

export interface TfidfVectorizerOptions extends CountVectorizerOptions {
  /** Weight terms by inverse document frequency; default true. */
  useIdf?: boolean;
  /** idf = ln((1 + n) / (1 + df)) + 1, as if one extra document held every term; default true. */
  smoothIdf?: boolean;
  /** tf = 1 + ln(count) instead of count; default false. */
  sublinearTf?: boolean;
  /** Row normalisation: 'l2' (default), 'l1' or null. */
  norm?: 'l2' | 'l1' | null;
}

const TFIDF_OPTIONS = ['lowercase', 'tokenPattern', 'stopWords', 'ngramRange', 'maxFeatures', 'minDf', 'maxDf', 'binary', 'featurePrefix', 'useIdf', 'smoothIdf', 'sublinearTf', 'norm'] as const;

export interface TfidfSettings extends CountSettings {
  useIdf: boolean;
  smoothIdf: boolean;
  sublinearTf: boolean;
  norm: 'l2' | 'l1' | null;
}

/** The fitted state of a TfidfVectorizer: its vocabulary and idf weights. */
export interface TfidfState extends CountState {
  /** One idf weight per column (absent when useIdf is false). */
  idf?: number[];
}

function flag(value: unknown, option: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new WasmlpError('BAD_OPTION', `TfidfVectorizer: '${option}' must be true or false, received ${describe(value)}.`, { option });
  return value;
}

/**
 * TF-IDF weighted term counts as sparse rows, with scikit-learn's formulas: tf (or 1 + ln tf when
 * sublinearTf), times idf = ln((1 + n) / (1 + df)) + 1 (smoothIdf) or ln(n / df) + 1, each row
 * scaled to unit l2 norm. Computed in float64, stored as float32. The idf weights are learnt in fit
 * only, so inside cross-validation held-out texts never reach them.
 *
 * @example
 * const tfidf = new TfidfVectorizer({ maxFeatures: 4096, sublinearTf: true });
 * const x = tfidf.fitTransform(trainTexts);   // SparseMatrix, trainTexts.length x 4096
 * await model.fit(x, y, { epochs: 10 });       // the first Dense layer multiplies it sparsely
 */
export class TfidfVectorizer extends CountVectorizer {
  override readonly className: string = 'TfidfVectorizer';
  private readonly tfidf: Omit<TfidfSettings, keyof CountSettings>;
  private idfWeights: Float64Array | null = null;

  constructor(options: TfidfVectorizerOptions = {}) {
    const { settings, rest } = countSettings('TfidfVectorizer', options, TFIDF_OPTIONS);
    super(settings as CountVectorizerOptions);
    const norm = rest.norm === undefined ? 'l2' : rest.norm;
    if (norm !== 'l2' && norm !== 'l1' && norm !== null) {
      throw new WasmlpError('BAD_OPTION', `TfidfVectorizer: 'norm' must be 'l2', 'l1' or null, received ${describe(rest.norm)}.`, { option: 'norm' });
    }
    this.tfidf = { useIdf: flag(rest.useIdf, 'useIdf', true), smoothIdf: flag(rest.smoothIdf, 'smoothIdf', true), sublinearTf: flag(rest.sublinearTf, 'sublinearTf', false), norm };
  }

  protected override fitCounts(counts: CountRows): void {
    if (!this.tfidf.useIdf) return;
    const df = new Float64Array(counts.cols);
    for (let k = 0; k < counts.indices.length; k++) df[counts.indices[k]]++;
    const n = counts.rows, smooth = this.tfidf.smoothIdf ? 1 : 0;
    this.idfWeights = df.map((d) => Math.log((n + smooth) / (d + smooth)) + 1);
  }

  /** The fitted idf weight per column (a copy). */
  get idf(): Float64Array {
    this.fittedTerms('idf');
    if (!this.idfWeights) throw new WasmlpError('NOT_FITTED', 'This TfidfVectorizer has useIdf: false, so it has no idf weights.', { option: 'useIdf' });
    return this.idfWeights.slice();
  }

  override getConfig(): TfidfSettings {
    return { ...super.getConfig(), ...this.tfidf };
  }

  override toJSON(): TransformerJSON<TfidfSettings, TfidfState> {
    const state: TfidfState | null = this.terms ? { vocabulary: this.terms.slice(), ...(this.idfWeights ? { idf: Array.from(this.idfWeights) } : {}) } : null;
    return { className: this.className, config: this.getConfig(), state };
  }

  static override fromJSON(json: unknown): TfidfVectorizer {
    const j = checkJSON(json, 'TfidfVectorizer');
    const v = new TfidfVectorizer(j.config as TfidfVectorizerOptions);
    if (j.state) {
      const vocabulary = checkVocabulary(j.state.vocabulary, 'TfidfVectorizer');
      const idf = j.state.idf;
      if (v.tfidf.useIdf && (!Array.isArray(idf) || idf.length !== vocabulary.length || !idf.every((w) => typeof w === 'number' && Number.isFinite(w) && w >= 1))) {
        throw new WasmlpError('BAD_JSON', `TfidfVectorizer.fromJSON: state.idf must hold one finite weight >= 1 per vocabulary term (${vocabulary.length}); received ${describe(idf)}.`, { option: 'state.idf' });
      }
      v.setVocabulary(vocabulary);
      if (v.tfidf.useIdf) v.idfWeights = Float64Array.from(idf!);
    }
    return v;
  }

  /** tf -> (sublinear) -> times idf -> row norm, in float64. */
  protected override weigh(c: CountRows): SparseMatrix {
    const { rows, indptr, indices, values } = c;
    const { sublinearTf, norm } = this.tfidf;
    const idf = this.idfWeights;
    for (let r = 0; r < rows; r++) {
      const a = indptr[r], b = indptr[r + 1];
      let size = 0;
      for (let k = a; k < b; k++) {
        let v = values[k];
        if (sublinearTf) v = 1 + Math.log(v);
        if (idf) v *= idf[indices[k]];
        values[k] = v;
        size += norm === 'l1' ? Math.abs(v) : v * v;
      }
      if (norm === null || size === 0) continue;
      const scale = norm === 'l2' ? Math.sqrt(size) : size;
      for (let k = a; k < b; k++) values[k] /= scale;
    }
    return super.weigh(c);
  }
}
