import type { WithSnakeCase } from '../names.js';
import { WasmlpError, describe } from '../errors.js';
import { isMatrix, type Matrix, type MatrixLike } from '../data/matrix.js';
import type { FeaturesLike } from '../data/rows.js';
import { isTable, type Table } from '../data/table.js';
import { MatrixTransformer, type TransformerJSON } from './transformer.js';
import { categoryOf, checkLevelOptions, checkLevelsState, fitLevels, levelLookup, levelNames, levelWidth, warnUnseen, type LevelOptions, type Levels } from './category-levels.js';
import { alignTable, asTable, signatureOf, type ColumnSignature } from './table-align.js';
import { normaliseOptions } from '../options.js';

/** Options of OneHotEncoder: unknown categories, rare categories and caps (LevelOptions). */
export interface OneHotEncoderConfig extends LevelOptions {
  /**
   * 'error': an unseen category in transform throws; 'ignore': its block is all zeros (or its
   * infrequent column, when the column has one). Default 'error' for matrices, 'ignore' for tables.
   */
  handleUnknown?: 'error' | 'ignore';
}

/** Fitted state: numeric categories per matrix column, or `levels` per table column. */
export interface OneHotEncoderState {
  nFeatures: number;
  /** Sorted distinct values per input column; each becomes one 0/1 output column (matrix input). */
  categories: number[][];
  /** Table input: the columns encoded, as fit saw them, and their levels. */
  table?: { columns: ColumnSignature[]; levels: Levels[] };
}


/**
 * Each numeric category column -> one 0/1 column per distinct value (sorted), as scikit-learn's
 * OneHotEncoder. A 1-D array of class ids is taken as one column: `fitTransform([0, 2, 1])` is the
 * 3x3 one-hot label matrix.
 */
export class OneHotEncoder extends MatrixTransformer<OneHotEncoderConfig, OneHotEncoderState> {
  readonly className = 'OneHotEncoder';

  private readonly config: OneHotEncoderConfig;

  constructor(config: WithSnakeCase<OneHotEncoderConfig> = {}) {
    super();
    this.config = normaliseOptions<OneHotEncoderConfig>('OneHotEncoder', config, ['handleUnknown', 'minFrequency', 'maxCategories']);
    checkLevelOptions('OneHotEncoder', this.config);
    const h = this.config.handleUnknown ?? 'error';
    if (h !== 'error' && h !== 'ignore') {
      throw new WasmlpError('BAD_OPTION', `OneHotEncoder: handleUnknown must be 'error' or 'ignore'; received ${describe(h)}.`, { option: 'handleUnknown' });
    }
  }

  getConfig(): OneHotEncoderConfig {
    return { ...this.config };
  }

  /**
   * Learns the categories of each column. A Table (or rows as objects) is encoded column by column
   * by name: strings and numbers alike are categories, missing cells get a `(missing)` column,
   * rare categories (minFrequency) and those beyond maxCategories share an `(infrequent)` column.
   */
  override fit(x: FeaturesLike | ArrayLike<number> | readonly Record<string, unknown>[], y?: unknown): this {
    if (isTableInput(x)) {
      const t = asTable(x, 'OneHotEncoder.fit');
      this.state = { nFeatures: t.columns.length, categories: [], table: { columns: signatureOf(t), levels: t.columns.map((c) => fitLevels(c, this.config, 'OneHotEncoder')) } };
      return this;
    }
    return super.fit(asColumn(x as MatrixLike), y);
  }

  override transform(x: FeaturesLike | ArrayLike<number> | readonly Record<string, unknown>[]): Matrix {
    const state = this.state;
    if (state?.table) return this.encodeTable(asTable(x, 'OneHotEncoder.transform'), state.table);
    return super.transform(asColumn(x as MatrixLike));
  }

  override fitTransform(x: FeaturesLike | ArrayLike<number> | readonly Record<string, unknown>[], y?: unknown): Matrix {
    return this.fit(x, y).transform(x);
  }

  /** Output column names, `${name}=${value}` for each category (names default to x0, x1, ...). */
  featureNames(inputNames?: readonly string[]): string[] {
    const { categories, table } = this.fitted('featureNames');
    if (table) return table.columns.flatMap((c, i) => levelNames(c.name, table.levels[i]));
    return categories.flatMap((cats, c) => cats.map((v) => `${inputNames?.[c] ?? `x${c}`}=${v}`));
  }

  featureNamesOut(): string[] {
    return this.featureNames();
  }

  private encodeTable(x: Table, s: NonNullable<OneHotEncoderState['table']>): Matrix {
    const t = alignTable(x, s.columns, 'OneHotEncoder.transform', false);
    const widths = s.levels.map(levelWidth);
    const total = widths.reduce((a, b) => a + b, 0);
    const out = new Float32Array(t.rows * total);
    let offset = 0;
    t.columns.forEach((c, j) => {
      const find = levelLookup(s.levels[j]);
      const unseen = new Set<string>();
      for (let r = 0; r < t.rows; r++) {
        const k = categoryOf(c, r);
        const at = find(k);
        if (at >= 0) out[r * total + offset + at] = 1;
        else if (k !== null) {
          if (this.config.handleUnknown === 'error') {
            throw new WasmlpError('UNKNOWN_CATEGORY', `OneHotEncoder.transform: row ${r}, column '${c.name}' is ${JSON.stringify(k)}, a category not seen in fit (known: ${s.levels[j].categories.slice(0, 20).join(', ')}). Refit on all categories or use handleUnknown: 'ignore'.`, { row: r, column: c.name });
          }
          unseen.add(k);
        }
      }
      warnUnseen('OneHotEncoder', c.name, unseen);
      offset += widths[j];
    });
    return { data: out, rows: t.rows, cols: total };
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
    const table = (json?.state as OneHotEncoderState | null)?.table;
    if (table !== undefined) checkLevelsState('OneHotEncoder', table?.columns, table?.levels);
    return new OneHotEncoder(json.config ?? {}).restore(json);
  }
}

function isTableInput(x: unknown): boolean {
  return isTable(x) || (Array.isArray(x) && x.length > 0 && typeof x[0] === 'object' && x[0] !== null && !Array.isArray(x[0]) && !ArrayBuffer.isView(x[0]));
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
