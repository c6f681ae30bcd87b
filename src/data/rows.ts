import { takeRows, toMatrix, type Matrix, type MatrixLike } from './matrix.js';
import { isSparse, selectSparseRows, type SparseMatrix } from './sparse.js';
import { isTable, selectTableRows, type Table } from './table.js';
import { tableFromObjects } from './table-objects.js';

/**
 * What model selection can split by rows: a dense matrix (or rows of numbers), a sparse CSR
 * matrix (text features), or a typed table (raw columns, encoded inside each fold).
 */
export type Features = Matrix | SparseMatrix | Table;
/** Also raw rows as plain objects (`[{ age: 39, sex: 'male' }]`), read as a Table. */
export type FeaturesLike = MatrixLike | SparseMatrix | Table | readonly Record<string, unknown>[];

/** Tables and sparse matrices as they are; rows as plain objects become a Table; anything else through toMatrix's checks. */
export function toFeatures(x: unknown, what: string): Features {
  if (isTable(x) || isSparse(x)) return x;
  if (isObjectRows(x)) return tableFromObjects(x);
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

/** `[{ age: 39, sex: 'male' }, ...]`: raw rows as objects (not arrays of numbers). */
export function isObjectRows(x: unknown): x is Record<string, unknown>[] {
  return Array.isArray(x) && x.length > 0 && typeof x[0] === 'object' && x[0] !== null && !Array.isArray(x[0]) && !ArrayBuffer.isView(x[0]);
}
