import { WasmlpError } from '../errors.js';
import { toMatrix, type Matrix, type MatrixLike } from '../data/matrix.js';
import { checkSparse, isSparse, type SparseMatrix } from '../data/sparse.js';
import { Dense } from '../layers/dense.js';
import type { Layer } from '../layers/dropout.js';

/** What a network takes as x: dense rows, or sparse CSR rows (e.g. TF-IDF text features). */
export type Inputs = Matrix | SparseMatrix;
export type InputsLike = MatrixLike | SparseMatrix;

/**
 * x checked: a SparseMatrix as it is (CSR invariants checked), anything else through toMatrix.
 * Sparse inputs need a Dense first layer, which multiplies them at the cost of their nonzeros.
 */
export function toInputs(x: unknown, what: string, layers: readonly Layer[]): Inputs {
  if (!isSparse(x)) return toMatrix(x as MatrixLike, what);
  if (!(layers[0] instanceof Dense)) {
    throw new WasmlpError('SPARSE_NEEDS_DENSE', `${what} is a SparseMatrix, which only a Dense first layer can take; this model starts with ${layers[0]?.constructor.name ?? 'no layer'}. Put the ${layers[0]?.constructor.name ?? 'Dense'} after the first Dense layer, or densify x with sparseToDense(x).`, { layer: 0, option: what });
  }
  return checkSparse(x, what);
}
