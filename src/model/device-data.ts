import type { Matrix } from '../data/matrix.js';
import type { Runtime } from '../runtime/wasm.js';
import { isDeviceMatrix } from '../data/csv-fast.js';

/** A dataset copied into WebAssembly memory once, for as many epochs as fit runs. */
export interface DeviceData {
  readonly x: number;
  readonly y: number;
  /** 0 when every sample weight is 1. */
  readonly w: number;
  readonly rows: number;
  /** The labels as the core reads them (host copy, for metrics). */
  readonly labels: Float32Array;
  free(): void;
}

export function upload(rt: Runtime, X: Matrix, labels: Float32Array, weights: Float32Array | null): DeviceData {
  // Features the fast CSV path wrote into this core's memory are trained on in place (no copy).
  const inPlace = isDeviceMatrix(X, rt);
  const x = inPlace ? X.ptr : rt.mem.copyIn(X.data, 'inputs');
  let y = 0, w = 0;
  try {
    y = rt.mem.copyIn(labels, 'labels');
    w = weights ? rt.mem.copyIn(weights, 'sample weights') : 0;
  } catch (e) {
    // A failed upload keeps nothing reserved.
    rt.mem.free(x);
    if (y) rt.mem.free(y);
    throw e;
  }
  return {
    x, y, w, rows: X.rows, labels,
    free() {
      if (!inPlace) rt.mem.free(x);
      rt.mem.free(y);
      if (w) rt.mem.free(w);
    },
  };
}
