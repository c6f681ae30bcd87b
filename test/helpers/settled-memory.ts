import { memoryStats } from '../../src/index.js';
import { reclaim, useCollector } from '../../src/model/collector.js';
import { nodeCollectGarbage } from '../../src/runtime/node-gc.js';

/**
 * WebAssembly bytes in use once every model this test file dropped without dispose() has been
 * collected and freed (a full collection, then the collector's sweep, both synchronous). Tests that
 * compare memory before and after take their baseline here: otherwise a model an earlier test
 * dropped can be reclaimed in the middle of the comparison, whenever the engine collects, and the
 * count falls below the baseline (seen once in ten loaded runs).
 */
export function settledBytesInUse(): number {
  useCollector(nodeCollectGarbage);
  reclaim(0, true);
  return memoryStats().bytesInUse;
}
