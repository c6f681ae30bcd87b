import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { WasmlpError } from '../../errors.js';
import type { BuildFn } from '../../model-selection/classifier.js';
import { parseArgs, UsageError, type FlagSpecs } from '../args.js';
import type { CliIo } from '../common.js';
import { buildMlp } from '../model-spec.js';

export const WORKER_FLAGS: FlagSpecs = {
  redis: { kind: 'string', value: 'url', help: 'the Redis to take jobs from: redis://[user:password@]host:6379[/db], rediss:// for TLS' },
  queue: { kind: 'string', value: 'name', help: 'queue name (the same on callers and workers)', default: 'wasmlp' },
  concurrency: { kind: 'int', value: 'n', min: 1, help: 'jobs at a time in this process', default: 1 },
  'build-module': { kind: 'string', value: 'file', help: "module exporting the model builder (default: the CLI's own, for wasmlp cv/grid); jobs can never name one" },
  'build-export': { kind: 'string', value: 'name', help: 'exported builder function in --build-module', default: 'buildMlp' },
  'lock-ms': { kind: 'int', value: 'ms', min: 1000, help: "a job's lock, renewed while it runs; a killed worker's job goes to another worker after this long", default: 30000 },
  quiet: { kind: 'bool', help: 'no line per job on stderr' },
};

export const WORKER_HELP = `wasmlp worker --redis <url> [flags]

Runs cross-validation and grid-search folds queued by 'wasmlp cv|grid --workers <url>' (or by
crossValidate / GridSearchCV with workers: 'redis://...'), on this machine, until Ctrl-C. Start
as many as you like, on any machines that reach the Redis. Each rebuilds the model with its own
builder (--build-module); a job carries data and parameters only.

  wasmlp worker --redis redis://10.0.0.5:6379
  wasmlp grid sonar --layers 60 30 --lr 0.001 0.01 --workers redis://10.0.0.5:6379`;

export async function worker(argv: readonly string[], io: CliIo): Promise<number> {
  const { positionals, flags } = parseArgs(argv, WORKER_FLAGS, 'worker');
  if (positionals.length) throw new UsageError(`takes no arguments; received ${positionals.join(' ')}.`, 'worker');
  if (flags.redis === undefined) throw new UsageError('needs --redis <url>, e.g. --redis redis://127.0.0.1:6379.', 'worker');
  const exportName = flags['build-export'] as string;
  let build: BuildFn<any> = buildMlp as BuildFn<any>;
  if (flags['build-module'] !== undefined) {
    const file = resolve(io.cwd, flags['build-module'] as string);
    let mod: Record<string, unknown>;
    try {
      mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    } catch (e) {
      throw new WasmlpError('FILE_NOT_FOUND', `--build-module ${file} cannot be imported: ${(e as Error).message}`, { file, option: 'build-module' });
    }
    if (typeof mod[exportName] !== 'function') {
      throw new WasmlpError('BAD_OPTION', `--build-module ${file} has no exported function '${exportName}'; name it with --build-export.`, { file, option: 'build-export' });
    }
    build = mod[exportName] as BuildFn<any>;
  } else if (exportName !== 'buildMlp') {
    throw new UsageError(`--build-export ${exportName} needs --build-module (the CLI's own builder is buildMlp).`, 'worker');
  }
  const { startWorker } = await import('../../cluster/worker.js');
  const quiet = Boolean(flags.quiet);
  const w = await startWorker({
    url: flags.redis as string, build, buildExport: exportName, queue: flags.queue as string,
    concurrency: flags.concurrency as number, lockMs: flags['lock-ms'] as number,
    log: quiet ? undefined : (line) => io.stderr.write(`${line}\n`),
  });
  io.stderr.write(`worker ready: queue ${flags.queue}, pid ${process.pid}\n`);
  await new Promise<void>((done) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await w.close();
  return 0;
}
