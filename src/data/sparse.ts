import { WasmlpError } from '../errors.js';
import type { Matrix } from './matrix.js';

/**
 * Compressed sparse rows (scipy's CSR): row r's nonzeros are `values[indptr[r] .. indptr[r+1])`
 * at columns `indices[...]`, column indices increasing within a row. Text vectorizers produce it;
 * the core multiplies it by the first Dense layer at the cost of its nonzeros.
 */
export interface SparseMatrix {
  readonly format: 'csr';
  readonly rows: number;
  readonly cols: number;
  /** rows + 1 offsets into indices/values; indptr[0] = 0, indptr[rows] = nnz. */
  readonly indptr: Int32Array;
  readonly indices: Int32Array;
  readonly values: Float32Array;
}

export function isSparse(value: unknown): value is SparseMatrix {
  return typeof value === 'object' && value !== null && (value as SparseMatrix).format === 'csr' && (value as SparseMatrix).indptr instanceof Int32Array;
}

/** Checks the CSR invariants; `what` names the argument in messages. */
export function checkSparse(m: SparseMatrix, what: string): SparseMatrix {
  const { rows, cols, indptr, indices, values } = m;
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols <= 0 || indptr.length !== rows + 1 || indptr[0] !== 0 || indices.length !== values.length || indptr[rows] !== indices.length) {
    throw new WasmlpError('SHAPE_MISMATCH', `${what}: a ${rows}x${cols} CSR matrix needs indptr of length ${rows + 1} starting at 0 and ending at nnz (= indices.length = values.length); received indptr ${indptr.length}, indices ${indices.length}, values ${values.length}.`, { option: what });
  }
  for (let r = 0; r < rows; r++) {
    if (indptr[r + 1] < indptr[r]) throw new WasmlpError('SHAPE_MISMATCH', `${what}: indptr decreases at row ${r}.`, { option: what, row: r });
    for (let k = indptr[r]; k < indptr[r + 1]; k++) {
      const c = indices[k];
      if (!(c >= 0 && c < cols) || (k > indptr[r] && c <= indices[k - 1])) {
        throw new WasmlpError('SHAPE_MISMATCH', `${what}: row ${r} has column index ${c}; indices must be increasing and within 0..${cols - 1}.`, { option: what, row: r });
      }
      if (!Number.isFinite(values[k])) throw new WasmlpError('NON_FINITE', `${what}: row ${r}, column ${c} is ${values[k]}.`, { option: what, row: r, column: c });
    }
  }
  return m;
}

/** A copy of the given rows, in order. */
export function selectSparseRows(m: SparseMatrix, rowsWanted: ArrayLike<number>): SparseMatrix {
  let nnz = 0;
  for (let i = 0; i < rowsWanted.length; i++) nnz += m.indptr[rowsWanted[i] + 1] - m.indptr[rowsWanted[i]];
  const indptr = new Int32Array(rowsWanted.length + 1), indices = new Int32Array(nnz), values = new Float32Array(nnz);
  let at = 0;
  for (let i = 0; i < rowsWanted.length; i++) {
    const a = m.indptr[rowsWanted[i]], b = m.indptr[rowsWanted[i] + 1];
    indices.set(m.indices.subarray(a, b), at);
    values.set(m.values.subarray(a, b), at);
    at += b - a;
    indptr[i + 1] = at;
  }
  return { format: 'csr', rows: rowsWanted.length, cols: m.cols, indptr, indices, values };
}

/** The dense rows x cols matrix (for tests and small data). */
export function sparseToDense(m: SparseMatrix): Matrix {
  const data = new Float32Array(m.rows * m.cols);
  for (let r = 0; r < m.rows; r++) for (let k = m.indptr[r]; k < m.indptr[r + 1]; k++) data[r * m.cols + m.indices[k]] = m.values[k];
  return { data, rows: m.rows, cols: m.cols };
}
