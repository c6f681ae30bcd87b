import { WasmlpError } from '../errors.js';
import { toMatrix, type Matrix, type MatrixLike } from '../data/matrix.js';
import type { Features, FeaturesLike } from '../data/rows.js';
import { isTable } from '../data/table.js';
import { tableToMatrix } from '../data/table-matrix.js';

/** A dense matrix from rows, a Matrix, or a table of numeric columns (what scalers take). */
export function denseInput(x: unknown, what: string): Matrix {
  return isTable(x) ? tableToMatrix(x, what) : toMatrix(x as MatrixLike, what);
}

/** Saved form of a fitted (or unfitted) transformer: `{ className, config, state }`. */
export interface TransformerJSON<C = unknown, S = unknown> {
  className: string;
  config: C;
  /** Fitted statistics, or null before fit. */
  state: S | null;
}

/**
 * The shared shape of preprocessing steps (scikit-learn's fit / transform contract):
 * `fit` learns statistics and returns `this`; `transform` applies them; `inverseTransform` (when
 * there is one) undoes them. Steps take any feature container: a Matrix, a SparseMatrix, or a
 * Table of raw columns (imputers and encoders), and say in their docs which ones.
 */
export interface Transformer {
  fit(x: FeaturesLike, y?: unknown): this;
  transform(x: FeaturesLike): Features;
  fitTransform(x: FeaturesLike, y?: unknown): Features;
  inverseTransform?(x: MatrixLike): Matrix;
  /** Output column names (e.g. `embarked=S`, `age_missing`), once fitted. */
  featureNamesOut?(): string[];
  readonly isFitted?: boolean;
  toJSON(): TransformerJSON;
}

/** Column-wise transformers on dense matrices: keeps the fitted width and the checks every one of them needs. */
export abstract class MatrixTransformer<C, S extends { nFeatures: number }> implements Transformer {
  protected state: S | null = null;

  abstract readonly className: string;
  abstract getConfig(): C;
  protected abstract learn(x: Matrix): S;
  protected abstract apply(x: Matrix, state: S, inverse: boolean): Matrix;

  fit(x: MatrixLike, _y?: unknown): this {
    this.state = this.learn(denseInput(x, `${this.className}.fit x`));
    return this;
  }

  transform(x: MatrixLike): Matrix {
    return this.run(x, 'transform', false);
  }

  fitTransform(x: MatrixLike, y?: unknown): Matrix {
    return this.fit(x, y).transform(x);
  }

  inverseTransform(x: MatrixLike): Matrix {
    return this.run(x, 'inverseTransform', true);
  }

  get isFitted(): boolean {
    return this.state !== null;
  }

  toJSON(): TransformerJSON<C, S> {
    return { className: this.className, config: this.getConfig(), state: this.state };
  }

  /** Restores the fitted statistics from {@link toJSON}'s `state` (used by each static fromJSON). */
  protected restore(json: TransformerJSON<C, S>): this {
    if (json?.className !== this.className) {
      throw new WasmlpError('BAD_JSON', `${this.className}.fromJSON received className ${JSON.stringify(json?.className)}; expected ${JSON.stringify(this.className)}.`, { option: 'className' });
    }
    this.state = json.state ?? null;
    return this;
  }

  protected fitted(call: string): S {
    if (!this.state) {
      throw new WasmlpError('NOT_FITTED', `This ${this.className} is not fitted yet: call fit(x) before ${call}(x), or use fitTransform(x).`, { option: call });
    }
    return this.state;
  }

  /** partialFit: every chunk has the width of the first. */
  protected checkPartialWidth(m: Matrix, width: number): void {
    if (m.cols !== width) {
      throw new WasmlpError('WIDTH_MISMATCH', `${this.className}.partialFit: earlier chunks had ${width} columns, this one has ${m.cols}. Pass every chunk with the same columns, in the same order.`, { option: 'partialFit', column: m.cols });
    }
  }

  /** Columns that transform (or inverseTransform) expects; encoders that widen override it. */
  protected inputWidth(state: S, _inverse: boolean): number {
    return state.nFeatures;
  }

  private run(x: MatrixLike, call: string, inverse: boolean): Matrix {
    const state = this.fitted(call);
    const m = denseInput(x, `${this.className}.${call} x`);
    const width = this.inputWidth(state, inverse);
    if (m.cols !== width) {
      throw new WasmlpError('WIDTH_MISMATCH', `${this.className}.${call}: fitted on ${width} columns, received ${m.cols}. Pass rows with the same columns, in the same order, as in fit.`, { option: call, column: m.cols });
    }
    return this.apply(m, state, inverse);
  }
}

/** Per-column float64 sums (float32 accumulation drifts on long columns). */
export function columnMeans(x: Matrix): Float64Array {
  const sums = new Float64Array(x.cols);
  for (let i = 0; i < x.data.length; i++) sums[i % x.cols] += x.data[i];
  for (let c = 0; c < x.cols; c++) sums[c] /= x.rows;
  return sums;
}

/** y = (x - shift) / scale per column, or its inverse, into a new matrix. */
export function affine(x: Matrix, shift: readonly number[], scale: readonly number[], inverse: boolean, offset?: readonly number[]): Matrix {
  const out = new Float32Array(x.data.length);
  const cols = x.cols;
  for (let i = 0; i < out.length; i++) {
    const c = i % cols;
    const o = offset ? offset[c] : 0;
    out[i] = inverse ? (x.data[i] - o) * scale[c] + shift[c] : (x.data[i] - shift[c]) / scale[c] + o;
  }
  return { data: out, rows: x.rows, cols };
}

/**
 * The base class's former name, kept so code written against it still compiles. (The name
 * ColumnTransformer now belongs to scikit-learn's column-wise composer, src/preprocessing/column-transformer.ts.)
 * @deprecated use MatrixTransformer
 */
export { MatrixTransformer as ColumnTransformer };
