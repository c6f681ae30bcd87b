import { WasmlpError, describe } from '../errors.js';
import { fileError } from './file-error.js';
import { Sequential } from '../model/sequential.js';
import { MAX_INLINE_VALUES, SIDECAR_VALUES, modelShellFromJSON, type ModelJSON, type ModelShell, type SaveOptions } from '../model/serialization.js';
import { FILE_DOCUMENTS, keepsOptimizerState, modelToFileJSON } from '../model/file-document.js';
import { normaliseOptions } from '../options.js';
import { ensureRuntime } from '../runtime/wasm.js';

interface FsPromises {
  readFile(path: string, encoding: 'utf8'): Promise<string>;
  writeFile(path: string, data: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  rm(path: string, options: { force: boolean }): Promise<void>;
  stat(path: string): Promise<{ isDirectory(): boolean; size: number }>;
  lstat(path: string): Promise<{ isFile(): boolean; isSymbolicLink(): boolean }>;
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
// be read. No model file needs more: inline documents hold at most MAX_INLINE_VALUES, and larger
// models keep their weights in a binary file beside a small document.
const MAX_FILE_BYTES = 500 * 1024 * 1024;
/** A document that names a weights file holds only the topology: a bigger one is not one of ours. */
const MAX_FILE_DOCUMENT_BYTES = 16 * 1024 * 1024;

export async function saveModel(model: Sequential, path: string, options: SaveOptions = {}): Promise<void> {
  if (typeof path !== 'string' || path.length === 0) throw new WasmlpError('BAD_OPTION', 'save needs a file path.', { option: 'path' });
  if ((await fs().stat(path).catch(() => null))?.isDirectory()) {
    throw new WasmlpError('FILE_IS_DIRECTORY', `save: ${path} is a directory; give the path of a model file in it, such as model.json there.`, { option: 'path', file: path });
  }
  const o = normaliseOptions<SaveOptions>('save', options, ['weights', 'includeOptimizer']);
  const mode = o.weights ?? 'auto';
  if (mode !== 'auto' && mode !== 'inline' && mode !== 'sidecar') {
    throw new WasmlpError('BAD_OPTION', `save: weights is ${describe(mode)}; use 'auto' (default), 'inline' (one JSON file) or 'sidecar' (a binary weights file beside the JSON).`, { option: 'weights' });
  }
  if (o.includeOptimizer !== undefined && typeof o.includeOptimizer !== 'boolean') {
    throw new WasmlpError('BAD_OPTION', `save: includeOptimizer is ${describe(o.includeOptimizer)}; use true or false.`, { option: 'includeOptimizer' });
  }
  const includeOptimizer = o.includeOptimizer ?? true;
  const net = model.net;
  const values = net ? net.paramCount * (keepsOptimizerState(model, includeOptimizer) ? 3 : 1) : 0;
  if (net && (mode === 'sidecar' || (mode === 'auto' && values > SIDECAR_VALUES))) return saveWithWeightsFile(model, path, includeOptimizer, (doc) => JSON.stringify(doc));
  let text: string;
  try {
    text = JSON.stringify(model.toJSON({ includeOptimizer }));
  } catch (e) {
    if (e instanceof WasmlpError && e.code === 'MODEL_TOO_LARGE') {
      throw new WasmlpError('MODEL_TOO_LARGE', `save(path, { weights: 'inline' }): the model has ${values} float32 values; one JSON document holds at most ${MAX_INLINE_VALUES}. Leave out weights: 'inline' so the weights go to a binary file beside the JSON.`, { option: 'weights' });
    }
    if (e instanceof RangeError) throw new WasmlpError('MODEL_TOO_LARGE', `save: the model document is too large for one JavaScript string (${e.message}). Save with { weights: 'sidecar' }.`, { option: 'weights' });
    throw e;
  }
  await writeOneFile(path, text);
}

/**
 * Writes a one-file model (or pipeline) document. Replacing a two-file save, it removes the old
 * weights file afterwards, which nothing would name any more.
 */
export async function writeOneFile(path: string, text: string): Promise<void> {
  const { weightsFileName } = await import('./weights-file.js');
  const stale = joinBeside(path, weightsFileName(path));
  const ownStale = await isOwnWeightsFile(path, stale, weightsFileName(path));
  await writeAtomically(path, text);
  if (ownStale) await fs().rm(stale, { force: true }).catch(() => {});
}

/** Writes `text` beside the target, then renames: a crash never leaves a half-written model in place. */
export async function writeAtomically(path: string, text: string): Promise<void> {
  const f = fs();
  const tmp = `${path}.${Date.now()}.tmp`;
  await writeFileOrThrow(tmp, text, path);
  try {
    await f.rename(tmp, path);
  } catch (e) {
    await f.rm(tmp, { force: true }).catch(() => {});
    throw new WasmlpError('FILE_WRITE', `Could not write the model to ${path}: ${(e as Error).message}`, { file: path });
  }
}

/** writeFile that removes what it wrote on failure and reports FILE_WRITE for `shown`. */
async function writeFileOrThrow(file: string, text: string, shown: string): Promise<void> {
  const f = fs();
  try {
    await f.writeFile(file, text);
  } catch (e) {
    await f.rm(file, { force: true }).catch(() => {});
    throw new WasmlpError('FILE_WRITE', `Could not write the model to ${shown}: ${(e as Error).message}`, { file: shown });
  }
}

/**
 * save(path) of a large model: the values streamed to `<name>.weights.bin` beside `path` (chunk by
 * chunk, no full copy), then the small JSON document with the file's sha256 (`text` turns the
 * model's document into the file's text: the document itself, or a pipeline embedding it). fit and
 * compile wait (MODEL_BUSY) meanwhile, so the file is one consistent snapshot.
 */
export async function saveWithWeightsFile(model: Sequential, path: string, includeOptimizer: boolean, text: (doc: ModelJSON) => string): Promise<void> {
  const { weightsFileName, writeWeightsFile } = await import('./weights-file.js');
  const name = weightsFileName(path);
  const weightsPath = joinBeside(path, name);
  await refuseUnrelatedFile(path);
  const f = fs();
  const net = model.net!;
  const withState = keepsOptimizerState(model, includeOptimizer);
  const live = net.liveSegments(withState);
  const write = async (segments: { count: number; view(): Float32Array }[], stop: () => void) => {
    const optimizer = withState ? { step: net.optimizerSteps, rng: net.getRngState() } : null;
    // Both files are complete under temporary names before either replaces anything: a failed save
    // (disk full, a dispose, an error) leaves the previous pair as it was.
    const part = `${weightsPath}.${Date.now()}.part`;
    const json = `${path}.${Date.now()}.tmp`;
    try {
      const written = await writeWeightsFile(part, segments, stop);
      await writeFileOrThrow(json, text(modelToFileJSON(model, { path: name, ...written }, optimizer)), path);
      await f.rename(part, weightsPath).catch((e: Error) => { throw new WasmlpError('FILE_WRITE', `Could not write the weights file ${weightsPath}: ${e.message}`, { file: weightsPath }); });
      await f.rename(json, path).catch((e: Error) => { throw new WasmlpError('FILE_WRITE', `Could not write the model to ${path}: ${e.message}`, { file: path }); });
    } finally {
      await f.rm(part, { force: true }).catch(() => {});
      await f.rm(json, { force: true }).catch(() => {});
    }
  };
  if (model.runningCall === 'fit') {
    // From a fit callback (ModelCheckpoint) the model cannot be held: copy the values first, so the
    // file is one snapshot even if training moves on while it is written.
    const copies = live.map((s) => s.view().slice());
    await write(copies.map((c) => ({ count: c.length, view: () => c })), () => {});
    return;
  }
  await model.hold('save', () => write(live, () => model.stopIfDisposed('save')));
}

function joinBeside(modelPath: string, name: string): string {
  const cut = Math.max(modelPath.lastIndexOf('/'), modelPath.lastIndexOf('\\'));
  return cut < 0 ? name : modelPath.slice(0, cut + 1) + name;
}

/**
 * The weights file may replace only an earlier weights file of this same model path (the model
 * document there names it): never an unrelated file, a folder or a symlink that happens to have the name.
 */
async function refuseUnrelatedFile(path: string): Promise<void> {
  const clash = await weightsFileClash(path);
  if (clash) throw new WasmlpError('OUTPUT_EXISTS', `save: the model's weights file would be ${clash.file}, which already exists and is not the weights file of ${path}${clash.what}. Move it away, or save under another name.`, { option: 'path', file: clash.file });
}

/**
 * The file in the way of a save to `path` of a large model: `<name>.weights.bin` beside it when
 * that exists and is not the weights file the model document at `path` names; else null. The CLI
 * asks before training, so the clash is not found only when the trained model is saved.
 */
export async function weightsFileClash(path: string): Promise<{ file: string; what: string } | null> {
  const { weightsFileName } = await import('./weights-file.js');
  const name = weightsFileName(path);
  const weightsPath = joinBeside(path, name);
  const there = await fs().lstat(weightsPath).catch(() => null);
  if (!there || (await isOwnWeightsFile(path, weightsPath, name))) return null;
  return { file: weightsPath, what: there.isSymbolicLink() ? ' (it is a symbolic link)' : there.isFile() ? '' : ' (it is not a regular file)' };
}

/** True when `weightsPath` is a regular file (not a link) that the model document at `path` names as its weights file. */
async function isOwnWeightsFile(path: string, weightsPath: string, name: string): Promise<boolean> {
  const f = fs();
  const there = await f.lstat(weightsPath).catch(() => null);
  if (!there || !there.isFile() || there.isSymbolicLink()) return false;
  const doc = await f.stat(path).then((info) => (info.size <= MAX_FILE_DOCUMENT_BYTES ? f.readFile(path, 'utf8') : null)).catch(() => null);
  try {
    return doc !== null && namedWeightsFile(JSON.parse(doc)) === name;
  } catch {
    return false;
  }
}

/** The weights file a saved model document names: its own, or that of the network a saved pipeline embeds. */
function namedWeightsFile(doc: unknown): unknown {
  type WithFile = { weightsFile?: { path?: unknown } } | null | undefined;
  const steps = (doc as { steps?: unknown } | null)?.steps;
  const embedded = Array.isArray(steps) ? (steps[steps.length - 1] as { json?: { model?: WithFile } } | null)?.json?.model : undefined;
  return (doc as WithFile)?.weightsFile?.path ?? embedded?.weightsFile?.path;
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
  if (info.size > MAX_FILE_BYTES) throw new WasmlpError('BAD_MODEL_FILE', `${path} is ${info.size} bytes, larger than any wasmlp model file (at most ${MAX_FILE_BYTES} bytes: a JSON document of up to 64M float32 values; larger models are saved as a small JSON file plus a .weights.bin file).`, { file: path });
  const text = await f.readFile(path, 'utf8').catch((e: unknown) => { throw fileError(e, path); });
  await ensureRuntime();
  let shell: ModelShell;
  try {
    shell = modelShellFromJSON(text, (layers, options) => new Sequential(layers, options), FILE_DOCUMENTS);
  } catch (e) {
    if (e instanceof WasmlpError) throw new WasmlpError(e.code, `${path}: ${e.message}`, { ...e.where, file: path });
    throw new WasmlpError('BAD_MODEL_FILE', `${path}: not a usable wasmlp model file (${(e as Error).message}).`, { file: path });
  }
  await readWeightsInto(shell, path);
  return shell.model;
}

/**
 * Streams the weights file of a version-2 document at `path` into its built model (nothing to do
 * for a one-file document). On any failure the model is disposed: half a file is never handed out.
 */
export async function readWeightsInto(shell: ModelShell, path: string): Promise<void> {
  const { model, weightsFile, optimizer } = shell;
  if (!weightsFile) return;
  try {
    const { readWeightsFile, resolveWeightsFile } = await import('./weights-file.js');
    const real = await resolveWeightsFile(path, weightsFile.path);
    const net = model.net!;
    await readWeightsFile(real, net.liveSegments(optimizer !== null), weightsFile, joinBeside(path, weightsFile.path));
    if (optimizer) {
      net.setOptimizerSteps(optimizer.step);
      net.setRngState(optimizer.rng);
    }
  } catch (e) {
    // A model with part of a file in it is never handed out.
    model.dispose();
    throw e;
  }
}
