import { WasmlpError, describe, type ErrorCode } from '../errors.js';
import { workerStartOptions } from '../runtime/worker-exec-argv.js';
import { KerasClassifier } from '../model-selection/classifier.js';
import { Pipeline } from '../model-selection/pipeline.js';
import { probaOf, type ExplainableModel, type ExplainInput } from './model-view.js';

/** What one importance worker is sent: the fitted model as JSON, the data, and its share of the columns. */
export interface ImportanceJob {
  kind: 'Pipeline' | 'KerasClassifier';
  json: unknown;
  x: ExplainInput;
  y: ArrayLike<number>;
  columns: number[];
  nRepeats: number;
  seed: number;
  scoring: string;
  /** A decision threshold the model's predictProba tags its output with (CLI models with a tuned threshold). */
  threshold: number | null;
}

export type ImportanceReply = { type: 'scores'; scores: number[][] } | { type: 'error'; error: { message: string; code?: string; where?: object } };

interface WorkerLike {
  postMessage(m: ImportanceJob): void;
  once(event: 'message', fn: (m: ImportanceReply) => void): void;
  once(event: 'error', fn: (e: Error) => void): void;
  terminate(): Promise<number>;
}

/** The compiled worker beside this file, or dist/'s copy when running from TypeScript sources. */
function workerUrl(fs: { existsSync(p: URL): boolean }): URL {
  if (!import.meta.url.endsWith('.ts')) return new URL('./importance-worker.js', import.meta.url);
  const built = new URL(import.meta.url.replace(/\/src\/explain\/importance-pool\.ts$/, '/dist/explain/importance-worker.js'));
  if (!fs.existsSync(built)) throw new WasmlpError('NOT_PARALLEL', `Worker threads run the compiled importance worker, and ${built.pathname} does not exist. Run npm run build.`, { option: 'workers' });
  return built;
}

/**
 * Splits the columns over `workers` threads (round robin); each restores the fitted model from
 * its JSON and scores its columns' shuffles, which depend only on (seed, column): the result
 * equals the single-thread run.
 */
export async function scoreColumnsInWorkers(model: ExplainableModel, x: ExplainInput, y: ArrayLike<number>, o: { columns: number[]; nRepeats: number; seed: number; scoring: string; workers: number }): Promise<number[][]> {
  const kind = model instanceof Pipeline ? 'Pipeline' : model instanceof KerasClassifier ? 'KerasClassifier' : null;
  if (!kind) throw new WasmlpError('NOT_PARALLEL', `permutationImportance with workers > 1 restores the model in each thread from its JSON; that works for a Pipeline or a KerasClassifier, not for ${describe((model as { className?: string }).className ?? model)}. Use workers: 1.`, { option: 'workers' });
  const getBuiltin = (globalThis as { process?: { getBuiltinModule?: (n: string) => unknown } }).process?.getBuiltinModule;
  const threads = getBuiltin?.('node:worker_threads') as { Worker: new (url: URL, o?: object) => WorkerLike } | undefined;
  const fs = getBuiltin?.('node:fs') as { existsSync(p: URL): boolean } | undefined;
  if (!threads || !fs) throw new WasmlpError('NOT_PARALLEL', 'workers > 1 needs node:worker_threads (Node 20.16+). Use workers: 1 here.', { option: 'workers' });
  const url = workerUrl(fs);
  const threshold = (probaOf(model, x) as { threshold?: number }).threshold ?? null;
  const json = (model as Pipeline | KerasClassifier<any>).toJSON();
  const shares = Array.from({ length: o.workers }, (_, w) => o.columns.filter((_, i) => i % o.workers === w));
  const started = shares.map(() => new threads.Worker(url, workerStartOptions()));
  try {
    const replies = await Promise.all(started.map((w, i) => new Promise<number[][]>((resolve, reject) => {
      w.once('message', (m) => (m.type === 'scores' ? resolve(m.scores) : reject(m.error.code ? new WasmlpError(m.error.code as ErrorCode, m.error.message, m.error.where ?? {}) : new Error(m.error.message))));
      w.once('error', reject);
      w.postMessage({ kind, json, x, y: Array.from(y), columns: shares[i], nRepeats: o.nRepeats, seed: o.seed, scoring: o.scoring, threshold });
    })));
    const out: number[][] = new Array(o.columns.length);
    shares.forEach((share, w) => share.forEach((column, k) => { out[o.columns.indexOf(column)] = replies[w][k]; }));
    return out;
  } finally {
    await Promise.all(started.map((w) => w.terminate()));
  }
}
