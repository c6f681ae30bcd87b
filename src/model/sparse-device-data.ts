import type { SparseMatrix } from '../data/sparse.js';
import { SPARSE_WORDS, SP_BATCH_INDICES, SP_BATCH_INDPTR, SP_BATCH_VALUES, SP_DATA_INDICES, SP_DATA_INDPTR, SP_DATA_VALUES } from '../core-abi.js';
import type { Runtime } from '../runtime/wasm.js';
import type { DeviceData } from './device-data.js';

/** The most nonzeros any `batchRows` rows can hold: the sum of the largest row counts. */
export function batchNonzeroCap(m: SparseMatrix, batchRows: number): number {
  const counts = new Int32Array(m.rows);
  for (let r = 0; r < m.rows; r++) counts[r] = m.indptr[r + 1] - m.indptr[r];
  counts.sort();
  let cap = 0;
  for (let i = 0; i < Math.min(batchRows, m.rows); i++) cap += counts[m.rows - 1 - i];
  return cap;
}

/**
 * A CSR dataset in WebAssembly memory: its three arrays, uploaded once, and the descriptor the
 * core reads. With batchRows > 0 (training) it also holds the buffers each batch is gathered into.
 */
export function uploadSparse(rt: Runtime, X: SparseMatrix, labels: Float32Array, weights: Float32Array | null, batchRows: number): DeviceData {
  const mem = rt.mem;
  const owned: number[] = [];
  const take = (bytes: number, what: string): number => {
    const p = mem.alloc(Math.max(bytes, 4), what);
    owned.push(p);
    return p;
  };
  try {
    const nnz = X.indices.length;
    const indptr = take(X.indptr.length * 4, 'sparse row offsets');
    mem.i32(indptr, X.indptr.length).set(X.indptr);
    const indices = take(nnz * 4, 'sparse column indices');
    mem.i32(indices, nnz).set(X.indices);
    // copyIn stores subnormals as 0, as for dense inputs, so both paths see the same numbers.
    const values = mem.copyIn(X.values, 'sparse values');
    owned.push(values);
    const y = take(labels.length * 4, 'labels');
    mem.f32(y, labels.length).set(labels);
    let w = 0;
    if (weights) { w = take(weights.length * 4, 'sample weights'); mem.f32(w, weights.length).set(weights); }
    const sp = take(SPARSE_WORDS * 4, 'the sparse input descriptor');
    let words: [number, number][] = [[SP_DATA_INDPTR, indptr], [SP_DATA_INDICES, indices], [SP_DATA_VALUES, values]];
    if (batchRows > 0) {
      const cap = batchNonzeroCap(X, batchRows);
      words = words.concat([
        [SP_BATCH_INDPTR, take((batchRows + 1) * 4, 'batch row offsets')],
        [SP_BATCH_INDICES, take(cap * 4, 'batch column indices')],
        [SP_BATCH_VALUES, take(cap * 4, 'batch values')],
      ]);
    }
    const d = mem.i32(sp, SPARSE_WORDS);
    for (const [word, ptr] of words) d[word] = ptr;
    return {
      x: 0, sp, y, w, rows: X.rows, labels,
      free() {
        for (const p of owned) mem.free(p);
        owned.length = 0;
      },
    };
  } catch (e) {
    for (const p of owned) mem.free(p);
    throw e;
  }
}
