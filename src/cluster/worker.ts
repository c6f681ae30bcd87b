/**
 * The worker's side: takes fold jobs from the BullMQ queue, fits and scores them, returns the
 * scores. The estimator is rebuilt from the job's JSON with the worker's OWN builder (given when
 * it started); nothing in a job can make it import a module or read a file.
 */
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { WasmlpError } from '../errors.js';
import { getScorers } from '../metrics/scoring.js';
import { KerasClassifier, type BuildFn } from '../model-selection/classifier.js';
import type { Estimator } from '../model-selection/estimator.js';
import { runFold } from '../model-selection/fold.js';
import { Pipeline } from '../model-selection/pipeline.js';
import { CANCEL_KEY, DATA_KEY, checkRows, decodeData, encodeError, encodeResult, validateJob, type WireResult } from './job.js';
import { RespClient, bullmqConnection } from './resp-client.js';
import { parseRedisUrl, redact } from './redis-url.js';

/** Options of startWorker: the Redis URL, the build module the worker trusts, and how many jobs it runs at once. */
export interface WorkerOptions {
  url: string;
  /** The builder every job's classifier is built with, and its export name (jobs must ask for it). */
  build: BuildFn<any>;
  buildExport: string;
  queue?: string;
  /** Jobs at a time in this process (default 1: training uses the whole thread). */
  concurrency?: number;
  /**
   * Lock on a job, renewed while it runs (default 30000 ms); a worker that dies (SIGKILL) loses
   * it after this long and another worker takes the job.
   */
  lockMs?: number;
  log?: (line: string) => void;
}

/** Starts a worker; resolves once it is connected and listening. */
export async function startWorker(o: WorkerOptions): Promise<{ close(): Promise<void>; worker: Worker }> {
  const target = parseRedisUrl(o.url, '--redis');
  const control = new RespClient(target, 3000);
  try {
    await control.connect();
    await control.send('ping');
  } catch (e) {
    control.close();
    throw new WasmlpError('REDIS_UNAVAILABLE', `Cannot reach Redis at ${redact(o.url)}: ${(e as Error).message}. Start redis-server there, or check the host, port, password and TLS (rediss://).`, { option: 'redis' });
  }
  control.onclose = () => { void control.connect().catch(() => {}); };
  /** Data blobs by hash: each is fetched once per worker. */
  const data = new Map<string, ReturnType<typeof decodeData>>();
  const getData = async (hash: string, jobId: string) => {
    let d = data.get(hash);
    if (d) return d;
    const blob = await control.send('get', [DATA_KEY(hash)]);
    if (typeof blob !== 'string') {
      throw new WasmlpError('BAD_JOB', `Job ${jobId}: no data under ${DATA_KEY(hash)} (expired, or the job was not made by crossValidate).`, { job: jobId, option: 'data' });
    }
    d = decodeData(blob, hash);
    if (data.size >= 4) data.delete(data.keys().next().value!);
    data.set(hash, d);
    return d;
  };
  const cancelled = async (run: string) => Boolean(await control.send('exists', [CANCEL_KEY(run)]).catch(() => 0));

  const processJob = async (job: Job): Promise<WireResult> => {
    const id = String(job.id);
    let model: Estimator | null = null;
    try {
      const j = validateJob(job.data, id);
      if (await cancelled(j.run)) throw new UnrecoverableError('wasmlp:CANCELLED');
      if (j.spec.buildExport !== o.buildExport) {
        throw new WasmlpError('BAD_JOB', `Job ${id} asks for the builder '${j.spec.buildExport}', but this worker builds with '${o.buildExport}'. Start workers with the caller's builder (wasmlp worker --build-module file --build-export ${j.spec.buildExport}).`, { job: id, option: 'spec.buildExport' });
      }
      const d = await getData(j.data, id);
      checkRows(j.trainRows, d.x.rows, 'train', id);
      checkRows(j.testRows, d.x.rows, 'test', id);
      try {
        model = j.spec.kind === 'Pipeline' ? Pipeline.fromJSON(j.spec.json, { build: o.build }) : KerasClassifier.fromJSON(j.spec.json, { build: o.build });
        const clf = (model instanceof Pipeline ? model.final.step : model) as KerasClassifier;
        const { callbacks: _none, ...fitOptions } = j.spec.fitOptions as Record<string, unknown>;
        clf.fitOptions = fitOptions;
      } catch (e) {
        if (e instanceof WasmlpError) throw new WasmlpError('BAD_JOB', `Job ${id}: the estimator in spec.json cannot be restored: ${e.message}`, { job: id, option: 'spec.json' });
        throw e;
      }
      const scorers = getScorers(j.scoring);
      const result = await runFold(model, d.x, d.ids, d.nClasses, { train: j.trainRows, test: j.testRows }, j.k, scorers, j);
      if (await cancelled(j.run)) throw new UnrecoverableError('wasmlp:CANCELLED');
      o.log?.(`job ${id}: fold ${j.k + 1} ${Object.entries(result.scores).map(([k, v]) => `${k} ${v.toFixed(4)}`).join(' ')}`);
      return encodeResult(result);
    } catch (e) {
      if (e instanceof UnrecoverableError) throw e;
      o.log?.(`job ${id}: ${(e as Error).message}`);
      // A WasmlpError is the same on every try (bad parameters, a bad job): fail it at once.
      if (e instanceof WasmlpError) throw new UnrecoverableError(encodeError(e));
      throw new Error(encodeError(e));
    } finally {
      model?.dispose();
    }
  };

  const lockMs = o.lockMs ?? 30000;
  const main = bullmqConnection(target); // ours to close: BullMQ closes only the clients it duplicates
  const worker = new Worker(o.queue ?? 'wasmlp', processJob, {
    connection: main as never,
    concurrency: o.concurrency ?? 1,
    lockDuration: lockMs,
    stalledInterval: Math.max(1000, Math.round(lockMs / 2)),
    maxStalledCount: 3,
  });
  worker.on('error', () => {});
  // Jobs of a cancelled run leave nothing behind. The caller removes the finished jobs it finds
  // when it cancels; a job still running then finishes after that sweep, so its worker looks at
  // the cancel mark once more after the job is recorded, and removes it.
  const removeIfCancelled = async (job: Job) => {
    const run = (job.data as { run?: unknown } | undefined)?.run;
    if (typeof run === 'string' && (await cancelled(run))) await job.remove().catch(() => {});
  };
  worker.on('completed', (job) => void removeIfCancelled(job).catch(() => {}));
  worker.on('failed', (job, err) => {
    if (!job) return;
    if (err?.message === 'wasmlp:CANCELLED') void job.remove().catch(() => {});
    else void removeIfCancelled(job).catch(() => {});
  });
  await worker.waitUntilReady();
  return {
    worker,
    async close() {
      await worker.close();
      control.onclose = null;
      control.close();
      main.disconnect();
    },
  };
}
