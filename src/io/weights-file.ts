import { WasmlpError } from '../errors.js';
import { fileError } from './file-error.js';
import { firstNonFinite } from '../float-bits.js';

/**
 * The binary weights file of a large saved model (`model.json` + `model.weights.bin`): float32
 * values, little-endian, one buffer after another, with a sha256 of the bytes kept in the JSON.
 * Written and read in chunks through one small staging buffer, so a 1 GB model never becomes one
 * string or one extra copy of its weights. Node, Deno and Bun (node:fs, node:crypto).
 */

/** One buffer of values to write or fill; `view()` is called again for every chunk (WebAssembly views detach when memory grows). */
export interface WeightsSegment {
  count: number;
  view(): Float32Array;
}

/** Bytes per chunk: small next to any large model, large enough that each write call is cheap. */
const CHUNK_BYTES = 8 * 1024 * 1024;

interface FileHandle {
  write(buffer: Uint8Array, offset: number, length: number, position: number | null): Promise<{ bytesWritten: number }>;
  read(buffer: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
  stat(): Promise<{ size: number; isFile(): boolean }>;
  sync(): Promise<void>;
  close(): Promise<void>;
}
interface NodeFs {
  open(path: string, flags: string): Promise<FileHandle>;
  rename(from: string, to: string): Promise<void>;
  rm(path: string, options: { force: boolean }): Promise<void>;
  lstat(path: string): Promise<{ isSymbolicLink(): boolean; isFile(): boolean }>;
  realpath(path: string): Promise<string>;
}
interface Hash { update(data: Uint8Array): void; digest(encoding: 'hex'): string }
interface NodeCrypto { createHash(name: 'sha256'): Hash }
interface NodePath { dirname(p: string): string; basename(p: string): string; join(...p: string[]): string; relative(from: string, to: string): string; isAbsolute(p: string): boolean; sep: string }

function builtin<T>(name: string): T {
  const getBuiltin = (globalThis as { process?: { getBuiltinModule?: (name: string) => unknown } }).process?.getBuiltinModule;
  const mod = getBuiltin?.(name) as T | undefined;
  if (!mod) throw new WasmlpError('NO_FILE_SYSTEM', 'save/load by path need a file system (Node, Deno or Bun). In browsers use model.toJSON() and Sequential.fromJSON().');
  return mod;
}
const nodeFs = () => builtin<NodeFs>('node:fs/promises');
const nodePath = () => builtin<NodePath>('node:path');

/** The weights file's name for a model file: `model.json` -> `model.weights.bin` (in the same folder). */
export function weightsFileName(modelPath: string): string {
  const base = nodePath().basename(modelPath);
  return `${base.endsWith('.json') ? base.slice(0, -'.json'.length) : base}.weights.bin`;
}

/**
 * Writes the segments to `path` in chunks (through a temporary file renamed at the end, so a failed
 * save never leaves half a file) and returns the byte count and sha256. `beforeChunk` runs before
 * each chunk (save uses it to stop when the model is disposed meanwhile).
 */
export async function writeWeightsFile(path: string, segments: readonly WeightsSegment[], beforeChunk: () => void = () => {}): Promise<{ bytes: number; sha256: string }> {
  const fs = nodeFs();
  const hash = builtin<NodeCrypto>('node:crypto').createHash('sha256');
  // Two staging buffers: one chunk is copied and hashed while the previous one is being written.
  const stages = [new Float32Array(CHUNK_BYTES / 4), new Float32Array(CHUNK_BYTES / 4)];
  const tmp = `${path}.${Date.now()}.tmp`;
  let handle: FileHandle | null = null;
  let pending: Promise<void> | null = null;
  let bytes = 0, k = 0;
  try {
    // 'wx': a new file only; never through a symlink or over a file someone else created there.
    const h = await fs.open(tmp, 'wx');
    handle = h;
    const writeAll = async (chunk: Uint8Array) => {
      let done = 0;
      while (done < chunk.length) done += (await h.write(chunk, done, chunk.length - done, null)).bytesWritten;
    };
    for (const segment of segments) {
      for (let start = 0; start < segment.count; start += CHUNK_BYTES / 4) {
        beforeChunk();
        const n = Math.min(CHUNK_BYTES / 4, segment.count - start);
        const stage = stages[k++ & 1];
        stage.set(segment.view().subarray(start, start + n));
        const chunk = new Uint8Array(stage.buffer, 0, n * 4);
        hash.update(chunk);
        await pending;
        pending = writeAll(chunk);
        bytes += chunk.length;
      }
    }
    await pending;
    pending = null;
    await h.close();
    handle = null;
    await fs.rename(tmp, path);
  } catch (e) {
    await pending?.catch(() => {});
    await handle?.close().catch(() => {});
    await fs.rm(tmp, { force: true }).catch(() => {});
    if (e instanceof WasmlpError) throw e;
    throw new WasmlpError('FILE_WRITE', `Could not write the weights file ${path}: ${(e as Error).message}`, { file: path });
  }
  return { bytes, sha256: hash.digest('hex') };
}

/**
 * Resolves a weights file named in the model document at `modelPath`: it must be a regular file
 * whose real path is inside the real folder of the model (a symlink out of it is refused).
 */
export async function resolveWeightsFile(modelPath: string, name: string): Promise<string> {
  const fs = nodeFs();
  const p = nodePath();
  const file = p.join(p.dirname(modelPath), name);
  let real: string, folder: string;
  try {
    real = await fs.realpath(file);
    folder = await fs.realpath(p.dirname(modelPath));
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') {
      throw new WasmlpError('WEIGHTS_FILE', `The weights file ${file} of the model ${modelPath} is missing. A large model is saved as two files: copy ${p.basename(modelPath)} together with ${name}.`, { file });
    }
    throw fileError(e, file, '', 'weights file');
  }
  const inside = p.relative(folder, real);
  if (inside === '' || inside.startsWith('..') || p.isAbsolute(inside) || inside.includes(p.sep)) {
    throw new WasmlpError('WEIGHTS_FILE', `The weights file ${file} of the model ${modelPath} leads outside the model's folder (to ${real}); it is not read. Keep the weights file itself beside the model file, not a link to elsewhere.`, { file });
  }
  return real;
}

/**
 * Streams a weights file into the segments, checking its length first and its sha256 at the end;
 * every value must be finite. Throws WEIGHTS_FILE (wrong length) or MODEL_CORRUPTED (checksum),
 * naming `shownPath`; the segments may then hold part of the file, so the caller discards them.
 */
export async function readWeightsFile(path: string, segments: readonly WeightsSegment[], expected: { bytes: number; sha256: string }, shownPath = path): Promise<void> {
  const fs = nodeFs();
  const hash = builtin<NodeCrypto>('node:crypto').createHash('sha256');
  let handle: FileHandle;
  try {
    handle = await fs.open(path, 'r');
  } catch (e) {
    throw fileError(e, shownPath, '', 'weights file');
  }
  let next: Promise<void> | null = null;
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new WasmlpError('WEIGHTS_FILE', `The weights file ${shownPath} is not a regular file.`, { file: shownPath });
    if (info.size !== expected.bytes) {
      throw new WasmlpError('WEIGHTS_FILE', `The weights file ${shownPath} is ${info.size} bytes; the model file says ${expected.bytes}. It is ${info.size < expected.bytes ? 'truncated (an interrupted copy?)' : 'too long'}, or belongs to another save. Copy both files again, or save the model again.`, { file: shownPath });
    }
    // Two staging buffers: the next chunk is read while this one is hashed, checked and copied in.
    const stages = [new Float32Array(CHUNK_BYTES / 4), new Float32Array(CHUNK_BYTES / 4)];
    const plan: { segment: WeightsSegment; start: number; n: number; position: number }[] = [];
    let position = 0;
    for (const segment of segments) {
      for (let start = 0; start < segment.count; start += CHUNK_BYTES / 4) {
        const n = Math.min(CHUNK_BYTES / 4, segment.count - start);
        plan.push({ segment, start, n, position });
        position += n * 4;
      }
    }
    const readChunk = async (i: number) => {
      const { n, position: at } = plan[i];
      const chunk = new Uint8Array(stages[i & 1].buffer, 0, n * 4);
      let got = 0;
      while (got < chunk.length) {
        const { bytesRead } = await handle.read(chunk, got, chunk.length - got, at + got);
        if (bytesRead === 0) throw new WasmlpError('WEIGHTS_FILE', `The weights file ${shownPath} ended at byte ${at + got} of ${expected.bytes}: it was truncated while being read.`, { file: shownPath });
        got += bytesRead;
      }
    };
    next = plan.length > 0 ? readChunk(0) : null;
    for (let i = 0; i < plan.length; i++) {
      await next;
      next = i + 1 < plan.length ? readChunk(i + 1) : null;
      const { segment, start, n, position: at } = plan[i];
      const values = stages[i & 1].subarray(0, n);
      hash.update(new Uint8Array(values.buffer, 0, n * 4));
      const j = firstNonFinite(values);
      if (j >= 0) throw new WasmlpError('MODEL_CORRUPTED', `The weights file ${shownPath} holds ${values[j]} at value ${at / 4 + j}; a saved model never holds NaN or Infinity. The file was modified or damaged: save the model again.`, { file: shownPath });
      segment.view().set(values, start);
    }
    if (hash.digest('hex') !== expected.sha256) {
      throw new WasmlpError('MODEL_CORRUPTED', `The weights file ${shownPath} fails its checksum (sha256 recorded in the model file): it was modified or damaged after saving, or belongs to another save. Save the model again.`, { file: shownPath });
    }
  } finally {
    await next?.catch(() => {});
    await handle.close().catch(() => {});
  }
}
