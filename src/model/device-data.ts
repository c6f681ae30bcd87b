import type { Matrix } from '../data/matrix.js';
import { isSparse, type SparseMatrix } from '../data/sparse.js';
import type { Runtime } from '../runtime/wasm.js';
import type { Network } from './network.js';
import { uploadSparse } from './sparse-device-data.js';
import { isDeviceMatrix } from '../data/csv-fast.js';

/** A dataset copied into WebAssembly memory once, for as many epochs as fit runs. */
export interface DeviceData {
  /** Dense inputs (rows x cols floats); 0 for sparse inputs. */
  readonly x: number;
  /** Sparse inputs: the CSR descriptor the core reads (see assembly/sparse-train.ts); 0 for dense. */
  readonly sp: number;
  readonly y: number;
  /** 0 when every sample weight is 1. */
  readonly w: number;
  readonly rows: number;
  /** The labels as the core reads them (host copy, for metrics). */
  readonly labels: Float32Array;
  free(): void;
}

/**
 * Copies inputs, labels and weights in. Sparse inputs keep their CSR arrays; `batchRows` (fit's
 * batch size) sizes the buffers the core gathers each batch's rows into. Features the fast CSV
 * path wrote into this core's memory are trained on in place (no copy).
 */
export function upload(rt: Runtime, X: Matrix | SparseMatrix, labels: Float32Array, weights: Float32Array | null, batchRows = 0): DeviceData {
  if (isSparse(X)) return uploadSparse(rt, X, labels, weights, batchRows);
  const inPlace = isDeviceMatrix(X, rt);
  const x = inPlace ? X.ptr : rt.mem.copyIn(X.data, 'inputs');
  let y = 0, w = 0;
  try {
    y = rt.mem.copyIn(labels, 'labels');
    w = weights ? rt.mem.copyIn(weights, 'sample weights') : 0;
  } catch (e) {
    // A failed upload keeps nothing reserved.
    if (!inPlace) rt.mem.free(x);
    if (y) rt.mem.free(y);
    throw e;
  }
  return {
    x, sp: 0, y, w, rows: X.rows, labels,
    free() {
      if (!inPlace) rt.mem.free(x);
      rt.mem.free(y);
      if (w) rt.mem.free(w);
    },
  };
}

/** One call into the core's training loop over batches [first, first + count), dense or sparse. */
export function trainOnDevice(net: Network, data: DeviceData, n: number, batchSize: number, first: number, count: number, pred: number): number {
  const core = net.runtime.core;
  return data.sp
    ? core.net_train_batches_csr(net.desc, data.sp, data.y, data.w, n, batchSize, first, count, pred)
    : core.net_train_batches(net.desc, data.x, data.y, data.w, n, batchSize, first, count, pred);
}

/** Outputs for all rows into out (rows x outDim). */
export function predictOnDevice(net: Network, data: Pick<DeviceData, 'x' | 'sp' | 'rows'>, out: number): void {
  const core = net.runtime.core;
  if (data.sp) core.net_predict_csr(net.desc, data.sp, data.rows, out);
  else core.net_predict(net.desc, data.x, data.rows, out);
}

/** Summed loss over all rows; outputs to out when out != 0. */
export function lossOnDevice(net: Network, data: DeviceData, out: number): number {
  const core = net.runtime.core;
  return data.sp
    ? core.net_evaluate_loss_csr(net.desc, data.sp, data.y, data.w, data.rows, out)
    : core.net_evaluate_loss(net.desc, data.x, data.y, data.w, data.rows, out);
}
