import { WasmlpError, describe } from '../errors.js';
import { firstNonFinite } from '../float-bits.js';

/** A row-major float32 matrix: the one shape data takes inside wasmlp. */
export interface Matrix {
  readonly data: Float32Array;
  readonly rows: number;
  readonly cols: number;
}

/** Anything a user may pass as a 2-D table of numbers. */
export type MatrixLike = Matrix | readonly (readonly number[])[] | readonly Float32Array[];

/** Labels: 0/1 or class ids per row, one-hot / multi-label / regression rows, or a Matrix. */
export type LabelsLike = readonly number[] | Float32Array | Int32Array | MatrixLike;

/**
 * A Matrix from flat row-major data and its shape, checked.
 *
 * @example
 * const m = matrix(Float32Array.of(1, 2, 3, 4, 5, 6), 2, 3); // two rows of three
 */
export function matrix(data: Float32Array, rows: number, cols: number): Matrix {
  if (data.length !== rows * cols) {
    throw new WasmlpError('SHAPE_MISMATCH', `A ${rows}x${cols} matrix needs ${rows * cols} values, received ${data.length}.`);
  }
  return { data, rows, cols };
}

export function isMatrix(value: unknown): value is Matrix {
  return (
    typeof value === 'object' && value !== null && (value as Matrix).data instanceof Float32Array &&
    Number.isInteger((value as Matrix).rows) && Number.isInteger((value as Matrix).cols)
  );
}

/**
 * Converts arrays of rows or a Matrix into a Matrix, checking shape and that every value is finite.
 * `what` names the argument in messages ("x", "validationData[0]", ...).
 */
export function toMatrix(value: unknown, what: string): Matrix {
  let m: Matrix;
  if (isMatrix(value)) {
    if (value.data.length !== value.rows * value.cols) {
      throw new WasmlpError('SHAPE_MISMATCH', `${what}: a ${value.rows}x${value.cols} matrix needs ${value.rows * value.cols} values, but its data has ${value.data.length}.`, { option: what });
    }
    m = value;
  } else if (Array.isArray(value)) {
    const rows = value.length;
    if (rows === 0) throw new WasmlpError('EMPTY_DATA', `${what} is empty: it needs at least one row.`, { option: what });
    const first = value[0];
    if (!Array.isArray(first) && !(first instanceof Float32Array)) {
      throw new WasmlpError('BAD_INPUT_TYPE', `${what} must be an array of rows (number[][]) or a Matrix { data: Float32Array, rows, cols }; row 0 is ${describe(first)}. For a single feature, wrap each value: [[v0], [v1], ...].`, { option: what, row: 0 });
    }
    const cols = (first as ArrayLike<number>).length;
    if (cols === 0) throw new WasmlpError('EMPTY_DATA', `${what} has rows with no columns.`, { option: what, row: 0 });
    const data = new Float32Array(rows * cols);
    for (let r = 0; r < rows; r++) {
      const row = value[r] as ArrayLike<number>;
      if (!row || typeof row !== 'object' || row.length !== cols) {
        throw new WasmlpError('RAGGED_ROW', `${what}: row ${r} has ${row && typeof row === 'object' ? row.length : describe(row)} values but row 0 has ${cols}. Every row needs the same number of columns.`, { option: what, row: r });
      }
      for (let c = 0; c < cols; c++) {
        const v = row[c];
        if (typeof v !== 'number') {
          throw new WasmlpError('NOT_A_NUMBER', `${what}: row ${r}, column ${c} is ${describe(v)}, not a number. Convert or encode it before training.`, { option: what, row: r, column: c });
        }
        data[r * cols + c] = v;
      }
    }
    m = { data, rows, cols };
  } else {
    throw new WasmlpError('BAD_INPUT_TYPE', `${what} must be an array of rows (number[][]) or a Matrix { data: Float32Array, rows, cols }; received ${describe(value)}.`, { option: what });
  }
  if (m.rows === 0 || m.cols === 0) throw new WasmlpError('EMPTY_DATA', `${what} is empty (${m.rows}x${m.cols}).`, { option: what });
  assertFinite(m, what);
  return m;
}

/** NaN or Infinity anywhere (including float32 overflow such as 1e999 or 1e39) is an error naming the cell. */
export function assertFinite(m: Matrix, what: string): void {
  const i = firstNonFinite(m.data);
  if (i >= 0) {
    const row = Math.floor(i / m.cols), column = i % m.cols;
    throw new WasmlpError('NON_FINITE', `${what}: row ${row}, column ${column} is ${m.data[i]}. Remove or impute missing and infinite values (values beyond ±3.4e38 overflow float32) before training.`, { option: what, row, column });
  }
}

/** Copies the given rows of a matrix into a new matrix. */
export function takeRows(m: Matrix, indices: ArrayLike<number>): Matrix {
  const out = new Float32Array(indices.length * m.cols);
  for (let i = 0; i < indices.length; i++) {
    const src = indices[i] * m.cols;
    out.set(m.data.subarray(src, src + m.cols), i * m.cols);
  }
  return { data: out, rows: indices.length, cols: m.cols };
}

/** Rows as plain arrays, for printing and JSON. */
export function toRows(m: Matrix): number[][] {
  const out: number[][] = [];
  for (let r = 0; r < m.rows; r++) out.push(Array.from(m.data.subarray(r * m.cols, (r + 1) * m.cols)));
  return out;
}
