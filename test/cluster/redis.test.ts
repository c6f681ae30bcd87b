import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue, QueueEvents } from 'bullmq';
import { GridSearchCV, crossValidate, makeMoons } from '../../src/index.js';
import { makePipeline } from '../../src/cli/model-spec.js';
import { RedisExecutor } from '../../src/cluster/redis-executor.js';
import { CANCEL_KEY, DATA_KEY, encodeData, makeJob } from '../../src/cluster/job.js';
import { startWorker as startClusterWorker } from '../../src/cluster/worker.js';
import { buildMlp } from '../../src/cli/model-spec.js';
import { estimatorSpec } from '../../src/model-selection/spec.js';
import { parseRedisUrl, redact } from '../../src/cluster/redis-url.js';
import { RespClient, bullmqConnection } from '../../src/cluster/resp-client.js';
import { expectWasmlpError } from '../helpers/expect-error.js';
import { CLI, REDIS_CLI, REDIS_SERVER, startRedis, startWorker, stopProcess, type RedisServer, type WorkerProcess } from '../helpers/redis.js';

/**
 * Model selection on a BullMQ queue: a real redis-server on a free port and three
 * `wasmlp worker` processes (dist/, so `npm run build` first), against the same search run here.
 */
const data = makeMoons({ nSamples: 240, noise: 0.25, seed: 4 });
const pipe = () => makePipeline({ params: { layers: [8], activation: 'relu', optimizer: 'adam', dropout: 0 }, epochs: 4, batchSize: 16, scale: 'standard', seed: 2 });
const grid = { layers: [[4], [8]], lr: [0.003, 0.01, 0.03], epochs: [3, 6] }; // 12 candidates
const comparable = (gs: GridSearchCV) => gs.results.map(({ meanFitTime: _t, ...r }) => r);

let redis: RedisServer;
let workers: WorkerProcess[] = [];
const jobKeys = async (port: number, queue: string) => {
  const c = new RespClient({ host: '127.0.0.1', port, db: 0 });
  await c.connect();
  const keys = (await c.send('KEYS', [`bull:${queue}:*-*-*-*-*`])) as string[];
  c.close();
  return keys;
};
/** Waits until no job of any run is left in Redis (jobs removed by caller or workers). */
async function noJobsLeft(port: number, queue = 'wasmlp', deadlineMs = 30000): Promise<string[]> {
  const end = Date.now() + deadlineMs;
  let keys = await jobKeys(port, queue);
  while (keys.length && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 100));
    keys = await jobKeys(port, queue);
  }
  return keys;
}

describe.skipIf(!REDIS_SERVER)('model selection on a Redis cluster (BullMQ)', () => {
  beforeAll(async () => {
    redis = await startRedis();
    workers = await Promise.all([0, 1, 2].map(() => startWorker(redis.url, ['--lock-ms', '2000'])));
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => stopProcess(w.proc, 'SIGTERM')));
    await redis?.stop();
  });

  it('GridSearchCV, 12 candidates x 5 folds on three workers: the cvResults of the local run; no job left behind', async () => {
    const local = new GridSearchCV(pipe(), grid, { cv: 5, seed: 1, refit: false, scoring: ['accuracy', 'logLoss'] });
    await local.fit(data.x, data.y);
    const starts: number[] = [];
    const cluster = new GridSearchCV(pipe(), grid, { cv: 5, seed: 1, refit: false, scoring: ['accuracy', 'logLoss'], workers: redis.url, onFold: ({ phase, fold }) => { if (phase === 'end') starts.push(fold); } });
    await cluster.fit(data.x, data.y);
    expect(cluster.results).toHaveLength(12);
    expect(comparable(cluster)).toEqual(comparable(local));
    expect(cluster.bestIndex).toBe(local.bestIndex);
    expect(starts).toHaveLength(60);
    // Every worker took part, and each fetched the data once (one data key, by content hash).
    for (const w of workers) expect(w.log.some((l) => /^job .*fold \d/.test(l))).toBe(true);
    expect(await noJobsLeft(redis.port)).toEqual([]);
  });

  it('a worker SIGKILLed mid-run costs time, not results: its job goes to another worker', async () => {
    // Two workers of their own queue: the victim and one that takes over.
    const [victim, survivor] = await Promise.all([0, 1].map(() => startWorker(redis.url, ['--lock-ms', '2000', '--queue', 'killtest'])));
    const options = { cv: 5, seed: 3, scoring: ['accuracy'] } as const;
    const local = await crossValidate(pipe(), data.x, data.y, options);
    const ex = await RedisExecutor.connect(redis.url, { queue: 'killtest' });
    try {
      const running = crossValidate(pipe().setParams({ classifier__epochs: 30 }), data.x, data.y, { ...options, workers: ex });
      const localSlow = crossValidate(pipe().setParams({ classifier__epochs: 30 }), data.x, data.y, options);
      // Killed after its first job: by then it holds the next one (the queue is not empty).
      await victim.waitFor(/^job /);
      await stopProcess(victim.proc, 'SIGKILL');
      const [remote, reference] = await Promise.all([running, localSlow]);
      expect(remote.testScores).toEqual(reference.testScores);
      expect(remote.histories).toEqual(reference.histories);
      expect(local.testScores.accuracy).toHaveLength(5);
      expect(survivor.log.filter((l) => /^job /.test(l)).length).toBeGreaterThanOrEqual(3);
    } finally {
      await ex.close();
      await stopProcess(survivor.proc, 'SIGTERM');
    }
    expect(await noJobsLeft(redis.port, 'killtest')).toEqual([]);
  });

  it('a cancel that lands while the jobs are being enqueued rejects the run with ABORTED, and nothing else', async () => {
    // Ctrl-C can arrive while addBulk is in flight: the waiters were rejected before the run held
    // them, which Node turned into an unhandled rejection (a raw stack and exit code 1 in the CLI).
    const ex = await RedisExecutor.connect(redis.url, { queue: 'cancel-early' });
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    try {
      const queue = (ex as unknown as { queue: Queue }).queue;
      const addBulk = queue.addBulk.bind(queue);
      let cancelled: Promise<void> | null = null;
      queue.addBulk = ((jobs: Parameters<Queue['addBulk']>[0]) => {
        cancelled = ex.cancel();
        return addBulk(jobs);
      }) as Queue['addBulk'];
      await expectWasmlpError(() => crossValidate(pipe(), data.x, data.y, { cv: 3, seed: 1, workers: ex }), 'ABORTED');
      expect(cancelled).not.toBeNull();
      await cancelled;
      // Rejections are reported after the microtasks that could still handle them.
      await new Promise((r) => setImmediate(r));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
      await ex.close();
    }
    expect(await noJobsLeft(redis.port, 'cancel-early')).toEqual([]);
  });

  it('a job still running when its run is cancelled is removed by its worker once it finishes (the caller has already swept)', async () => {
    // The race one loaded run in ten hit: the worker checked the cancel mark, the caller then set
    // it and swept the finished jobs, and only then was the job recorded as completed; nobody was
    // left to remove it. Here the mark is set, synchronously, between the worker's last check and
    // the completion (the log line comes between them), and no caller removes anything.
    const queue = 'late-cancel';
    const run = '0f0f0f0f-1111-4222-8333-444444444444';
    const lines: string[] = [];
    const w = await startClusterWorker({
      url: redis.url, build: buildMlp as never, buildExport: 'buildMlp', queue,
      log: (line) => {
        lines.push(line);
        if (/^job \S+: fold/.test(line)) execFileSync(REDIS_CLI, ['-p', String(redis.port), 'SET', CANCEL_KEY(run), '1']);
      },
    });
    const conn = bullmqConnection(parseRedisUrl(redis.url));
    const q = new Queue(queue, { connection: conn as never });
    try {
      const ids = Int32Array.from(data.y);
      const { blob, hash } = encodeData(data.x, ids, 2);
      const c = new RespClient(parseRedisUrl(redis.url), 3000);
      await c.connect();
      await c.send('set', [DATA_KEY(hash), blob, 'ex', 600]);
      c.close();
      const train = Int32Array.from({ length: 200 }, (_, i) => i), test = Int32Array.from({ length: 40 }, (_, i) => 200 + i);
      const job = makeJob(run, hash, 0, train, test, estimatorSpec(pipe()), ['accuracy'], {});
      await q.add('fold', job, { jobId: `${run}:0:0`, removeOnComplete: false, removeOnFail: false });
      expect(await noJobsLeft(redis.port, queue)).toEqual([]);
      expect(lines.some((l) => /^job \S+: fold 1 accuracy/.test(l)), lines.join(' | ')).toBe(true);
    } finally {
      await q.close();
      conn.disconnect();
      await w.close();
    }
  });

  it('an interrupted caller (SIGINT) leaves no job behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wasmlp-cluster-'));
    const csv = join(dir, 'moons.csv');
    writeFileSync(csv, Array.from({ length: data.x.rows }, (_, r) => `${data.x.data[2 * r]},${data.x.data[2 * r + 1]},${data.y[r]}`).join('\n') + '\n');
    const since = workers.map((w) => w.log.length);
    const child = spawn(process.execPath, [CLI, 'grid', csv, '--layers', '8', '16', '--lr', '0.001', '0.01', '0.03', '--epochs', '60', '--folds', '5', '--workers', redis.url, '--quiet'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr!.on('data', (d) => { err += d; });
    // Interrupt once the workers are busy with its jobs.
    await Promise.race(workers.map((w, i) => w.waitFor(/^job .*fold/, since[i])));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGINT');
    expect(await exited, err).toBe(130);
    expect(err).toMatch(/removing this run's jobs/);
    expect(await noJobsLeft(redis.port)).toEqual([]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('a malformed job, or one naming a module, is failed at once with BAD_JOB (never retried, nothing loaded)', async () => {
    const conn = bullmqConnection(parseRedisUrl(redis.url)), evConn = bullmqConnection(parseRedisUrl(redis.url));
    const q = new Queue('wasmlp', { connection: conn as never });
    const ev = new QueueEvents('wasmlp', { connection: evConn as never });
    await ev.waitUntilReady();
    try {
      // The job's own state in Redis is the source of truth: a 'failed' event can be published
      // before this client's event stream reads from it on a loaded machine.
      const failed = async (id: string): Promise<string> => {
        for (;;) {
          const job = await q.getJob(id);
          // getJob is a snapshot: the state can turn 'failed' after it was read, so read the job
          // again for its reason (BullMQ writes state and reason in one script).
          if (job && (await job.isFailed())) return (await q.getJob(id))!.failedReason;
          await new Promise((r) => setTimeout(r, 25));
        }
      };
      const a = failed('bad-1'), b = failed('bad-2');
      await q.add('fold', { v: 1, run: 'x', data: 'not-a-hash' }, { jobId: 'bad-1', attempts: 3 });
      await q.add('fold', { v: 1, run: 'x', data: 'a'.repeat(64), k: 0, train: 'AAAAAA==', test: 'AQAAAA==', scoring: ['accuracy'], returnTrainScore: false, returnPredictions: false, spec: { kind: 'Pipeline', json: {}, buildExport: 'buildMlp', fitOptions: {}, buildModule: 'file:///tmp/evil.mjs' } }, { jobId: 'bad-2', attempts: 3 });
      const [ra, rb] = await Promise.all([a, b]);
      expect(ra).toMatch(/BAD_JOB/);
      expect(ra).toMatch(/'data' must be a sha256/);
      expect(rb).toMatch(/BAD_JOB/);
      expect(rb).toMatch(/spec\.buildModule/);
      const job = await q.getJob('bad-2');
      expect(job!.attemptsMade).toBe(1);
      await q.remove('bad-1');
      await q.remove('bad-2');
    } finally {
      await ev.close();
      await q.close();
      conn.disconnect();
      evConn.disconnect();
    }
  });
});

describe.skipIf(!REDIS_SERVER)('cluster: Redis down, gone, or guarded', () => {
  it('a Redis that is down: REDIS_UNAVAILABLE naming the option, password redacted', async () => {
    await expectWasmlpError(() => crossValidate(pipe(), data.x, data.y, { workers: 'redis://:secret@127.0.0.1:1' }), 'REDIS_UNAVAILABLE', [/127\.0\.0\.1:1/, /\*\*\*/], { option: 'workers' });
  });

  it('credentials come from the URL; a wrong password is REDIS_UNAVAILABLE; a Redis that goes away mid-run is REDIS_LOST', async () => {
    const guarded = await startRedis({ password: 'hunter2' });
    try {
      await expectWasmlpError(() => RedisExecutor.connect(`redis://:wrong@127.0.0.1:${guarded.port}`), 'REDIS_UNAVAILABLE', [/WRONGPASS|invalid/i]);
      // A queue no worker serves: an aborted run is ABORTED and its waiting jobs are removed.
      const abort = new AbortController();
      const exA = await RedisExecutor.connect(guarded.url, { queue: 'idle', signal: abort.signal });
      const aborted = crossValidate(pipe(), data.x, data.y, { cv: 3, workers: exA });
      const probeA = new RespClient(parseRedisUrl(guarded.url));
      await probeA.connect();
      while (Number(await probeA.send('llen', ['bull:idle:wait'])) < 3) await new Promise((r) => setTimeout(r, 20));
      abort.abort();
      await expectWasmlpError(() => aborted, 'ABORTED', [/cancelled/]);
      while (Number(await probeA.send('llen', ['bull:idle:wait'])) > 0) await new Promise((r) => setTimeout(r, 20));
      probeA.close();
      await exA.close();
      // Right password, a queue no worker serves: the jobs wait until Redis is killed.
      const ex = await RedisExecutor.connect(guarded.url, { queue: 'nobody', lostAfterMs: 500 });
      const run = crossValidate(pipe(), data.x, data.y, { cv: 3, workers: ex });
      const probe = new RespClient(parseRedisUrl(guarded.url));
      await probe.connect();
      while (Number(await probe.send('llen', ['bull:nobody:wait'])) < 3) await new Promise((r) => setTimeout(r, 20));
      probe.close();
      await stopProcess(guarded.proc, 'SIGKILL');
      await expectWasmlpError(() => run, 'REDIS_LOST', [/went away/, /Nothing was saved/], { option: 'workers' });
      await ex.close();
    } finally {
      await guarded.stop();
    }
  });

  it('URLs: rediss:// means TLS, credentials are percent-decoded, the path is the database', () => {
    expect(parseRedisUrl('rediss://ann:p%40ss@cache.example:6380/2')).toEqual({ host: 'cache.example', port: 6380, username: 'ann', password: 'p@ss', db: 2, tls: {} });
    expect(parseRedisUrl('redis://127.0.0.1')).toEqual({ host: '127.0.0.1', port: 6379, db: 0 });
    expect(redact('redis://ann:secret@h:1')).toBe('redis://ann:***@h:1');
    expect(() => parseRedisUrl('http://h:1')).toThrow(/redis:\/\/ or rediss:\/\//);
  });
});
