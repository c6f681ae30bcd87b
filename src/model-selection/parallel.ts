import { WasmlpError } from '../errors.js';
import { isErrorCode } from '../error-codes.js';
import { workerStartOptions } from '../runtime/worker-exec-argv.js';
import type { Features } from '../data/rows.js';
import { isTable } from '../data/table.js';
import { isSparse } from '../data/sparse.js';
import type { Fold } from './kfold.js';
import type { FoldResult } from './fold.js';
import type { EstimatorSpec } from './spec.js';

/** Messages between crossValidate and its fold workers (fold-worker.ts). */
export type ToWorker =
  | { type: 'data'; x: Features; ids: Int32Array; nClasses: number }
  | { type: 'fold'; k: number; fold: Fold; spec: EstimatorSpec; scoring: string[]; returnTrainScore: boolean; returnPredictions: boolean; returnModel: boolean };
export type FromWorker =
  | { type: 'result'; k: number; result: FoldResult }
  | { type: 'error'; k: number; error: { name: string; message: string; code?: string; where?: object; stack?: string } };

interface WorkerLike {
  postMessage(message: ToWorker): void;
  on(event: 'message', fn: (m: FromWorker) => void): void;
  on(event: 'error', fn: (e: Error) => void): void;
  on(event: 'exit', fn: (code: number) => void): void;
  terminate(): Promise<number>;
  unref(): void;
  ref(): void;
}

type WorkerCtor = new (url: URL, options?: object) => WorkerLike;
type GetBuiltin = (name: string) => unknown;

/**
 * The compiled worker script. From dist/ it sits beside this file; when this module runs from
 * TypeScript sources (tests), the compiled copy in dist/ is used (run `npm run build` first).
 */
function workerUrl(fs: { existsSync(p: URL): boolean }): URL {
  const here = new URL('./fold-worker.js', import.meta.url);
  if (!import.meta.url.endsWith('.ts')) return here;
  const built = new URL(import.meta.url.replace(/\/src\/model-selection\/parallel\.ts$/, '/dist/model-selection/fold-worker.js'));
  if (!fs.existsSync(built)) {
    throw new WasmlpError('NOT_PARALLEL', `Worker threads run the compiled fold worker, and ${built.pathname} does not exist. Run npm run build.`, { option: 'workers' });
  }
  return built;
}

export interface FoldRun {
  spec: EstimatorSpec;
  X: Features;
  ids: Int32Array;
  nClasses: number;
  folds: Fold[];
  scoring: string[];
  returnTrainScore?: boolean;
  returnPredictions?: boolean;
  /**
   * Runs with the same key have the same X, ids and nClasses (a search's candidates, a recipe fit's
   * networks), so a thread pool sends them once; without a key every run sends its own.
   */
  dataKey?: object;
  onStart(k: number): void | Promise<void>;
  onResult(k: number, result: FoldResult): void | Promise<void>;
}

/**
 * What the thread pool runs beyond an Executor's FoldRun (TabularClassifier's networks): a spec
 * per fold instead of one for all, and the fitted estimators sent back as JSON.
 */
export interface PoolRun extends FoldRun {
  /** specs[k] fits fold k (else run.spec). */
  specs?: EstimatorSpec[];
  returnModel?: boolean;
  /** What job k is, for messages (default "fold k+1"). */
  jobName?: (k: number) => string;
}

/**
 * X as a worker receives it. Structured clone copies a typed array's whole buffer and refuses
 * functions: a CSV loaded straight into WebAssembly memory (loadCsv's fast path) is a view into
 * the core's memory with methods, so only its values are sent.
 */
function cloneable(x: Features): Features {
  if (isTable(x) || isSparse(x)) return x;
  const whole = x.data.byteOffset === 0 && x.data.byteLength === x.data.buffer.byteLength && !(typeof SharedArrayBuffer === 'function' && x.data.buffer instanceof SharedArrayBuffer);
  return { data: whole ? x.data : x.data.slice(), rows: x.rows, cols: x.cols };
}

/**
 * `size` worker threads that fit and score folds. The data goes to each thread once (again only
 * when a run brings a different matrix); every fold message carries its estimator spec, so one
 * pool serves all of GridSearchCV's candidates. Runs are one at a time; folds are handed out in
 * order as threads come free and reported by fold number. The first error ends the run.
 */
export class FoldPool {
  private readonly workers: WorkerLike[] = [];
  /** The dataKey (or run) whose data the threads hold. */
  private sentKey: object | null = null;
  private handler: ((w: WorkerLike, m: FromWorker) => void) | null = null;
  private crash: ((e: unknown) => void) | null = null;
  private closed = false;
  /** A run is in progress (runs are one at a time). */
  running = false;
  /** The fold each worker is fitting, so a worker that dies is reported by its fold. */
  private readonly busy = new Map<WorkerLike, number>();
  /** The running run's names for its jobs. */
  private jobName: (k: number) => string = (k) => `fold ${k + 1}`;

  constructor(readonly size: number) {
    const getBuiltin = (globalThis as { process?: { getBuiltinModule?: GetBuiltin } }).process?.getBuiltinModule;
    const threads = getBuiltin?.('node:worker_threads') as { Worker: WorkerCtor } | undefined;
    const fs = getBuiltin?.('node:fs') as { existsSync(p: URL): boolean } | undefined;
    if (!threads || !fs) {
      throw new WasmlpError('NOT_PARALLEL', 'workers > 1 needs node:worker_threads (Node 20.16+, Deno or Bun with Node compatibility). Use workers: 1 here.', { option: 'workers' });
    }
    const url = workerUrl(fs);
    for (let i = 0; i < size; i++) {
      // Workers inherit the parent's flags, less those a worker refuses (--max-old-space-size, --input-type).
      const w = new threads.Worker(url, workerStartOptions());
      w.on('message', (m) => this.handler?.(w, m));
      w.on('error', (e) => this.crash?.(this.died(w, `failed with ${e.message}`)));
      w.on('exit', (code) => { if (!this.closed) this.crash?.(this.died(w, `exited with code ${code}`)); });
      // Idle threads must not keep the process alive: a shared pool outlives the call that made it.
      w.unref();
      this.workers.push(w);
    }
  }

  private died(w: WorkerLike, how: string): WasmlpError {
    const k = this.busy.get(w);
    const fold = k === undefined ? 'between folds' : this.jobName(k);
    return new WasmlpError('WORKER_DIED', `The worker thread fitting ${fold} ${how}. The run was stopped and its other workers ended; run it again, or with workers: 1 to see the failure in this thread.`, { option: 'workers' });
  }

  async run(run: PoolRun): Promise<void> {
    if (this.closed) throw new Error('FoldPool is closed');
    this.running = true;
    this.jobName = run.jobName ?? ((k) => `fold ${k + 1}`);
    for (const w of this.workers) w.ref(); // a run in progress keeps the process alive
    let next = 0, done = 0, failed = false;
    try {
      // Each run sends its data unless it shares a dataKey with the run before: a caller may
      // pass the same x object with other labels, or new values written into it.
      const key = run.dataKey ?? run;
      if (key !== this.sentKey) {
        const x = cloneable(run.X);
        for (const w of this.workers) w.postMessage({ type: 'data', x, ids: run.ids, nClasses: run.nClasses });
        this.sentKey = key;
      }
      await new Promise<void>((resolve, reject) => {
        const fail = (e: unknown) => { if (!failed) { failed = true; reject(e); } };
        const dispatch = async (w: WorkerLike) => {
          if (failed || next >= run.folds.length) return;
          const k = next++;
          await run.onStart(k);
          this.busy.set(w, k);
          w.postMessage({
            type: 'fold', k, fold: run.folds[k], spec: run.specs?.[k] ?? run.spec, scoring: run.scoring,
            returnTrainScore: Boolean(run.returnTrainScore), returnPredictions: Boolean(run.returnPredictions), returnModel: Boolean(run.returnModel),
          });
        };
        this.crash = fail;
        this.handler = (w, m) => {
          this.busy.delete(w);
          if (m.type === 'error') {
            const e = m.error;
            fail(isErrorCode(e.code) ? new WasmlpError(e.code, e.message, e.where ?? {}) : /Cannot find (module|package)|ERR_MODULE_NOT_FOUND|does not provide an export/.test(e.message) ? new WasmlpError('NOT_PARALLEL', `${this.jobName(m.k)}: a worker thread could not import the builder: ${e.message}. Check buildModule and that the builder is exported by name.`, { option: 'buildModule' }) : new WasmlpError('WORKER_DIED', `${this.jobName(m.k)} failed in a worker thread: ${e.message}. Run with workers: 1 to see the failure in the main thread.`, { option: 'workers' }));
            return;
          }
          Promise.resolve(run.onResult(m.k, m.result))
            .then(() => (++done === run.folds.length ? resolve() : dispatch(w)))
            .catch(fail);
        };
        if (run.folds.length === 0) resolve();
        for (const w of this.workers) dispatch(w).catch(fail);
      });
    } catch (e) {
      // A failed run may leave folds in flight; this pool is no longer in a known state.
      await this.close();
      throw e;
    } finally {
      this.handler = null;
      this.crash = null;
      this.running = false;
      if (!this.closed) for (const w of this.workers) w.unref();
    }
  }

  get isClosed(): boolean {
    return this.closed;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/**
 * Threads take tens of milliseconds to start and load the core, as long as a whole small
 * cross-validation; so one pool per size is kept (its idle threads unref'd) and reused by later
 * calls. A call that finds it busy (a concurrent run) or closed (after a failure) gets a fresh pool
 * that is closed when it is done.
 */
const shared = new Map<number, FoldPool>();

export function acquirePool(size: number): { pool: FoldPool; release(): Promise<void> } {
  const cached = shared.get(size);
  if (cached && !cached.isClosed && !cached.running) return { pool: cached, release: async () => {} };
  const pool = new FoldPool(size);
  if (!cached || cached.isClosed) {
    shared.set(size, pool);
    return { pool, release: async () => {} };
  }
  return { pool, release: () => pool.close() };
}

/** Ends the shared pools' threads (tests, or a host that wants a clean shutdown). */
export async function closeSharedPools(): Promise<void> {
  const pools = [...shared.values()];
  shared.clear();
  await Promise.all(pools.map((p) => p.close()));
}
