import { WasmlpError, describe } from '../errors.js';
import { isMatrix, type Matrix, type MatrixLike } from '../data/matrix.js';
import { ColumnTransformer, type TransformerJSON } from './transformer.js';
import { normaliseOptions } from '../options.js';

/** Options of OneHotEncoder: what to do with a category not seen in fit. */
export interface OneHotEncoderConfig {
  /** 'error' (default): an unseen category in transform throws; 'ignore': its block is all zeros. */
  handleUnknown?: 'error' | 'ignore';
}

/** The fitted state of a OneHotEncoder: the sorted categories of each column. */
export interface OneHotEncoderState {
  nFeatures: number;
  /** Sorted distinct values per input column; each becomes one 0/1 output column. */
  categories: number[][];
}

/**
 * Each numeric category column -> one 0/1 column per distinct value (sorted), as scikit-learn's
 * OneHotEncoder. A 1-D array of class ids is taken as one column: `fitTransform([0, 2, 1])` is the
 * 3x3 one-hot label matrix.
 */
export class OneHotEncoder extends ColumnTransformer<OneHotEncoderConfig, OneHotEncoderState> {
  readonly className = 'OneHotEncoder';

  private readonly config: OneHotEncoderConfig;

  constructor(config: OneHotEncoderConfig = {}) {
    super();
    this.config = normaliseOptions<OneHotEncoderConfig>('OneHotEncoder', config, ['handleUnknown']);
    const h = this.config.handleUnknown ?? 'error';
    if (h !== 'error' && h !== 'ignore') {
      throw new WasmlpError('BAD_OPTION', `OneHotEncoder: handleUnknown must be 'error' or 'ignore'; received ${describe(h)}.`, { option: 'handleUnknown' });
    }
  }

  getConfig(): OneHotEncoderConfig {
    return { ...this.config };
  }

  override fit(x: MatrixLike | ArrayLike<number>, y?: unknown): this {
    return super.fit(asColumn(x), y);
  }

  override transform(x: MatrixLike | ArrayLike<number>): Matrix {
    return super.transform(asColumn(x));
  }

  override fitTransform(x: MatrixLike | ArrayLike<number>, y?: unknown): Matrix {
    return this.fit(x, y).transform(x);
  }

  /** Output column names, `${name}=${value}` for each category (names default to x0, x1, ...). */
  featureNames(inputNames?: readonly string[]): string[] {
    const { categories } = this.fitted('featureNames');
    return categories.flatMap((cats, c) => cats.map((v) => `${inputNames?.[c] ?? `x${c}`}=${v}`));
  }

  protected learn(x: Matrix): OneHotEncoderState {
    const sets = Array.from({ length: x.cols }, () => new Set<number>());
    for (let i = 0; i < x.data.length; i++) sets[i % x.cols].add(x.data[i]);
    return { nFeatures: x.cols, categories: sets.map((s) => [...s].sort((a, b) => a - b)) };
  }

  protected override inputWidth(state: OneHotEncoderState, inverse: boolean): number {
    return inverse ? state.categories.reduce((n, c) => n + c.length, 0) : state.nFeatures;
  }

  protected apply(x: Matrix, s: OneHotEncoderState, inverse: boolean): Matrix {
    const widths = s.categories.map((c) => c.length);
    const total = widths.reduce((a, b) => a + b, 0);
    if (inverse) {
      // argmax per block: tolerant of soft outputs such as softmax probabilities
      const out = new Float32Array(x.rows * s.nFeatures);
      for (let r = 0; r < x.rows; r++) {
        let o = r * total;
        s.categories.forEach((cats, c) => {
          let best = 0;
          for (let k = 1; k < cats.length; k++) if (x.data[o + k] > x.data[o + best]) best = k;
          out[r * s.nFeatures + c] = cats[best];
          o += cats.length;
        });
      }
      return { data: out, rows: x.rows, cols: s.nFeatures };
    }
    const lookups = s.categories.map((cats) => new Map(cats.map((v, k) => [v, k])));
    const out = new Float32Array(x.rows * total);
    for (let r = 0; r < x.rows; r++) {
      let o = r * total;
      for (let c = 0; c < s.nFeatures; c++) {
        const v = x.data[r * s.nFeatures + c];
        const k = lookups[c].get(v);
        if (k !== undefined) out[o + k] = 1;
        else if ((this.config.handleUnknown ?? 'error') === 'error') {
          throw new WasmlpError('UNKNOWN_CATEGORY', `OneHotEncoder.transform: row ${r}, column ${c} is ${v}, a category not seen in fit (known: ${s.categories[c].slice(0, 20).join(', ')}). Refit on all categories or use handleUnknown: 'ignore'.`, { row: r, column: c });
        }
        o += widths[c];
      }
    }
    return { data: out, rows: x.rows, cols: total };
  }

  static fromJSON(json: TransformerJSON<OneHotEncoderConfig, OneHotEncoderState>): OneHotEncoder {
    return new OneHotEncoder(json.config ?? {}).restore(json);
  }
}

/** A flat array of numbers (class ids) becomes a one-column matrix. */
function asColumn(x: MatrixLike | ArrayLike<number>): MatrixLike {
  if (isMatrix(x) || (Array.isArray(x) && (x.length === 0 || typeof x[0] !== 'number'))) return x as MatrixLike;
  if (Array.isArray(x) || ArrayBuffer.isView(x)) {
    const v = x as ArrayLike<number>;
    return { data: Float32Array.from(v), rows: v.length, cols: 1 };
  }
  return x as MatrixLike;
}
