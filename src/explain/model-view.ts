import { WasmlpError, describe } from '../errors.js';
import { toMatrix, type Matrix, type MatrixLike } from '../data/matrix.js';
import { isTable, type Column, type Table } from '../data/table.js';

/** What the explanations need from a fitted model: probabilities for raw rows. */
export interface ExplainableModel {
  predictProba(x: any): Matrix | Float32Array | Float64Array;
}

/** Raw rows an explanation perturbs: a dense matrix (or rows of numbers) or a typed Table. */
export type ExplainInput = MatrixLike | Table;

/** The data as columns that can be permuted or overwritten one at a time. */
export interface ColumnData {
  names: string[];
  rows: number;
  /** Column j as numbers (matrix or number column) or strings (string column). */
  column(j: number): Float64Array | readonly (string | null)[];
  /** The same data with column j replaced (a copy; the input is never changed). */
  withColumn(j: number, values: Float64Array | readonly (string | null)[]): ExplainInput;
  original: ExplainInput;
}

export function checkModel(model: unknown, caller: string): ExplainableModel {
  if (typeof model !== 'object' || model === null || typeof (model as ExplainableModel).predictProba !== 'function') {
    throw new WasmlpError('BAD_OPTION', `${caller} needs a fitted model with predictProba (a Pipeline, a KerasClassifier, or anything with that method); received ${describe(model)}.`, { option: 'model' });
  }
  return model as ExplainableModel;
}

/** Feature names: given, else a pipeline's metadata.featureNames, else x0, x1, ... */
export function defaultNames(model: unknown, cols: number, given: readonly string[] | undefined, caller: string): string[] {
  if (given !== undefined) {
    if (!Array.isArray(given) || given.length !== cols || !given.every((n) => typeof n === 'string')) {
      throw new WasmlpError('BAD_OPTION', `${caller}: featureNames must be ${cols} strings, one per column of x; received ${describe(given)}.`, { option: 'featureNames' });
    }
    return [...given];
  }
  const meta = (model as { metadata?: { featureNames?: unknown } }).metadata?.featureNames;
  if (Array.isArray(meta) && meta.length === cols && meta.every((n) => typeof n === 'string')) return [...meta];
  return Array.from({ length: cols }, (_, j) => `x${j}`);
}

export function columnData(model: unknown, x: ExplainInput, featureNames: readonly string[] | undefined, caller: string): ColumnData {
  if (isTable(x)) {
    if (featureNames !== undefined) throw new WasmlpError('BAD_OPTION', `${caller}: featureNames applies to matrices; a Table's columns keep their own names.`, { option: 'featureNames' });
    return {
      names: x.columns.map((c) => c.name),
      rows: x.rows,
      column: (j) => x.columns[j].values,
      withColumn: (j, values): Table => ({
        format: 'table', rows: x.rows,
        columns: x.columns.map((c, k): Column => (k !== j ? c : c.type === 'number' ? { name: c.name, type: 'number', values: values as Float64Array } : { name: c.name, type: 'string', values: values as (string | null)[] })),
      }),
      original: x,
    };
  }
  const m = toMatrix(x, `${caller} x`);
  return {
    names: defaultNames(model, m.cols, featureNames, caller),
    rows: m.rows,
    column: (j) => {
      const out = new Float64Array(m.rows);
      for (let r = 0; r < m.rows; r++) out[r] = m.data[r * m.cols + j];
      return out;
    },
    withColumn: (j, values): Matrix => {
      const data = Float32Array.from(m.data);
      for (let r = 0; r < m.rows; r++) data[r * m.cols + j] = (values as Float64Array)[r];
      return { data, rows: m.rows, cols: m.cols };
    },
    original: m,
  };
}

/** predictProba as a rows x classes matrix (a flat array is the positive-class probability). */
export function probaOf(model: ExplainableModel, x: ExplainInput): Matrix {
  const out = model.predictProba(x);
  if (ArrayBuffer.isView(out)) {
    const p = out as Float32Array;
    const data = new Float32Array(p.length * 2);
    for (let r = 0; r < p.length; r++) { data[2 * r] = 1 - p[r]; data[2 * r + 1] = p[r]; }
    return { data, rows: p.length, cols: 2 };
  }
  return out as Matrix;
}

/** Class values in predictProba's column order: the model's own, else y's sorted distinct values. */
export function classesOf(model: unknown, y: ArrayLike<number>): number[] {
  const m = model as { classes?: unknown; final?: { step?: { classes?: unknown } } };
  const own = m.classes ?? m.final?.step?.classes;
  if (Array.isArray(own) && own.every((c) => typeof c === 'number')) return own;
  return [...new Set(Array.from(y))].sort((a, b) => a - b);
}
