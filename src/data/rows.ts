import { takeRows, toMatrix, type Matrix, type MatrixLike } from './matrix.js';
import { isSparse, selectSparseRows, type SparseMatrix } from './sparse.js';
import { isTable, selectTableRows, type Table } from './table.js';

/**
 * What model selection can split by rows: a dense matrix (or rows of numbers), a sparse CSR
 * matrix (text features), or a typed table (raw columns, encoded inside each fold).
 */
export type Features = Matrix | SparseMatrix | Table;
/** What model selection accepts as x: rows of numbers, a Matrix, a SparseMatrix or a Table. */
export type FeaturesLike = MatrixLike | SparseMatrix | Table;

/** Tables and sparse matrices as they are; anything else through toMatrix's checks. */
export function toFeatures(x: unknown, what: string): Features {
  if (isTable(x) || isSparse(x)) return x;
  return toMatrix(x, what);
}

export function rowCount(x: Features): number {
  return x.rows;
}

/** The given rows of any feature container, copied, in order. */
export function selectRows(x: Features, indices: ArrayLike<number>): Features {
  if (isTable(x)) return selectTableRows(x, indices);
  if (isSparse(x)) return selectSparseRows(x, indices);
  return takeRows(x, indices);
}
