import { WasmlpError } from '../errors.js';
import { fileError } from '../io/file-error.js';
import { setWarningHandler } from '../warnings.js';
import { withCliAdvice } from './table-data.js';
import { DATASET_NAMES } from '../datasets/registry.js';
import { formatFlags, UsageError, type FlagSpecs } from './args.js';
import type { CliIo } from './common.js';
import { cv, CV_FLAGS, CV_HELP } from './commands/cv.js';
import { train, TRAIN_FLAGS, TRAIN_HELP } from './commands/train.js';
import { evaluate, EVALUATE_FLAGS, EVALUATE_HELP } from './commands/evaluate.js';
import { predict, PREDICT_FLAGS, PREDICT_HELP } from './commands/predict.js';
import { grid, GRID_FLAGS, GRID_HELP } from './commands/grid.js';
import { tune, TUNE_FLAGS, TUNE_HELP } from './commands/tune.js';
import { inspect, INSPECT_FLAGS, INSPECT_HELP } from './commands/inspect.js';
import { exportCommand, EXPORT_FLAGS, EXPORT_HELP } from './commands/export.js';
import { worker, WORKER_FLAGS, WORKER_HELP } from './commands/worker.js';

interface Command { run(argv: readonly string[], io: CliIo): Promise<number>; flags: FlagSpecs; help: string; summary: string }

export const COMMANDS: Record<string, Command> = {
  cv: { run: cv, flags: CV_FLAGS, help: CV_HELP, summary: 'cross-validate a network on a CSV file or a named dataset' },
  train: { run: train, flags: TRAIN_FLAGS, help: TRAIN_HELP, summary: 'train and save a model (scaler + network) as JSON' },
  evaluate: { run: evaluate, flags: EVALUATE_FLAGS, help: EVALUATE_HELP, summary: 'score a saved model on labelled rows' },
  predict: { run: predict, flags: PREDICT_FLAGS, help: PREDICT_HELP, summary: 'predict classes for rows from a file or standard input' },
  grid: { run: grid, flags: GRID_FLAGS, help: GRID_HELP, summary: 'grid search over layers, learning rate, epochs ... with cross-validation' },
  tune: { run: tune, flags: TUNE_FLAGS, help: TUNE_HELP, summary: 'search the default recipe within a time budget (--budget 60s): best configuration and its CV score' },
  inspect: { run: inspect, flags: INSPECT_FLAGS, help: INSPECT_HELP, summary: 'print the schema of a table: kind, missing and distinct counts, examples, what the pipeline does' },
  export: { run: exportCommand, flags: EXPORT_FLAGS, help: EXPORT_HELP, summary: 'convert a saved model to ONNX (scaler + network + class names in one graph)' },
  worker: { run: worker, flags: WORKER_FLAGS, help: WORKER_HELP, summary: "run cv/grid folds queued on Redis by '--workers redis://...'" },
};

export const USAGE = `wasmlp: dense neural networks for tabular data (WebAssembly SIMD)

usage: wasmlp <command> <arguments> [flags]

${Object.entries(COMMANDS).map(([n, c]) => `  ${n.padEnd(9)} ${c.summary}`).join('\n')}

Data is a CSV file (label in the last column unless --label says otherwise) or a dataset name:
${DATASET_NAMES.join(', ')} (read from WASMLP_DATA_DIR, the user cache, or downloaded once).

  wasmlp cv sonar --layers 60 --epochs 100 --batch-size 5 --folds 10 --scale standard --seed 7
  wasmlp <command> --help     flags of a command`;

export function commandHelp(name: string): string {
  const c = COMMANDS[name];
  return `${c.help}\n\nflags:\n${formatFlags(c.flags)}\n`;
}

/** Runs one command line; returns the exit code (0 ok, 1 failed, 2 wrong usage). */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? rest[0] : undefined;
    if (topic && COMMANDS[topic]) io.stdout.write(commandHelp(topic));
    else io.stdout.write(USAGE + '\n');
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write('wasmlp 0.1.0\n');
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr.write(`wasmlp: unknown command '${name}'. Commands: ${Object.keys(COMMANDS).join(', ')}. Run 'wasmlp --help'.\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(commandHelp(name));
    return 0;
  }
  // Warnings go to this command's stderr; advice in messages names CLI flags, not API options.
  const previousWarn = setWarningHandler((code, message) => io.stderr.write(`wasmlp ${name}: warning [${code}] ${message}\n`));
  try {
    return await withCliAdvice(() => command.run(rest, io));
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`wasmlp ${name}: ${e.message}\nRun 'wasmlp ${name} --help' for its flags.\n`);
      return 2;
    }
    if (e instanceof WasmlpError) {
      io.stderr.write(`wasmlp ${name}: ${e.message}\n`);
      return 1;
    }
    // Never a raw stack trace for a CLI user: file-system errors in their terms, anything else
    // as one line (WASMLP_DEBUG=1 shows the stack).
    io.stderr.write(`wasmlp ${name}: ${describeFailure(e)}\n`);
    if (process.env.WASMLP_DEBUG) io.stderr.write(`${(e as Error)?.stack ?? ''}\n`);
    return 1;
  } finally {
    setWarningHandler(previousWarn);
  }
}

/** One line for an error that is not a WasmlpError (a bug, or the system refusing something). */
export function describeFailure(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err && typeof err.code === 'string' && typeof err.syscall === 'string') {
    return fileError(err, err.path ?? '(a file)').message;
  }
  if (e instanceof RangeError) {
    return `the input is too large or too deeply nested to process (${e.message}). Check the file; wasmlp files are flat JSON and CSV.`;
  }
  return `internal error: ${(err && err.message) || String(e)}. Please report this with the command line (run with WASMLP_DEBUG=1 for details).`;
}
