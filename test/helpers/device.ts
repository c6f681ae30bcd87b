import type { Sequential } from '../../src/index.js';
import { runtime } from '../../src/runtime/wasm.js';

/** Runs the core's forward + loss + backward on rows (no update); returns its loss sum and gradients. */
export function coreGradients(model: Sequential, xs: number[][], ys: number[][], w?: number[]): { lossSum: number; grads: Float32Array; params: Float32Array } {
  const rt = runtime();
  const net = model.network(xs[0].length);
  net.ensureBatchCapacity(xs.length);
  const xPtr = rt.mem.copyIn(xs.flat(), 'x');
  const yPtr = rt.mem.copyIn(ys.flat(), 'y');
  const wPtr = w ? rt.mem.copyIn(w, 'w') : 0;
  try {
    const lossSum = rt.core.net_compute_gradients(net.desc, xPtr, yPtr, wPtr, xs.length);
    return { lossSum, grads: net.getGrads(), params: net.getParams() };
  } finally {
    rt.mem.free(xPtr); rt.mem.free(yPtr); if (wPtr) rt.mem.free(wPtr);
  }
}

/** Deterministic pseudo-random numbers for test data (not the library's generators). */
export function testRandom(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    return s / 4294967296;
  };
}

export function randn(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}
