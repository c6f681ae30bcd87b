/**
 * The caller's side of model selection on a cluster: folds become BullMQ jobs on Redis, run by
 * `wasmlp worker --redis URL` processes on any machine. The data goes to Redis once, under its
 * content hash; results come back per job and are handed to crossValidate as if computed here.
 */
import { randomUUID } from 'node:crypto';
import { Queue, QueueEvents } from 'bullmq';
import { WasmlpError } from '../errors.js';
import { isMatrix } from '../data/matrix.js';
import type { FoldExecutor } from '../model-selection/executor.js';
import type { FoldRun } from '../model-selection/parallel.js';
import { CANCEL_KEY, DATA_KEY, decodeError, decodeResult, encodeData, makeJob, type WireResult } from './job.js';
import { RespClient, bullmqConnection } from './resp-client.js';
import { parseRedisUrl, redact, type RedisTarget } from './redis-url.js';

/** Options of RedisExecutor: the Redis URL (credentials and TLS come from it) and the job retry policy. */
export interface RedisExecutorOptions {
  /** BullMQ queue name; workers must use the same (default 'wasmlp'). */
  queue?: string;
  /** Tries per job before the run fails (default 3): a crashed or killed worker's job is retried. */
  attempts?: number;
  /** Fail the run when Redis stays unreachable this long (default 5000 ms). */
  lostAfterMs?: number;
  /** Cancels the run: its jobs are removed from the queue and workers drop the ones they hold. */
  signal?: AbortSignal;
}

interface Waiter { run: FoldRun; k: number; settled: boolean; resolve(): void; reject(e: unknown): void }

export class RedisExecutor implements FoldExecutor {
  readonly concurrent = true;
  private readonly queue: Queue;
  private readonly events: QueueEvents;
  private readonly waiting = new Map<string, Waiter>();
  private readonly runs = new Set<string>();
  private readonly uploaded = new Set<string>();
  private lost: WasmlpError | null = null;
  private lostTimer: NodeJS.Timeout | null = null;
  private poller: NodeJS.Timeout | null = null;
  private closed = false;
  private seq = 0;
  private readonly clients: { disconnect(): void }[];

  private constructor(private readonly target: RedisTarget, private readonly url: string, private readonly control: RespClient, private readonly options: RedisExecutorOptions) {
    const name = options.queue ?? 'wasmlp';
    // Clients handed to BullMQ stay ours to close (it closes only the ones it duplicates).
    this.clients = [bullmqConnection(target), bullmqConnection(target)];
    this.queue = new Queue(name, { connection: this.clients[0] as never });
    this.events = new QueueEvents(name, { connection: this.clients[1] as never });
    // BullMQ reconnects on its own; errors surface through the watchdog below.
    this.queue.on('error', () => {});
    this.events.on('error', () => {});
    this.events.on('active', ({ jobId }) => {
      const w = this.waiting.get(jobId);
      if (w) Promise.resolve(w.run.onStart(w.k)).catch((e) => this.settle(jobId, e));
    });
    this.events.on('completed', ({ jobId }) => void this.check(jobId));
    this.events.on('failed', ({ jobId }) => void this.check(jobId));
    control.onclose = () => this.watchConnection();
    options.signal?.addEventListener('abort', () => void this.cancel(new WasmlpError('ABORTED', 'The cluster run was cancelled; its jobs were removed from the queue.', { option: 'signal' })));
  }

  /** Connects (and checks Redis answers) before anything is enqueued. */
  static async connect(url: string, options: RedisExecutorOptions = {}): Promise<RedisExecutor> {
    const target = parseRedisUrl(url);
    const control = new RespClient(target, 3000);
    try {
      await control.connect();
      await control.send('ping');
    } catch (e) {
      control.close();
      throw new WasmlpError('REDIS_UNAVAILABLE', `Cannot reach Redis at ${redact(url)}: ${(e as Error).message}. Start redis-server there, or check the host, port, password and TLS (rediss://).`, { option: 'workers' });
    }
    const ex = new RedisExecutor(target, url, control, options);
    await Promise.all([ex.queue.waitUntilReady(), ex.events.waitUntilReady()]);
    return ex;
  }

  async run(run: FoldRun): Promise<void> {
    if (this.closed) throw new WasmlpError('REDIS_LOST', 'This cluster executor is closed.', { option: 'workers' });
    if (this.lost) throw this.lost;
    const runId = randomUUID();
    this.runs.add(runId);
    const spec = run.spec; // makeJob leaves out buildModule: a worker builds with its own module
    if (!isMatrix(run.X)) {
      throw new WasmlpError('BAD_INPUT_TYPE', 'A Redis cluster runs folds on numeric matrices; this data is a table or sparse text rows. Run it with local workers (workers: n) or encode it first.', { option: 'workers' });
    }
    const { blob, hash } = encodeData(run.X, run.ids, run.nClasses);
    try {
      if (!this.uploaded.has(hash)) {
        // Sent once: workers fetch it by hash and keep it; a day's expiry cleans up after a crash.
        await this.control.send('set', [DATA_KEY(hash), blob, 'ex', 86400, 'nx']);
        await this.control.send('expire', [DATA_KEY(hash), 86400]);
        this.uploaded.add(hash);
      }
      const batch = this.seq++;
      const done = run.folds.map((fold, k) => new Promise<void>((resolve, reject) => {
        this.waiting.set(`${runId}:${batch}:${k}`, { run, k, settled: false, resolve, reject });
      }));
      // A cancel (Ctrl-C) can reject these while addBulk is still pending, before Promise.all
      // below holds them: without a handler that is an unhandled rejection that kills the process.
      for (const d of done) d.catch(() => {});
      await this.queue.addBulk(run.folds.map((fold, k) => ({
        name: 'fold',
        data: makeJob(runId, hash, k, fold.train, fold.test, spec, run.scoring, run),
        opts: { jobId: `${runId}:${batch}:${k}`, attempts: this.options.attempts ?? 3, backoff: { type: 'fixed', delay: 100 }, removeOnComplete: false, removeOnFail: false },
      })));
      // Events can be missed across a reconnect: look at the unfinished jobs now and then.
      this.poller ??= setInterval(() => { for (const id of this.waiting.keys()) void this.check(id); }, 1000);
      await Promise.all(done);
    } catch (e) {
      await this.cancelRun(runId);
      if (e instanceof WasmlpError) throw e;
      if (this.lost) throw this.lost;
      if (/Connection (is )?closed|ECONN|EPIPE|socket/i.test((e as Error)?.message ?? '')) {
        throw new WasmlpError('REDIS_LOST', `Lost Redis at ${redact(this.url)} during the run: ${(e as Error).message}. Nothing was saved; run it again when Redis is up.`, { option: 'workers' });
      }
      throw e;
    } finally {
      this.runs.delete(runId);
      if (this.waiting.size === 0 && this.poller) { clearInterval(this.poller); this.poller = null; }
    }
  }

  /** Reads a job's state; a finished job settles its waiter and is removed from Redis. */
  private async check(jobId: string): Promise<void> {
    const w = this.waiting.get(jobId);
    if (!w || w.settled) return;
    try {
      // State first, then the job: a job read before it finished would lack its return value.
      const state = await this.queue.getJobState(jobId);
      if (state !== 'completed' && state !== 'failed') return;
      const job = await this.queue.getJob(jobId);
      if (!job || this.waiting.get(jobId) !== w || w.settled) return;
      if (state === 'completed') {
        const raw = typeof job.returnvalue === 'string' ? JSON.parse(job.returnvalue) : job.returnvalue;
        if (!raw || typeof raw !== 'object') throw new WasmlpError('CLUSTER_JOB_FAILED', `Cluster job ${jobId} completed without a result; was it made by another program on the same queue?`, { job: jobId });
        const result = decodeResult(raw as WireResult);
        w.settled = true;
        this.waiting.delete(jobId);
        await job.remove().catch(() => {});
        await w.run.onResult(w.k, result);
        w.resolve();
      } else if (state === 'failed') {
        w.settled = true;
        this.waiting.delete(jobId);
        await job.remove().catch(() => {});
        w.reject(decodeError(job.failedReason ?? 'unknown failure', jobId));
      }
    } catch (e) {
      this.settle(jobId, e);
    }
  }

  private settle(jobId: string, e: unknown): void {
    const w = this.waiting.get(jobId);
    if (!w || w.settled) return;
    w.settled = true;
    this.waiting.delete(jobId);
    w.reject(e);
  }

  /** Redis went away: give it lostAfterMs to come back, then fail every run in progress. */
  private watchConnection(): void {
    if (this.closed || this.lostTimer) return;
    const deadline = Date.now() + (this.options.lostAfterMs ?? 5000);
    const retry = async () => {
      this.lostTimer = null;
      if (this.closed) return;
      try {
        await this.control.connect();
        await this.control.send('ping');
        this.control.onclose = () => this.watchConnection();
        return;
      } catch { /* still down */ }
      if (Date.now() < deadline) { this.lostTimer = setTimeout(retry, 250); return; }
      this.lost = new WasmlpError('REDIS_LOST', `Redis at ${redact(this.url)} went away during the run and did not come back within ${this.options.lostAfterMs ?? 5000} ms. Nothing was saved; run the search again when Redis is up.`, { option: 'workers' });
      for (const id of [...this.waiting.keys()]) this.settle(id, this.lost);
    };
    this.lostTimer = setTimeout(retry, 250);
  }

  /** Removes a run's jobs that no worker holds, and tells workers to drop the ones they do. */
  private async cancelRun(runId: string): Promise<void> {
    for (const [id, w] of [...this.waiting]) if (id.startsWith(`${runId}:`)) { w.settled = true; this.waiting.delete(id); }
    try {
      await this.control.send('set', [CANCEL_KEY(runId), '1', 'ex', 3600]);
      const prefix = `${runId}:`;
      const jobs = await this.queue.getJobs(['waiting', 'delayed', 'prioritized', 'wait', 'completed', 'failed']);
      await Promise.all(jobs.filter((j) => j?.id?.startsWith(prefix)).map((j) => j.remove().catch(() => {})));
    } catch { /* Redis is gone: its jobs go with it */ }
  }

  /** Cancels every run in progress (SIGINT, abort); they reject with `reason`. */
  async cancel(reason: unknown = new WasmlpError('ABORTED', 'The cluster run was cancelled.', { option: 'workers' })): Promise<void> {
    const runs = [...this.runs];
    for (const id of [...this.waiting.keys()]) this.settle(id, reason);
    await Promise.all(runs.map((r) => this.cancelRun(r)));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.poller) clearInterval(this.poller);
    if (this.lostTimer) clearTimeout(this.lostTimer);
    await Promise.allSettled([this.events.close(), this.queue.close()]);
    this.control.onclose = null;
    this.control.close();
    for (const c of this.clients) c.disconnect();
  }
}
