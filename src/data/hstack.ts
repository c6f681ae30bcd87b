import { WasmlpError } from '../errors.js';
import type { Matrix } from './matrix.js';
import { isSparse, type SparseMatrix } from './sparse.js';

/**
 * Side-by-side concatenation of blocks with the same rows: a dense Matrix when every block is
 * dense, else a CSR matrix whose dense blocks contribute their nonzeros (scikit-learn's sparse
 * hstack in ColumnTransformer).
 */
export function hstack(blocks: readonly (Matrix | SparseMatrix)[], rows: number): Matrix | SparseMatrix {
  for (const b of blocks) {
    if (b.rows !== rows) throw new WasmlpError('SHAPE_MISMATCH', `hstack: a block has ${b.rows} rows, expected ${rows}.`, {});
  }
  const cols = blocks.reduce((n, b) => n + b.cols, 0);
  if (!blocks.some(isSparse)) {
    const data = new Float32Array(rows * cols);
    let offset = 0;
    for (const b of blocks as Matrix[]) {
      for (let r = 0; r < rows; r++) data.set(b.data.subarray(r * b.cols, (r + 1) * b.cols), r * cols + offset);
      offset += b.cols;
    }
    return { data, rows, cols };
  }
  const indptr = new Int32Array(rows + 1);
  const indices: number[] = [], values: number[] = [];
  for (let r = 0; r < rows; r++) {
    let offset = 0;
    for (const b of blocks) {
      if (isSparse(b)) {
        for (let k = b.indptr[r]; k < b.indptr[r + 1]; k++) (indices.push(offset + b.indices[k]), values.push(b.values[k]));
      } else {
        for (let c = 0; c < b.cols; c++) {
          const v = b.data[r * b.cols + c];
          if (v !== 0) (indices.push(offset + c), values.push(v));
        }
      }
      offset += b.cols;
    }
    indptr[r + 1] = indices.length;
  }
  return { format: 'csr', rows, cols, indptr, indices: Int32Array.from(indices), values: Float32Array.from(values) };
}
