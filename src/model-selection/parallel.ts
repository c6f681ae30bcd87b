import { WasmlpError } from '../errors.js';
import type { Matrix } from '../data/matrix.js';
import type { Fold } from './kfold.js';
import type { FoldResult } from './fold.js';
import type { EstimatorSpec } from './spec.js';

/** Messages between crossValidate and its fold workers (fold-worker.ts). */
export type ToWorker =
  | { type: 'init'; spec: EstimatorSpec; x: Matrix; ids: Int32Array; nClasses: number; scoring: string[]; returnTrainScore: boolean; returnPredictions: boolean }
  | { type: 'fold'; k: number; fold: Fold };
export type FromWorker =
  | { type: 'result'; k: number; result: FoldResult }
  | { type: 'error'; k: number; error: { name: string; message: string; code?: string; where?: object; stack?: string } };

interface WorkerLike {
  postMessage(message: ToWorker): void;
  on(event: 'message', fn: (m: FromWorker) => void): void;
  on(event: 'error', fn: (e: Error) => void): void;
  on(event: 'exit', fn: (code: number) => void): void;
  terminate(): Promise<number>;
}

type WorkerCtor = new (url: URL, options?: object) => WorkerLike;

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

export interface ParallelRun {
  spec: EstimatorSpec;
  X: Matrix;
  ids: Int32Array;
  nClasses: number;
  folds: Fold[];
  scoring: string[];
  workers: number;
  returnTrainScore?: boolean;
  returnPredictions?: boolean;
  onStart(k: number): void | Promise<void>;
  onResult(k: number, result: FoldResult): void | Promise<void>;
}

/**
 * A small pool: `workers` threads, each given the data once, then folds one at a time in order
 * as threads come free. Results are reported by fold number; the first error stops the run.
 */
export async function runFoldsInWorkers(run: ParallelRun): Promise<void> {
  const getBuiltin = (globalThis as { process?: { getBuiltinModule?: (n: string) => unknown } }).process?.getBuiltinModule;
  const threads = getBuiltin?.('node:worker_threads') as { Worker: WorkerCtor } | undefined;
  const fs = getBuiltin?.('node:fs') as { existsSync(p: URL): boolean } | undefined;
  if (!threads || !fs) {
    throw new WasmlpError('NOT_PARALLEL', 'workers > 1 needs node:worker_threads (Node 20.16+, Deno or Bun with Node compatibility). Use workers: 1 here.', { option: 'workers' });
  }
  const url = workerUrl(fs);
  const pool: WorkerLike[] = [];
  let next = 0, done = 0;
  let failure: unknown = null;
  try {
    await new Promise<void>((resolve, reject) => {
      const fail = (e: unknown) => { failure ??= e; reject(e); };
      const dispatch = async (w: WorkerLike) => {
        if (failure) return;
        if (next >= run.folds.length) return;
        const k = next++;
        await run.onStart(k);
        w.postMessage({ type: 'fold', k, fold: run.folds[k] });
      };
      for (let i = 0; i < run.workers; i++) {
        const w = new threads.Worker(url);
        pool.push(w);
        w.on('message', (m) => {
          if (m.type === 'error') {
            const e = m.error;
            fail(e.code ? new WasmlpError(e.code, e.message, e.where ?? {}) : Object.assign(new Error(`fold ${m.k + 1}: ${e.message}`), { stack: e.stack }));
            return;
          }
          Promise.resolve(run.onResult(m.k, m.result)).then(() => {
            if (++done === run.folds.length) resolve();
            else return dispatch(w);
          }).catch(fail);
        });
        w.on('error', fail);
        w.on('exit', (code) => { if (done < run.folds.length && !failure) fail(new Error(`a fold worker exited with code ${code} before the folds were done`)); });
        w.postMessage({
          type: 'init', spec: run.spec, x: run.X, ids: run.ids, nClasses: run.nClasses, scoring: run.scoring,
          returnTrainScore: Boolean(run.returnTrainScore), returnPredictions: Boolean(run.returnPredictions),
        });
        dispatch(w).catch(fail);
      }
    });
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
}
