/**
 * The parent's Node flags that a worker thread accepts, plus its heap limit as a resource limit.
 * Workers refuse per-process and V8 heap flags in execArgv (ERR_WORKER_INVALID_EXEC_ARGV):
 * `node --max-old-space-size=4096 wasmlp cv --workers 2` would otherwise crash when the first
 * worker starts. --input-type (from `node -e`) is refused for a file. The heap limit is kept by
 * passing it as resourceLimits.maxOldGenerationSizeMb.
 */
const REFUSED = /^--(input-type|max-old-space-size|max-semi-space-size|max-young-generation-size|stack-size|expose-gc|expose_gc|v8-options|no-expose-gc|prof|perf-|interpreted-frames-native-stack|jitless|single-threaded|abort-on-uncaught-exception)/;

export interface WorkerStartOptions {
  execArgv: string[];
  resourceLimits?: { maxOldGenerationSizeMb?: number };
}

export function workerStartOptions(parentArgv: readonly string[] | undefined = (globalThis as { process?: { execArgv?: string[] } }).process?.execArgv): WorkerStartOptions {
  const argv = parentArgv ?? [];
  const execArgv: string[] = [];
  let heapMb: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const heap = /^--max[-_]old[-_]space[-_]size(?:=(\d+))?$/.exec(a);
    if (heap) {
      const value = heap[1] ?? argv[++i];
      if (value !== undefined && /^\d+$/.test(value)) heapMb = Number(value);
      continue;
    }
    if (REFUSED.test(a)) {
      // A flag given as two words (--input-type module) takes its value along.
      if (!a.includes('=') && argv[i + 1] !== undefined && !argv[i + 1].startsWith('-')) i++;
      continue;
    }
    execArgv.push(a);
  }
  return heapMb === undefined ? { execArgv } : { execArgv, resourceLimits: { maxOldGenerationSizeMb: heapMb } };
}
