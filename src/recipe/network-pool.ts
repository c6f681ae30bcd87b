import type { Matrix } from '../data/matrix.js';
import type { FoldResult } from '../model-selection/fold.js';
import type { Fold } from '../model-selection/kfold.js';
import type { EstimatorSpec } from '../model-selection/spec.js';
import { resolveWorkers } from '../model-selection/workers.js';

/** One network to train in a worker: a one-network recipe (as JSON) and the rows it fits and scores. */
export interface NetworkJob {
  json: unknown;
  fold: Fold;
}

/** Worker threads that train TabularClassifier's networks side by side (workers > 1). */
export interface NetworkPool {
  /** Fits every job on X / ids; results in job order (scores on the fold's test rows, the fitted JSON when returnModel). */
  fitAll(X: Matrix, ids: Int32Array, nClasses: number, jobs: NetworkJob[], returnModel: boolean): Promise<FoldResult[]>;
  release(): Promise<void>;
}

/**
 * crossValidate's thread pool, fed one-network recipes; `workers` threads ('auto': one per CPU),
 * no more than there are jobs. null where the fits stay on this thread: one thread, or inside a
 * worker thread (a fold crossValidate sent there trains its networks there: no pool in a pool).
 * Where there are no worker threads, the pool refuses with NOT_PARALLEL (workers: 1 works everywhere).
 */
export async function openNetworkPool(workers: number | 'auto', jobs: number): Promise<NetworkPool | null> {
  const getBuiltin = (globalThis as { process?: { getBuiltinModule?: (name: string) => unknown } }).process?.getBuiltinModule;
  const threads = getBuiltin?.('node:worker_threads') as { isMainThread?: boolean } | undefined;
  if (threads && threads.isMainThread === false) return null;
  const size = resolveWorkers(workers, jobs);
  if (size < 2) return null;
  const { acquirePool } = await import('../model-selection/parallel.js');
  const lease = acquirePool(size);
  const dataKey = {}; // one fit: the selection's and the members' runs train on the same X and ids
  return {
    async fitAll(X, ids, nClasses, jobs, returnModel) {
      const specs: EstimatorSpec[] = jobs.map((j) => ({ kind: 'TabularClassifier', json: j.json, buildModule: '', buildExport: '', fitOptions: {} }));
      const results: FoldResult[] = new Array(jobs.length);
      await lease.pool.run({
        spec: specs[0], specs, X, ids, nClasses, folds: jobs.map((j) => j.fold), scoring: ['accuracy'], returnModel, dataKey,
        jobName: (k) => `TabularClassifier's network ${k + 1} of ${jobs.length} (${returnModel ? 'the ensemble' : 'the architecture selection'})`,
        onStart: () => {},
        onResult: (k, result) => { results[k] = result; },
      });
      return results;
    },
    release: lease.release,
  };
}
