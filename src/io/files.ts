import { WasmlpError } from '../errors.js';
import { fileError } from './file-error.js';
import { Sequential } from '../model/sequential.js';
import { ensureRuntime } from '../runtime/wasm.js';

interface FsPromises {
  readFile(path: string, encoding: 'utf8'): Promise<string>;
  writeFile(path: string, data: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  stat(path: string): Promise<{ isDirectory(): boolean; size: number }>;
}

/** node:fs/promises where the runtime has it (Node, Deno, Bun), without a static import. */
function fs(): FsPromises {
  const getBuiltin = (globalThis as { process?: { getBuiltinModule?: (name: string) => unknown } }).process?.getBuiltinModule;
  const mod = getBuiltin?.('node:fs/promises') as FsPromises | undefined;
  if (!mod) {
    throw new WasmlpError('NO_FILE_SYSTEM', 'save/load by path need a file system (Node, Deno or Bun). In browsers use model.toJSON() and Sequential.fromJSON().');
  }
  return mod;
}

/** Largest model file read (bytes); a bigger one is refused before reading. */
// A document read as one string: V8 strings end near 2^29 characters, so a bigger file could never
// be read (and no model within MAX_INLINE_VALUES needs one).
const MAX_FILE_BYTES = 500 * 1024 * 1024;

export async function saveModel(model: Sequential, path: string): Promise<void> {
  if (typeof path !== 'string' || path.length === 0) throw new WasmlpError('BAD_OPTION', 'save needs a file path.', { option: 'path' });
  let text: string;
  try {
    text = JSON.stringify(model.toJSON());
  } catch (e) {
    if (e instanceof RangeError) throw new WasmlpError('MODEL_TOO_LARGE', `save: the model document is too large for one JavaScript string (${e.message}). Use a smaller model, or toJSON({ includeOptimizer: false }).`, { option: 'model' });
    throw e;
  }
  const f = fs();
  // Write beside the target, then rename: a crash never leaves a half-written model in place.
  const tmp = `${path}.${Date.now()}.tmp`;
  try {
    await f.writeFile(tmp, text);
    await f.rename(tmp, path);
  } catch (e) {
    throw new WasmlpError('FILE_WRITE', `Could not write the model to ${path}: ${(e as Error).message}`, { file: path });
  }
}

export async function loadModel(path: string): Promise<Sequential> {
  if (typeof path !== 'string' || path.length === 0) throw new WasmlpError('BAD_OPTION', 'load needs a file path.', { option: 'path' });
  const f = fs();
  let info;
  try {
    info = await f.stat(path);
  } catch (e) {
    throw fileError(e, path, '', 'model file');
  }
  if (info.isDirectory()) throw new WasmlpError('FILE_IS_DIRECTORY', `${path} is a directory; give the path of a model .json file.`, { file: path });
  if (info.size === 0) throw new WasmlpError('BAD_MODEL_FILE', `${path} is empty (0 bytes).`, { file: path });
  if (info.size > MAX_FILE_BYTES) throw new WasmlpError('BAD_MODEL_FILE', `${path} is ${info.size} bytes, larger than any wasmlp model file (at most ${MAX_FILE_BYTES} bytes: one JSON document of up to 64M float32 values).`, { file: path });
  const text = await f.readFile(path, 'utf8').catch((e: unknown) => { throw fileError(e, path); });
  await ensureRuntime();
  try {
    return Sequential.fromJSON(text);
  } catch (e) {
    if (e instanceof WasmlpError) throw new WasmlpError(e.code, `${path}: ${e.message}`, { ...e.where, file: path });
    throw new WasmlpError('BAD_MODEL_FILE', `${path}: not a usable wasmlp model file (${(e as Error).message}).`, { file: path });
  }
}
