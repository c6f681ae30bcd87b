import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Node's garbage collector as a function, for reclaiming dropped models before WebAssembly memory
 * grows (src/model/collector.ts). `--expose-gc` is switched on only while one fresh context takes
 * its `gc`, then off again, so no `gc` global appears anywhere. Null when the engine refuses.
 */
export function nodeCollectGarbage(): (() => void) | null {
  try {
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    setFlagsFromString('--no-expose-gc');
    return typeof gc === 'function' ? (gc as () => void) : null;
  } catch {
    return null;
  }
}
