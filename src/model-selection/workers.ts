import { WasmlpError, describe } from '../errors.js';

/**
 * How many worker threads `workers` asks for, never more than there are jobs (folds, networks):
 * 1 (the default) runs them on this thread; n or 'auto' (one per CPU) uses worker threads.
 */
export function resolveWorkers(workers: number | 'auto' | undefined, jobs: number): number {
  if (workers === undefined || workers === 1) return 1;
  if (workers === 'auto') {
    const os = (globalThis as { process?: { getBuiltinModule?: (n: string) => unknown } }).process?.getBuiltinModule?.('node:os') as { availableParallelism?: () => number } | undefined;
    return Math.max(1, Math.min(jobs, os?.availableParallelism?.() ?? 1));
  }
  if (!Number.isInteger(workers) || workers < 1) {
    throw new WasmlpError('BAD_OPTION', `workers must be an integer >= 1 or 'auto'; received ${describe(workers)}.`, { option: 'workers' });
  }
  return Math.min(workers, jobs);
}
