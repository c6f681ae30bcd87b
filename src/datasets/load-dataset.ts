import { normaliseOptions } from '../options.js';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { WasmlpError, unknownName } from '../errors.js';
import { loadCsvText } from '../data/csv.js';
import type { Dataset } from '../data/dataset.js';
import { DATASETS, DATASET_NAMES, isDatasetName, type DatasetName, type DatasetSpec } from './registry.js';

/** Options of loadDataset: where to look, whether to download, and a download callback. */
export interface LoadDatasetOptions {
  /** Directory holding the files under their registry names; default env WASMLP_DATA_DIR. */
  dataDir?: string;
  /** Download cache; default env WASMLP_CACHE_DIR, else the user cache directory (see {@link cacheDir}). */
  cacheDir?: string;
  /** Download from `${baseUrl}/${file}` instead of the original address (mirrors, tests); default env WASMLP_DATASET_URL. */
  baseUrl?: string;
  /** Allow downloading when no local copy exists (default true). */
  download?: boolean;
  /** Give up on a download after this many milliseconds (default 60000). */
  timeoutMs?: number;
  /** Told before a download starts (the CLI prints it). */
  onDownload?: (url: string, path: string) => void;
}

/** A named dataset and where it was read from. */
export type NamedDataset = Dataset & { readonly name: DatasetName; readonly path: string; readonly origin: 'dataDir' | 'cache' | 'download' };

/**
 * The per-user cache directory: WASMLP_CACHE_DIR, else $XDG_CACHE_HOME/wasmlp or ~/.cache/wasmlp
 * (Linux), ~/Library/Caches/wasmlp (macOS), %LOCALAPPDATA%\wasmlp\Cache (Windows).
 */
export function cacheDir(env: Record<string, string | undefined> = process.env): string {
  if (env.WASMLP_CACHE_DIR) return env.WASMLP_CACHE_DIR;
  if (process.platform === 'win32') return join(env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'), 'wasmlp', 'Cache');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Caches', 'wasmlp');
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'wasmlp');
}

/**
 * Loads a benchmark dataset by name, the way scikit-learn's and Keras' fetchers do: a directory
 * given by WASMLP_DATA_DIR first, then the user cache, else one download from the public address
 * into the cache. Every copy is parsed and checked (rows, features, class counts) before use; a
 * download that fails the check is not cached.
 *
 * @example
 * const sonar = await loadDataset('sonar');   // 208 x 60, classes ['M', 'R']
 */
export async function loadDataset(name: DatasetName | string, options: LoadDatasetOptions = {}): Promise<NamedDataset> {
  options = normaliseOptions<LoadDatasetOptions>('loadDataset', options, ['dataDir', 'cacheDir', 'baseUrl', 'download', 'timeoutMs', 'onDownload']);
  if (!isDatasetName(name)) throw unknownName('dataset', name, DATASET_NAMES, 'name');
  const spec: DatasetSpec = DATASETS[name];
  const dataDir = options.dataDir ?? process.env.WASMLP_DATA_DIR;
  if (dataDir) {
    const path = join(dataDir, spec.file);
    if (await exists(path)) return named(verify(await readFile(path, 'utf8'), name, spec, path, 'the file'), name, path, 'dataDir');
  }
  const dir = options.cacheDir ?? cacheDir();
  const path = join(dir, spec.file);
  if (await exists(path)) {
    return named(verify(await readFile(path, 'utf8'), name, spec, path, `the cached copy (delete ${path} to download it again)`), name, path, 'cache');
  }
  if (options.download === false) {
    throw new WasmlpError('DATASET_NOT_FOUND', `Dataset '${name}' is not in ${dataDir ? `${dataDir} or ` : ''}${dir}, and downloading is off. Set WASMLP_DATA_DIR to a directory holding ${spec.file}, or allow the download.`, { file: path });
  }
  const base = options.baseUrl ?? process.env.WASMLP_DATASET_URL;
  const url = base ? `${base.replace(/\/+$/, '')}/${spec.file}` : spec.url;
  options.onDownload?.(url, path);
  const text = await download(url, options.timeoutMs ?? 60_000);
  const ds = verify(text, name, spec, url, 'the download');
  await mkdir(dir, { recursive: true });
  // Write beside the target, then rename: a cache entry is either complete or absent.
  const tmp = `${path}.${process.pid}.${Date.now()}.part`;
  try {
    await writeFile(tmp, text);
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw new WasmlpError('FILE_WRITE', `Could not write the cache file ${path}: ${(e as Error).message}. Set WASMLP_CACHE_DIR to a writable directory.`, { file: path });
  }
  return named(ds, name, path, 'download');
}

async function exists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

async function download(url: string, timeoutMs: number): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (e) {
    throw new WasmlpError('DOWNLOAD_FAILED', `Could not download ${url}: ${causeOf(e)}. Check the network, or put the file in a directory and set WASMLP_DATA_DIR.`, { file: url });
  }
  if (!response.ok) {
    throw new WasmlpError('DOWNLOAD_FAILED', `Could not download ${url}: HTTP ${response.status} ${response.statusText}.`, { file: url });
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await response.arrayBuffer());
  } catch (e) {
    throw new WasmlpError('DOWNLOAD_TRUNCATED', `The download of ${url} broke off before the end (${causeOf(e)}); nothing was cached. Try again.`, { file: url });
  }
  const declared = Number(response.headers.get('content-length'));
  if (response.headers.get('content-encoding') === null && Number.isFinite(declared) && declared > 0 && bytes.length !== declared) {
    throw new WasmlpError('DOWNLOAD_TRUNCATED', `The download of ${url} has ${bytes.length} bytes, but the server announced ${declared}; nothing was cached. Try again.`, { file: url });
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new WasmlpError('DATASET_CORRUPT', `The download of ${url} is not UTF-8 text; nothing was cached.`, { file: url });
  }
}

function causeOf(e: unknown): string {
  const err = e as Error & { cause?: Error };
  return err.cause?.message ?? err.message ?? String(e);
}

/** Parses and checks shape and class counts; any difference is DATASET_CORRUPT naming what differs. */
function verify(text: string, name: string, spec: DatasetSpec, where: string, what: string): Dataset {
  let ds: Dataset;
  try {
    ds = loadCsvText(text, { header: false, fileName: where });
  } catch (e) {
    const detail = e instanceof WasmlpError ? e.message : String(e);
    throw new WasmlpError('DATASET_CORRUPT', `Dataset '${name}': ${what} at ${where} does not parse as the expected CSV: ${detail}`, { file: where });
  }
  const problems: string[] = [];
  if (ds.x.rows !== spec.rows) problems.push(`${ds.x.rows} rows instead of ${spec.rows}`);
  if (ds.x.cols !== spec.features) problems.push(`${ds.x.cols} features instead of ${spec.features}`);
  const counts: Record<string, number> = {};
  const classes = ds.classes ?? [];
  for (let i = 0; i < ds.y.length; i++) {
    const label = classes[ds.y[i]] ?? String(ds.y[i]);
    counts[label] = (counts[label] ?? 0) + 1;
  }
  const expected = JSON.stringify(sortKeys(spec.classCounts)), got = JSON.stringify(sortKeys(counts));
  if (expected !== got) problems.push(`class counts ${got} instead of ${expected}`);
  if (problems.length) {
    throw new WasmlpError('DATASET_CORRUPT', `Dataset '${name}': ${what} at ${where} has ${problems.join(', ')}. It is damaged or a different file.`, { file: where });
  }
  return ds;
}

function sortKeys(o: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function named(ds: Dataset, name: DatasetName, path: string, origin: NamedDataset['origin']): NamedDataset {
  return Object.assign(ds, { name, path, origin });
}

export { DATASETS, DATASET_NAMES, type DatasetName, type DatasetSpec };
