import { WasmlpError, describe } from '../errors.js';
import { warn } from '../warnings.js';
import type { LinearMemory } from './memory.js';
import { MAX_THREADS, POOL_CAN_WAIT, POOL_DONE, POOL_EXIT, POOL_FAILED, POOL_FAULT, POOL_GEN, POOL_JOBS, POOL_MIN_WORK, POOL_SPIN, POOL_THREADS, POOL_WORDS } from '../core-abi.js';
import { poolWorkerSource } from './pool-worker-source.js';

/** What `init({ threads })` accepts: a count, or 'auto' for one per core. */
export type ThreadsOption = number | 'auto';

/** How many threads one model's products run on, and why. */
export interface ThreadsInfo {
  /** Threads a large product is split over now (the calling thread included). */
  threads: number;
  /** What was asked for. */
  requested: ThreadsOption;
  /** Worker threads started and ready (threads - 1 once all have joined). */
  workers: number;
  /** True when the core runs on a shared WebAssembly.Memory (the threads build). */
  shared: boolean;
  /** Why the count is what it is, in words. */
  reason: string;
}

/**
 * Multiply-adds below which a product (or an update of count * 16) runs on the calling thread
 * alone. Measured on the recipe's networks (bench/README.md, "Threads"): splitting a 64x64x64
 * product made a training step 1.4x slower, 0.5M and 1M multiply-adds 1.2x and 1.05x slower;
 * from 2M on the split pays (1.06x at 2M, 1.12x at 4M, 1.3x at 17M).
 */
export const DEFAULT_MIN_WORK = 1 << 21;
/** Polls before a waiting thread sleeps (tens of microseconds): a training step's products follow each other closer than that. */
const SPIN_POLLS = 1 << 15;

export function checkThreadsOption(value: unknown, where = 'init'): ThreadsOption {
  if (value === 'auto') return value;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_THREADS) {
    throw new WasmlpError('BAD_OPTION', `${where}: 'threads' must be 'auto' or an integer from 1 to ${MAX_THREADS}, received ${describe(value)}. Use 'auto' for one thread per core.`, { option: 'threads' });
  }
  return value;
}

interface HostEnv {
  /** Why threads cannot run here, or null when they can. */
  blocker: string | null;
  cores: number;
  /** This thread may block in Atomics.wait (not a browser's main thread). */
  canWait: boolean;
  /** Running inside a Node worker thread (a crossValidate fold worker): 'auto' means 1 there. */
  inNodeWorker: boolean;
}

type GetBuiltin = (name: string) => unknown;
function builtin<T>(name: string): T | undefined {
  const g = globalThis as { process?: { getBuiltinModule?: GetBuiltin } };
  try {
    return g.process?.getBuiltinModule?.(name) as T | undefined;
  } catch {
    return undefined;
  }
}

function isNode(): boolean {
  const g = globalThis as { process?: { versions?: { node?: string } }; Deno?: unknown; Bun?: unknown };
  return typeof g.process?.versions?.node === 'string' && g.Deno === undefined && g.Bun === undefined;
}

export function hostEnv(): HostEnv {
  const g = globalThis as { crossOriginIsolated?: boolean; Worker?: unknown; navigator?: { hardwareConcurrency?: number }; document?: unknown };
  let blocker: string | null = null;
  let cores = g.navigator?.hardwareConcurrency ?? 1;
  let inNodeWorker = false;
  if (isNode()) {
    const os = builtin<{ availableParallelism?(): number; cpus(): unknown[] }>('node:os');
    cores = os?.availableParallelism?.() ?? os?.cpus().length ?? 1;
    const wt = builtin<{ isMainThread: boolean; Worker: unknown }>('node:worker_threads');
    if (!wt) blocker = 'node:worker_threads is not available';
    inNodeWorker = wt ? !wt.isMainThread : false;
  } else if (typeof g.Worker !== 'function') {
    blocker = 'this runtime has no Worker (edge runtimes run one thread)';
  }
  if (!blocker && typeof SharedArrayBuffer !== 'function') {
    blocker = g.crossOriginIsolated === false
      ? 'the page is not cross-origin isolated: serve it with Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp'
      : 'this runtime has no SharedArrayBuffer';
  }
  if (!blocker) {
    try {
      new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
    } catch {
      blocker = 'this engine cannot create a shared WebAssembly.Memory';
    }
  }
  return { blocker, cores: Math.max(1, Math.min(MAX_THREADS, cores | 0)), canWait: g.document === undefined, inNodeWorker };
}

/** The thread count 'auto' or n resolves to on this host. */
export function resolveThreads(requested: ThreadsOption, env: HostEnv): number {
  if (env.blocker) return 1;
  if (requested === 'auto') return env.inNodeWorker ? 1 : env.cores;
  return requested;
}

interface PoolWorker {
  post(m: unknown): void;
  terminate(): void;
  unref(): void;
}

/**
 * Worker threads sharing the core's memory. Each instantiates the threads build and waits in the
 * core's pool_worker_loop; the calling thread publishes each large product to them through the control
 * block (assembly/parallel.ts) and works on it too, so workers that have not joined yet (or have
 * failed) only make a product slower, never wrong and never stuck. Idle workers do not keep the
 * process alive.
 */
export class ThreadPool {
  readonly control: number;
  private readonly workers: PoolWorker[] = [];
  private ready = 0;
  private failed = 0;
  private target = 1;
  private requested: ThreadsOption = 'auto';
  private lastFailure = '';
  private readonly waiters: Array<() => void> = [];
  private readonly failedIds = new Set<number>();

  constructor(private readonly mem: LinearMemory, private readonly core: { pool_attach(ptr: number): void },
    private readonly moduleBytes: Uint8Array, private readonly env: HostEnv) {
    this.control = mem.alloc(POOL_WORDS * 4, 'the thread pool');
    const words = this.words();
    words[POOL_THREADS] = 1;
    words[POOL_MIN_WORK] = DEFAULT_MIN_WORK;
    words[POOL_SPIN] = SPIN_POLLS;
    words[POOL_CAN_WAIT] = env.canWait ? 1 : 0;
    core.pool_attach(this.control);
  }

  private words(): Int32Array {
    return new Int32Array(this.mem.memory.buffer, this.control, POOL_WORDS);
  }

  /** Sets the thread count, starting workers as needed; resolves when they have joined. */
  async resize(requested: ThreadsOption): Promise<void> {
    this.requested = requested;
    this.target = resolveThreads(requested, this.env);
    while (this.workers.length < this.target - 1) this.spawn();
    this.publish();
    if (this.ready + this.failed < Math.min(this.workers.length, this.target - 1)) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** Threads a product may use now: the target, less workers not (yet) joined or failed. */
  private publish(): void {
    const n = Math.max(1, Math.min(this.target, 1 + this.ready));
    Atomics.store(this.words(), POOL_THREADS, n);
  }

  private settle(): void {
    this.publish();
    if (this.ready + this.failed >= Math.min(this.workers.length, this.target - 1)) {
      for (const w of this.waiters.splice(0)) w();
    }
  }

  private spawn(): void {
    const id = this.workers.length + 1;
    let joined = false;
    const onMessage = (m: { type: string; message?: string }) => {
      if (m.type === 'ready') {
        joined = true;
        // Only now may the thread stop holding the process open: a caller awaiting the pool's
        // start must not see the event loop run dry first.
        worker.unref();
        this.ready++;
        this.settle();
      } else if (m.type === 'failed') {
        worker.unref();
        this.fail(id, joined, m.message ?? 'unknown error');
      }
    };
    const onDeath = (how: string) => { worker.unref(); this.fail(id, joined, how); };
    // Deno takes node:worker_threads too: its Web Workers cannot be unref'd, so an idle pool
    // would keep every script from exiting.
    const nodeStyle = isNode() || ((globalThis as { Deno?: unknown }).Deno !== undefined && builtin('node:worker_threads') !== undefined);
    const worker = nodeStyle ? nodeWorker(onMessage, onDeath) : webWorker(onMessage, onDeath);
    this.workers.push(worker);
    worker.post({
      bytes: this.moduleBytes, memory: this.mem.memory, pool: this.control, id,
      failedWord: POOL_FAILED, doneWord: POOL_DONE,
    });
  }

  private fail(id: number, joined: boolean, how: string): void {
    if (this.failedIds.has(id)) return;
    this.failedIds.add(id);
    const words = this.words();
    Atomics.store(words, POOL_FAILED + id, 1);
    if (joined) this.ready--;
    this.failed++;
    this.lastFailure = `worker ${id} ${how}`;
    this.settle();
    warn('WORKER_FAILED', `A wasmlp worker thread stopped (${how}). Any share of a product it held was redone on the calling thread, so results are unchanged; work continues on ${Atomics.load(words, POOL_THREADS)} thread(s).`);
  }

  info(): ThreadsInfo {
    const threads = Atomics.load(this.words(), POOL_THREADS);
    let reason: string;
    if (this.env.blocker) reason = `one thread: ${this.env.blocker}`;
    else if (this.failed) reason = `${threads} of ${this.target} threads: ${this.lastFailure}`;
    else if (this.requested === 'auto' && this.env.inNodeWorker) reason = "one thread: 'auto' inside a worker thread (crossValidate's workers already use the cores)";
    else if (this.requested === 'auto') reason = `one per core (${this.env.cores}); products under ${Atomics.load(this.words(), POOL_MIN_WORK)} multiply-adds run on one`;
    else reason = `${this.requested} as asked; products under ${Atomics.load(this.words(), POOL_MIN_WORK)} multiply-adds run on one`;
    if (threads < this.target && !this.failed) reason += ` (${this.target - threads} worker(s) still starting)`;
    return { threads, requested: this.requested, workers: this.ready, shared: true, reason };
  }

  /** Multiply-adds below which products stay on the calling thread (benchmarks tune it). */
  setMinWork(madds: number): void {
    Atomics.store(this.words(), POOL_MIN_WORK, Math.max(0, Math.min(0x7fffffff, Math.floor(madds))));
  }

  /** Parallel jobs run so far (tests check that a product really was split). */
  get jobs(): number {
    return Atomics.load(this.words(), POOL_JOBS);
  }

  /** Tests: the next worker to claim a part traps before computing it. */
  injectFault(): void {
    Atomics.store(this.words(), POOL_FAULT, 1);
  }

  /** Ends every worker (they leave pool_worker_loop at once) and runs products inline from now on. */
  close(): void {
    const words = this.words();
    Atomics.store(words, POOL_THREADS, 1);
    Atomics.store(words, POOL_EXIT, 1);
    Atomics.add(words, POOL_GEN, 1);
    Atomics.notify(words, POOL_GEN);
    for (const w of this.workers) w.terminate();
    this.workers.length = 0;
    this.ready = 0;
    this.target = 1;
  }
}

function nodeWorker(onMessage: (m: { type: string; message?: string }) => void, onDeath: (how: string) => void): PoolWorker {
  const wt = builtin<{ Worker: new (src: string, o: object) => {
    postMessage(m: unknown): void; on(e: string, fn: (x: never) => void): void; terminate(): Promise<number>; unref(): void;
  } }>('node:worker_threads')!;
  const w = new wt.Worker(poolWorkerSource(false), { eval: true });
  let ended = false;
  w.on('message', onMessage);
  w.on('error', (e: Error) => onDeath(`failed with ${e.message}`));
  w.on('exit', (code: number) => { if (!ended) onDeath(`exited with code ${code}`); });
  return {
    post: (m) => w.postMessage(m),
    terminate: () => { ended = true; void w.terminate(); },
    unref: () => w.unref(),
  };
}

function webWorker(onMessage: (m: { type: string; message?: string }) => void, onDeath: (how: string) => void): PoolWorker {
  const g = globalThis as unknown as { Worker: new (url: string, o: object) => Worker; URL: typeof URL };
  const url = URL.createObjectURL(new Blob([poolWorkerSource(true)], { type: 'text/javascript' }));
  const w = new g.Worker(url, { type: 'module', name: 'wasmlp-pool' });
  w.addEventListener('message', (e: MessageEvent) => onMessage(e.data));
  w.addEventListener('error', (e: ErrorEvent) => { e.preventDefault?.(); onDeath(`failed with ${e.message}`); });
  const unref = (w as unknown as { unref?: () => void }).unref;
  return {
    post: (m) => w.postMessage(m),
    terminate: () => { w.terminate(); URL.revokeObjectURL(url); },
    unref: () => unref?.call(w),
  };
}
