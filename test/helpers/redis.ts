import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { RespClient } from '../../src/cluster/resp-client.js';

export const REDIS_SERVER = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((p) => existsSync(p)) ?? null;
/** redis-cli from the same package: a synchronous SET from inside a callback (race tests). */
export const REDIS_CLI = REDIS_SERVER ? REDIS_SERVER.replace(/redis-server$/, 'redis-cli') : 'redis-cli';
export const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

/** A port nothing listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** Connects until the server answers PING: readiness by connecting, never by sleeping. */
export async function waitForRedis(port: number, password?: string, deadlineMs = 20000): Promise<void> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const c = new RespClient({ host: '127.0.0.1', port, db: 0, ...(password ? { password } : {}) }, 1000);
    try {
      await c.connect();
      await c.send('PING');
      c.close();
      return;
    } catch (e) {
      c.close();
      if (Date.now() > end) throw new Error(`redis-server on port ${port} did not answer: ${(e as Error).message}`);
      await new Promise((r) => setImmediate(r));
    }
  }
}

export interface RedisServer { port: number; url: string; proc: ChildProcess; stop(): Promise<void> }

/** Starts a throw-away redis-server (no persistence) on a free port. */
export async function startRedis(options: { password?: string } = {}): Promise<RedisServer> {
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...(options.password ? ['--requirepass', options.password] : [])];
  const proc = spawn(REDIS_SERVER!, args, { stdio: 'ignore' });
  await waitForRedis(port, options.password);
  return {
    port, proc,
    url: `redis://${options.password ? `:${options.password}@` : ''}127.0.0.1:${port}`,
    stop: () => stopProcess(proc, 'SIGTERM'),
  };
}

export function stopProcess(proc: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    proc.once('exit', () => resolve());
    proc.kill(signal);
  });
}

export interface WorkerProcess { proc: ChildProcess; log: string[]; waitFor(re: RegExp, since?: number): Promise<string> }

/** Starts `wasmlp worker` and resolves once it says it is ready (its first stderr line). */
export async function startWorker(url: string, extra: string[] = []): Promise<WorkerProcess> {
  const proc = spawn(process.execPath, [CLI, 'worker', '--redis', url, ...extra], { stdio: ['ignore', 'ignore', 'pipe'] });
  const log: string[] = [];
  const waiters: { re: RegExp; resolve(line: string): void }[] = [];
  let rest = '';
  proc.stderr!.on('data', (d: Buffer) => {
    rest += d.toString();
    const lines = rest.split('\n');
    rest = lines.pop()!;
    for (const line of lines) {
      log.push(line);
      for (const w of [...waiters]) if (w.re.test(line)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(line); }
    }
  });
  /** The first line matching re, among lines logged from index `since` on. */
  const waitFor = (re: RegExp, since = 0) => new Promise<string>((resolve, reject) => {
    const hit = log.slice(since).find((l) => re.test(l));
    if (hit) return resolve(hit);
    waiters.push({ re, resolve });
    proc.once('exit', (code) => reject(new Error(`worker exited (${code}) before ${re}: ${log.join(' | ')}`)));
  });
  await waitFor(/worker ready/);
  return { proc, log, waitFor };
}
