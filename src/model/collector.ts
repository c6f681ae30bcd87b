import type { Network } from './network.js';

/**
 * Returns the WebAssembly memory of models the program dropped without dispose().
 *
 * A FinalizationRegistry frees a collected model's network, but its callback runs only some time
 * after a garbage collection, and engines collect rarely because a model's JavaScript object is
 * small while its weights live outside the JavaScript heap. So the allocator also asks here before
 * growing memory and before reporting OUT_OF_MEMORY. When a collector can be called
 * (`globalThis.gc` under `node --expose-gc`, or the one `wasmlp/node` takes from Node), it runs
 * when memory would grow a quarter past the last collection point, and always before
 * OUT_OF_MEMORY; the models it collected are freed at once. Browsers and edge runtimes offer no
 * such handle: there only dispose() frees memory at a known time.
 */
const live = new Map<Network, WeakRef<object>>();

const finalizer = typeof FinalizationRegistry === 'function'
  ? new FinalizationRegistry<Network>((net) => release(net))
  : null;

/** Memory size (bytes) at the last forced collection; the next one waits for 25% more. */
let collectedAt = 32 * 1024 * 1024;

let provider: (() => (() => void) | null) | null = null;
let provided: (() => void) | null | undefined;

/** Installs a way to obtain the engine's collector (taken on first need); see runtime/node-gc.ts. */
export function useCollector(obtain: () => (() => void) | null): void {
  provider = obtain;
  provided = undefined;
}

function collector(): (() => void) | null {
  const global = (globalThis as { gc?: unknown }).gc;
  if (typeof global === 'function') return global as () => void;
  if (provided === undefined) provided = provider ? provider() : null;
  return provided;
}

/** Follows `owner`: when it is collected, `net`'s regions are freed. */
export function track(owner: object, net: Network): void {
  if (typeof WeakRef !== 'function') return;
  live.set(net, new WeakRef(owner));
  finalizer?.register(owner, net, net);
  net.runtime.mem.reclaimer = reclaim;
}

/** The owner disposed `net` itself. */
export function untrack(net: Network): void {
  live.delete(net);
  finalizer?.unregister(net);
}

function release(net: Network): void {
  live.delete(net);
  net.dispose();
}

/**
 * Frees the networks of collected owners; true when anything was freed. Only right after a
 * collection: deref() of a live owner keeps it alive until the current job ends, so sweeping
 * before collecting would keep every model of this job from being collected.
 */
function sweep(): boolean {
  let freed = false;
  for (const [net, ref] of live) {
    if (ref.deref() === undefined) {
      release(net);
      freed = true;
    }
  }
  return freed;
}

/**
 * Called by the allocator before memory grows to `wanted` bytes (urgent: the allocation fails
 * otherwise). True when regions were freed, so the allocation should be tried again.
 */
export function reclaim(wanted: number, urgent: boolean): boolean {
  if (live.size === 0 || (!urgent && wanted < collectedAt * 1.25)) return false;
  const gc = collector();
  if (!gc) return false;
  gc();
  collectedAt = Math.max(32 * 1024 * 1024, wanted);
  return sweep();
}

/** Models followed (built and neither disposed nor collected); for tests. */
export function trackedModels(): number {
  return live.size;
}
