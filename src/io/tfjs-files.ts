import { WasmlpError } from '../errors.js';
import { fileError } from './file-error.js';
import type { Sequential } from '../model/sequential.js';
import { ensureRuntime } from '../runtime/wasm.js';
import { exportTfjs, tfjsModelJSON, TFJS_WEIGHTS_FILE } from './tfjs-export.js';
import { buildFromPlan, planTfjs } from './tfjs-import.js';

interface FsPromises {
  readFile(path: string): Promise<Uint8Array>;
  readFile(path: string, encoding: 'utf8'): Promise<string>;
  writeFile(path: string, data: string | Uint8Array): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  mkdir(path: string, options: { recursive: true }): Promise<unknown>;
  stat(path: string): Promise<{ isDirectory(): boolean; isFile(): boolean; size: number }>;
  rm(path: string, options: { force: true }): Promise<void>;
  realpath(path: string): Promise<string>;
}

interface PathModule {
  join(...parts: string[]): string;
  dirname(path: string): string;
  isAbsolute(path: string): boolean;
  relative(from: string, to: string): string;
}

/** node:fs/promises and node:path where the runtime has them (Node, Deno, Bun), never statically imported. */
function node(): { fs: FsPromises; path: PathModule } {
  const getBuiltin = (globalThis as { process?: { getBuiltinModule?: (name: string) => unknown } }).process?.getBuiltinModule;
  const fs = getBuiltin?.('node:fs/promises') as FsPromises | undefined;
  const path = getBuiltin?.('node:path') as PathModule | undefined;
  if (!fs || !path) {
    throw new WasmlpError('NO_FILE_SYSTEM', 'saveTfjs/loadTfjsFiles need a file system (Node, Deno or Bun). In browsers use exportTfjs(model) with tf.io.fromMemory, and loadTfjs(modelJson, weightData).');
  }
  return { fs, path };
}

/** Largest model.json read; its weights live in the .bin files. */
const MAX_JSON_BYTES = 64 * 1024 * 1024;

function toPath(p: string | URL): string {
  if (p instanceof URL || (typeof p === 'string' && p.startsWith('file://'))) {
    const url = p instanceof URL ? p : new URL(p);
    if (url.protocol !== 'file:') throw new WasmlpError('BAD_OPTION', `Only file paths and file:// URLs are read here, received ${url.href}. For http(s) use tf.io / fetch and loadTfjs().`, { option: 'path' });
    return decodeURIComponent(url.pathname);
  }
  return p;
}

/**
 * Writes `dir/model.json` and `dir/weights.bin` in the TensorFlow.js layers format (the directory is
 * created if needed). Each file is written beside its target and renamed into place.
 * Load them in TensorFlow.js with tf.loadLayersModel('file://dir/model.json') (tfjs-node) or over http.
 */
export async function saveTfjs(model: Sequential, dir: string | URL): Promise<{ modelPath: string; weightsPath: string }> {
  if (typeof dir !== 'string' && !(dir instanceof URL)) throw new WasmlpError('BAD_OPTION', 'saveTfjs needs a directory path.', { option: 'dir' });
  const target = toPath(dir);
  if (target.length === 0) throw new WasmlpError('BAD_OPTION', 'saveTfjs needs a directory path, received an empty string.', { option: 'dir' });
  const { fs, path } = node();
  const artifacts = exportTfjs(model);
  const modelPath = path.join(target, 'model.json');
  const weightsPath = path.join(target, TFJS_WEIGHTS_FILE);
  try {
    await fs.mkdir(target, { recursive: true });
  } catch (e) {
    throw new WasmlpError('FILE_WRITE', `Could not create the directory ${target}: ${(e as Error).message}`, { file: target });
  }
  const stamp = `${Date.now()}.tmp`;
  const writes: [string, string | Uint8Array][] = [
    [weightsPath, new Uint8Array(artifacts.weightData)],
    [modelPath, JSON.stringify(tfjsModelJSON(artifacts))],
  ];
  for (const [file, data] of writes) {
    const tmp = `${file}.${stamp}`;
    try {
      await fs.writeFile(tmp, data);
      await fs.rename(tmp, file);
    } catch (e) {
      await fs.rm(tmp, { force: true }).catch(() => {});
      throw new WasmlpError('FILE_WRITE', `Could not write ${file}: ${(e as Error).message}`, { file });
    }
  }
  return { modelPath, weightsPath };
}

async function statOrThrow(fs: FsPromises, file: string, what: string) {
  try {
    return await fs.stat(file);
  } catch {
    throw new WasmlpError('FILE_NOT_FOUND', `No ${what} at ${file}.`, { file });
  }
}

/**
 * Reads a TensorFlow.js layers model from disk: `path` is model.json or the directory holding it.
 * The weight files named in the manifest are read from model.json's directory (names with '..' or
 * absolute paths are refused), after their sizes are checked against the manifest.
 */
export async function loadTfjsFiles(path: string | URL): Promise<Sequential> {
  if (typeof path !== 'string' && !(path instanceof URL)) throw new WasmlpError('BAD_OPTION', 'loadTfjsFiles needs the path of model.json or of its directory.', { option: 'path' });
  let file = toPath(path);
  if (file.length === 0) throw new WasmlpError('BAD_OPTION', 'loadTfjsFiles needs the path of model.json or of its directory, received an empty string.', { option: 'path' });
  const { fs, path: p } = node();
  let info = await statOrThrow(fs, file, 'model.json or model directory');
  if (info.isDirectory()) {
    file = p.join(file, 'model.json');
    info = await statOrThrow(fs, file, 'model.json in that directory');
    if (info.isDirectory()) throw new WasmlpError('FILE_IS_DIRECTORY', `${file} is a directory; expected the model.json file.`, { file });
  }
  if (info.size === 0) throw new WasmlpError('BAD_TFJS_MODEL', `${file} is empty (0 bytes); expected TensorFlow.js model.json.`, { file });
  if (info.size > MAX_JSON_BYTES) throw new WasmlpError('BAD_TFJS_MODEL', `${file} is ${info.size} bytes, larger than any model.json of a dense model (weights belong in the .bin files).`, { file });
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    throw fileError(e, file);
  }
  const withFile = (e: unknown): never => {
    if (e instanceof WasmlpError) throw new WasmlpError(e.code, `${file}: ${e.message}`, { ...e.where, file });
    throw e;
  };
  let plan;
  try {
    plan = planTfjs(text);
  } catch (e) {
    withFile(e);
  }
  const dir = p.dirname(file);
  // Weight files are resolved through symbolic links: a link leading out of the model's folder
  // would hand any readable file to the caller as weights.
  const realDir = await fs.realpath(dir).catch(() => dir);
  const shards: string[] = [];
  for (const [gi, group] of plan!.groups.entries()) {
    let bytes = 0;
    const files: string[] = [];
    for (const name of group.paths) {
      if (name.length === 0 || p.isAbsolute(name) || /^[a-z][a-z0-9+.-]*:/i.test(name) || name.split(/[\\/]/).includes('..')) {
        throw new WasmlpError('BAD_TFJS_MODEL', `${file}: weightsManifest[${gi}] names the weights file "${name}"; only files beside model.json are read (no absolute paths, URLs or '..').`, { file, option: `weightsManifest[${gi}].paths` });
      }
      const shard = p.join(dir, name);
      const s = await statOrThrow(fs, shard, `weights file "${name}" (named in ${file})`);
      const real = await fs.realpath(shard).catch(() => shard);
      const inside = p.relative(realDir, real);
      if (inside === '' || inside.split(/[\\/]/)[0] === '..' || p.isAbsolute(inside)) {
        throw new WasmlpError('BAD_TFJS_MODEL', `${file}: the weights file "${name}" is a link to ${real}, outside the model's folder ${realDir}; only files inside it are read.`, { file: shard, option: `weightsManifest[${gi}].paths` });
      }
      if (!s.isFile()) throw new WasmlpError('FILE_IS_DIRECTORY', `${shard} is not a file; model.json names it as a weights file.`, { file: shard });
      bytes += s.size;
      files.push(shard);
    }
    if (group.paths.length === 0 && group.bytes > 0) {
      throw new WasmlpError('BAD_TFJS_MODEL', `${file}: weightsManifest[${gi}] lists weights but no files ('paths' is empty).`, { file, option: `weightsManifest[${gi}].paths` });
    }
    if (bytes !== group.bytes) {
      const detail = bytes < group.bytes ? 'truncated' : 'larger than the manifest describes';
      throw new WasmlpError('TFJS_WEIGHTS', `${files.join(', ')}: ${bytes} bytes, but weightsManifest[${gi}] describes ${group.bytes}; the weights are ${detail}. Copy model.json and its weight files together again.`, { file: files[0] ?? file, option: 'weightData' });
    }
    shards.push(...files);
  }
  const data: Uint8Array[] = [];
  for (const shard of shards) data.push(await fs.readFile(shard).catch((e) => { throw fileError(e, shard); }));
  await ensureRuntime();
  try {
    return buildFromPlan(plan!, data);
  } catch (e) {
    return withFile(e);
  }
}
