import type { FoldRun } from './parallel.js';

/**
 * Where crossValidate and GridSearchCV run their folds: this thread (no executor), worker
 * threads (FoldPool, `workers: n`), or a cluster (`workers: 'redis://host:6379'`, RedisExecutor).
 * `run` fits and scores each fold of a run and reports it through onStart/onResult; results
 * must equal the single-thread run, fold for fold. An executor that can serve several runs at
 * once says so with `concurrent` (GridSearchCV then enqueues every candidate's folds together).
 */
export interface FoldExecutor {
  run(run: FoldRun): Promise<void>;
  readonly concurrent?: boolean;
}

export function isFoldExecutor(value: unknown): value is FoldExecutor {
  return typeof value === 'object' && value !== null && typeof (value as FoldExecutor).run === 'function';
}

/**
 * The executor `workers` names: an executor object as given, or a Redis URL (a RedisExecutor,
 * closed on release). null for thread counts (FoldPool) and the default.
 */
export async function executorFor(workers: unknown, signal?: AbortSignal): Promise<{ executor: FoldExecutor; release(): Promise<void> } | null> {
  if (isFoldExecutor(workers)) return { executor: workers, release: async () => {} };
  if (typeof workers === 'string' && /^rediss?:\/\//i.test(workers)) {
    // A variable specifier: bundlers leave the Node-only cluster code (BullMQ) out of browser builds.
    const where = '../cluster/redis-executor.js';
    const { RedisExecutor } = (await import(/* @vite-ignore */ where)) as typeof import('../cluster/redis-executor.js');
    const ex = await RedisExecutor.connect(workers, signal ? { signal } : {});
    return { executor: ex, release: () => ex.close() };
  }
  return null;
}
