import { WasmlpError } from '../errors.js';
import { HEADER_WORDS, NET_PERM, NET_RNG } from '../core-abi.js';
import type { Runtime } from '../runtime/wasm.js';
import type { Network } from './network.js';

/**
 * fit's `stratifiedBatches: true`: the class ids and the core's scratch space are placed in
 * WebAssembly memory once per fit; each epoch is then one call to the core's perm_stratify,
 * which writes the network's epoch order (assembly/stratified-order.ts). No per-batch host work.
 */
export interface StratifiedBatches {
  /** Lays out this epoch's order (each class shuffled with the model's generator unless shuffle is false). */
  order(shuffle: boolean): void;
  free(): void;
}

export function stratifiedBatches(rt: Runtime, net: Network, classIds: Int32Array | null, n: number): StratifiedBatches {
  if (!classIds) {
    throw new WasmlpError('BAD_OPTION', "fit: 'stratifiedBatches' needs one class per row (binary or multi-class labels); multi-label and regression targets have no classes to stratify. Remove the option.", { option: 'stratifiedBatches' });
  }
  let classes = 0;
  for (let i = 0; i < n; i++) classes = Math.max(classes, classIds[i] + 1);
  const ids = rt.mem.alloc(n * 4, 'class ids for stratified batches');
  let scratch = 0;
  try {
    scratch = rt.mem.alloc((n + 2 * classes) * 4, 'stratified batch scratch');
  } catch (e) {
    rt.mem.free(ids);
    throw e;
  }
  rt.mem.i32(ids, n).set(classIds.subarray(0, n));
  const header = () => rt.mem.i32(net.desc, HEADER_WORDS);
  return {
    order(shuffle: boolean): void {
      const h = header();
      rt.core.perm_stratify(h[NET_PERM], ids, n, classes, shuffle ? h[NET_RNG] : 0, scratch);
    },
    free(): void {
      rt.mem.free(ids);
      rt.mem.free(scratch);
    },
  };
}
