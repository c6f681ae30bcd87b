import { rename, rm, writeFile } from 'node:fs/promises';
import { makeDirectories } from './output-path.js';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { WasmlpError } from '../errors.js';
import { loadCsv } from '../data/csv-node.js';
import type { Dataset } from '../data/dataset.js';
import { SCORING_NAMES } from '../metrics/scoring.js';
import { DATASET_NAMES, isDatasetName } from '../datasets/registry.js';
import { loadDataset } from '../datasets/load-dataset.js';
import { UsageError, type FlagSpecs } from './args.js';
import { ACTIVATION_CHOICES, OPTIMIZER_CHOICES, SCALE_CHOICES, type MlpParams, type Scale } from './model-spec.js';
import type { ProgressStream } from './progress.js';
import type { Features } from '../data/rows.js';
import { TABLE_FLAGS, isDirectory, loadTableData, type TableData } from './table-data.js';
import { loadTextFolderData } from './text-folder.js';
import { savePipelineFile } from '../io/pipeline-files.js';
import type { Pipeline } from '../model-selection/pipeline.js';

/** The process surface a command uses; tests pass their own. */
export interface CliIo {
  stdout: ProgressStream;
  stderr: ProgressStream;
  /** Reads all of standard input (predict without a rows file). */
  readStdin(): Promise<string>;
  /** Standard input as a stream, so predict can answer inputs of any size (else readStdin is used). */
  stdinStream?: AsyncIterable<string | Uint8Array>;
  stdinIsTTY: boolean;
  cwd: string;
}

export const DATA_FLAGS: FlagSpecs = {
  label: { kind: 'string', value: 'col', help: "label column: 'last', a 0-based index or a header name (CSV files)" },
  'positive-class': { kind: 'string', value: 'value', help: 'label value that becomes class 1 in a two-class file' },
};

export const OUTPUT_FLAGS: FlagSpecs = {
  json: { kind: 'bool', help: 'print one JSON document on stdout instead of text' },
  quiet: { kind: 'bool', help: 'no progress on stderr' },
  force: { kind: 'bool', help: 'overwrite existing output files (--out, --report, --onnx); an input file is never overwritten' },
};

export const REPORT_FLAG: FlagSpecs = {
  report: { kind: 'string', value: 'file.html', help: 'write a self-contained HTML page: learning curves, ROC curve, confusion matrix' },
};

/** Model and training flags; `multiple` for grid search. */
export function modelFlags(multiple: boolean): FlagSpecs {
  return {
    layers: { kind: 'layers', value: 'sizes', help: 'hidden layer sizes, e.g. 60 or 60,30 (0: no hidden layer)', default: [16], multiple },
    activation: { kind: 'enum', value: 'name', choices: ACTIVATION_CHOICES, help: `hidden activation: ${ACTIVATION_CHOICES.join(', ')}`, default: 'relu', multiple },
    optimizer: { kind: 'enum', value: 'name', choices: OPTIMIZER_CHOICES, help: `optimizer: ${OPTIMIZER_CHOICES.join(', ')}`, default: 'adam', multiple },
    lr: { kind: 'float', value: 'rate', min: 0, exclusiveMin: true, help: "learning rate (default: the optimizer's, adam 0.001, sgd 0.01)", multiple },
    epochs: { kind: 'int', value: 'n', min: 1, help: 'passes over the training rows', default: 100, multiple },
    'batch-size': { kind: 'int', value: 'n', min: 1, help: 'rows per gradient step', default: 32, multiple },
    dropout: { kind: 'float', value: 'rate', min: 0, max: 1, exclusiveMax: true, help: 'dropout rate after each hidden layer', default: 0, multiple },
    scale: { kind: 'enum', value: 'how', choices: SCALE_CHOICES, help: 'feature scaling fitted on training rows: standard, minmax or none', default: 'standard' },
    seed: { kind: 'int', value: 'n', min: 0, max: 0xffffffff, help: 'seed of folds, splits, weights and shuffling', default: 0 },
  };
}

export const WORKERS_FLAG: FlagSpecs = {
  workers: { kind: 'workers', value: 'n|auto|url', help: "run folds on n worker threads ('auto': one per CPU), or as jobs for 'wasmlp worker' processes on Redis (redis://host:6379, rediss:// for TLS); scores equal the single-thread run", default: 1 },
};

export const SCORING_FLAG: FlagSpecs = {
  scoring: { kind: 'list', value: 'names', choices: SCORING_NAMES, help: `comma-separated: ${SCORING_NAMES.join(', ')}`, default: ['accuracy'] },
};

export function mlpParams(flags: Record<string, unknown>): MlpParams {
  return {
    layers: flags.layers as number[], activation: flags.activation as MlpParams['activation'], optimizer: flags.optimizer as MlpParams['optimizer'],
    lr: flags.lr as number | undefined, dropout: flags.dropout as number,
  };
}

export const scaleOf = (flags: Record<string, unknown>): Scale => flags.scale as Scale;

export interface LoadedData {
  /** Features (a Table for CSV files: encoded per fold by the pipeline's TableTransformer), labels and names. */
  ds: { x: Features; y: Int32Array | Float32Array; labelName: string; featureNames: string[] };
  /** Input feature columns (before encoding). */
  features: number;
  /** The table path's schema and transformer settings; null for a named dataset. */
  table: TableData | null;
  /** What the user named: a path or a dataset name. */
  source: string;
  classNames: string[];
}

/**
 * A positional data argument: a CSV path, or a dataset name (sonar, banknote, pima, ionosphere,
 * iris) resolved by loadDataset when no file of that name exists.
 */
export async function loadData(arg: string | undefined, flags: Record<string, unknown>, io: CliIo, command: string, quiet: boolean): Promise<LoadedData> {
  if (arg === undefined) {
    throw new UsageError(`needs a data argument: a CSV file or a dataset name (${DATASET_NAMES.join(', ')}).`, command);
  }
  const path = resolve(io.cwd, arg);
  let ds: Dataset | null = null;
  if (existsSync(path)) {
    if (isDirectory(path)) return loadTextFolderData(path, arg, flags);
    // An all-numeric file with no missing cell keeps the matrix path (streamed, scaler + network,
    // numeric rows at predict); anything else, or any table flag, goes through the typed table.
    const tableFlags = Object.keys(TABLE_FLAGS).some((f) => flags[f] !== undefined && flags[f] !== TABLE_FLAGS[f].default);
    if (!tableFlags) ds = await loadNumericCsv(path, flags);
    if (!ds) {
      const t = await loadTableData(path, flags);
      return { ds: { x: t.x, y: t.y, labelName: t.labelName, featureNames: t.columns }, features: t.columns.length, table: t, source: arg, classNames: t.classNames };
    }
  } else if (isDatasetName(arg)) {
    for (const flag of Object.keys(TABLE_FLAGS)) {
      if (flags[flag] !== undefined && flags[flag] !== TABLE_FLAGS[flag].default) throw new UsageError(`--${flag} applies to CSV files; '${arg}' is a named dataset with a fixed layout.`, command);
    }
    if (flags.label !== undefined || flags['positive-class'] !== undefined) {
      throw new UsageError(`--label and --positive-class apply to CSV files; '${arg}' is a named dataset with a fixed layout.`, command);
    }
    ds = await loadDataset(arg, { onDownload: (url, to) => { if (!quiet) io.stderr.write(`downloading ${url} -> ${to}\n`); } });
  } else {
    throw new WasmlpError('FILE_NOT_FOUND', `No file at ${path}. Give a CSV file, or one of the dataset names: ${DATASET_NAMES.join(', ')} (or a folder of texts, one subfolder per class).`, { file: path });
  }
  if (ds.task === 'regression' || !ds.classes) {
    throw new WasmlpError('NOT_CLASSIFICATION', `${arg}: the label column '${ds.labelName}' holds continuous values; the wasmlp CLI trains classifiers. Pick the class column with --label.`, { option: 'label' });
  }
  return { ds, features: ds.x.cols, table: null, source: arg, classNames: ds.classes };
}

/** The streamed numeric loader; null when the file is not plain numbers (the table path then reads it and reports). */
async function loadNumericCsv(path: string, flags: Record<string, unknown>): Promise<Dataset | null> {
  const label = flags.label as string | undefined;
  try {
    return await loadCsv(path, {
      ...(label === undefined ? {} : { label: /^-?\d+$/.test(label) ? Number(label) : label }),
      ...(flags['positive-class'] === undefined ? {} : { positiveClass: flags['positive-class'] as string }),
    });
  } catch (e) {
    if (e instanceof WasmlpError) return null;
    throw e;
  }
}

/** Writes a file atomically (temporary file, then rename), creating the directory. */
export async function writeOutput(path: string, text: string | Uint8Array, what: string): Promise<string> {
  const full = resolve(path);
  const tmp = `${full}.${process.pid}.tmp`;
  try {
    await makeDirectories(dirname(full));
    await writeFile(tmp, text);
    await rename(tmp, full);
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => {});
    if (e instanceof WasmlpError) throw e;
    throw new WasmlpError('FILE_WRITE', `Could not write the ${what} to ${full}: ${(e as Error).message}`, { file: full });
  }
  return full;
}

/**
 * Writes a trained pipeline for --out (atomically, creating the directory): one JSON file, or for a
 * large network the JSON plus its .weights.bin file beside it (src/io/pipeline-files.ts).
 */
export async function writeModelOutput(path: string, pipe: Pipeline): Promise<string> {
  const full = resolve(path);
  await makeDirectories(dirname(full));
  await savePipelineFile(pipe, full);
  return full;
}

/** JSON with NaN/Infinity as null and typed arrays as arrays. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v), 2);
}

export const pct = (v: number) => `${(100 * v).toFixed(2)}%`;
export const f4 = (v: number) => (Number.isFinite(v) ? v.toFixed(4) : 'n/a');

/** The command line as typed, for reports. */
export function commandLine(command: string, argv: readonly string[]): string {
  return ['wasmlp', command, ...argv.map((a) => (/^[\w./,:=-]+$/.test(a) ? a : JSON.stringify(a)))].join(' ');
}

/**
 * --workers redis://...: the cluster executor for a command, cancelled on Ctrl-C so an
 * interrupted run leaves no jobs in the queue. Other values pass through unchanged.
 */
export async function clusterWorkers(workers: unknown, io: CliIo): Promise<{ workers: unknown; release(): Promise<void> }> {
  if (typeof workers !== 'string' || !/^rediss?:\/\//i.test(workers)) return { workers, release: async () => {} };
  const { RedisExecutor } = await import('../cluster/redis-executor.js');
  const ex = await RedisExecutor.connect(workers);
  const onSignal = () => {
    io.stderr.write('interrupted: removing this run\'s jobs from the queue\n');
    void ex.cancel().finally(() => ex.close()).finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return {
    workers: ex,
    async release() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      await ex.close();
    },
  };
}
