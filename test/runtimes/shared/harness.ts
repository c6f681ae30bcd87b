/**
 * Shared plumbing for the runtime tests: the Banknote text, Node's reference result, a temporary
 * project that has wasmlp in node_modules (as `npm install` would leave it), bounded child
 * processes, free loopback ports, and esbuild bundles for runtimes that need one file.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const BIN = join(ROOT, 'node_modules', '.bin');
export const SHARED = join(ROOT, 'test', 'runtimes', 'shared');

export interface TrainResult {
  rows: number;
  accuracy: number;
  loss: number;
  binaryAccuracy: number;
  predictions: number;
  params: number;
  /** Hash of the Banknote weights, the wide network's weights and its predictions. */
  weightsHash: string;
  /** The sparse (CSR) input path's weights and predictions. */
  sparseHash: string;
  /** Hidden width of the wide workload (packed GEMM paths need >= 256). */
  wideUnits: number;
}

/** Banknote CSV text, read from the shared data folder (never copied into the project). */
export function banknoteText(): string {
  const dir = process.env.WASMLP_DATA_DIR ?? resolve(ROOT, '..', 'shared', 'data');
  const file = join(dir, 'banknote_authentication.csv');
  if (!existsSync(file)) throw new Error(`Banknote data not found at ${file}; set WASMLP_DATA_DIR to the folder holding banknote_authentication.csv.`);
  return readFileSync(file, 'utf8');
}

/** The built package must exist: `npm test` builds it first. */
export function requireDist(): void {
  for (const f of ['dist/index.js', 'dist/node.js', 'dist/wasmlp.wasm']) {
    if (!existsSync(join(ROOT, f))) throw new Error(`${f} is missing: run 'npm run build' (npm test does it first).`);
  }
}

/** Node's own result, computed in this process from dist/: the reference every runtime must match. */
export async function nodeReference(csv: string): Promise<TrainResult> {
  requireDist();
  const wasmlp = await import(join(ROOT, 'dist', 'index.js'));
  const { trainBanknote } = await import(join(SHARED, 'train-banknote.js'));
  return trainBanknote(wasmlp, csv) as Promise<TrainResult>;
}

/** What train-threads.js returns: one hash per run (2, 1, 'auto' threads) and the counts used. */
export interface ThreadsResult {
  hashes: string[];
  threads: number[];
  shared: boolean;
  reason: string;
}

/** Node's threads result from dist/, in this process: every runtime's runs must give its hash. */
export async function nodeThreadsReference(): Promise<ThreadsResult> {
  requireDist();
  const wasmlp = await import(join(ROOT, 'dist', 'index.js'));
  const { trainThreads } = await import(join(SHARED, 'train-threads.js'));
  return trainThreads(wasmlp) as Promise<ThreadsResult>;
}

/** Checks one runtime's answer against Node's: same weights bit for bit, same accuracy. */
export function sameAsNode(result: TrainResult, reference: TrainResult): void {
  if (result.weightsHash !== reference.weightsHash || result.sparseHash !== reference.sparseHash || result.accuracy !== reference.accuracy) {
    throw new Error(`runtime result ${JSON.stringify(result)} differs from Node's ${JSON.stringify(reference)}`);
  }
}

/**
 * A throwaway project whose node_modules/wasmlp links to this checkout (what `npm link` or an
 * install leaves), so runtimes resolve the bare specifier 'wasmlp' through package.json exports.
 */
export function linkedProject(prefix: string): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), `wasmlp-${prefix}-`));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(ROOT, join(dir, 'node_modules', 'wasmlp'), 'dir');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `${prefix}-app`, private: true, type: 'module', dependencies: { wasmlp: '*' } }, null, 2));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A loopback port that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => res(port));
    });
  });
}

export interface Bounded {
  child: ChildProcess;
  output(): string;
  /** Resolves with stdout when the process exits 0; rejects with its output otherwise or on timeout. */
  done: Promise<string>;
  kill(): void;
}

/**
 * Starts a process that is killed after `timeoutMs` whatever happens. A binary that cannot start
 * rejects with a message naming it (the test fails; it is never skipped).
 */
export function startBounded(command: string, args: string[], options: { cwd?: string; timeoutMs: number; env?: NodeJS.ProcessEnv; stdin?: string; name: string }): Bounded {
  if (command.includes('/') && !existsSync(command)) {
    throw new Error(`${options.name}: ${command} does not exist. Run 'npm ci' (the runtime comes from the npm package in devDependencies).`);
  }
  // Its own process group: npm's runtime wrappers (bin/workerd is a Node script) start the real
  // binary as a child, which a SIGKILL of the wrapper alone would leave running after the tests.
  const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, NO_COLOR: '1', ...options.env }, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  if (options.stdin !== undefined) child.stdin!.end(options.stdin);
  else child.stdin!.end();
  const kill = () => {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, 'SIGKILL'); // the whole group: the wrapper and what it started
    } catch {
      // the group is already gone
    }
  };
  const output = () => `--- stdout ---\n${stdout.slice(-4000)}\n--- stderr ---\n${stderr.slice(-4000)}`;
  const done = new Promise<string>((res, rej) => {
    const timer = setTimeout(() => {
      kill();
      rej(new Error(`${options.name} did not finish within ${options.timeoutMs} ms and was killed.\n${output()}`));
    }, options.timeoutMs);
    child.once('error', (e) => {
      clearTimeout(timer);
      rej(new Error(`${options.name} could not be started (${command}): ${e.message}`));
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) res(stdout);
      else rej(new Error(`${options.name} exited with ${code ?? signal}.\n${output()}`));
    });
  });
  done.catch(() => {}); // callers await it; avoid an unhandled rejection if they fail earlier
  return { child, output, done, kill };
}

/** The last line of stdout that parses as JSON (runtimes may print warnings before it). */
export function lastJson<T>(stdout: string, name: string): T {
  const lines = stdout.trim().split('\n').reverse();
  for (const line of lines) {
    try {
      return JSON.parse(line) as T;
    } catch {
      // not this line
    }
  }
  throw new Error(`${name} printed no JSON result. stdout:\n${stdout.slice(-2000)}`);
}

/** Polls an HTTP endpoint until it answers (or the deadline passes). */
export async function waitForHttp(url: string, deadlineMs: number, proc?: Bounded): Promise<void> {
  const until = Date.now() + deadlineMs;
  let last = '';
  while (Date.now() < until) {
    if (proc && proc.child.exitCode !== null) throw new Error(`server exited with ${proc.child.exitCode} before answering ${url}.\n${proc.output()}`);
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await r.arrayBuffer();
      return;
    } catch (e) {
      last = (e as Error).message;
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${url} did not answer within ${deadlineMs} ms (${last}).${proc ? `\n${proc.output()}` : ''}`);
}
