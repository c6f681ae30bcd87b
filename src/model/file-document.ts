import { describe } from '../errors.js';
import { MAX_WEIGHTS, bad, documentHead, integrityOf, isPlainObject, type FileDocumentReader, type ModelJSON, type ModelShell, type WeightsFileRef } from './serialization.js';
import type { Sequential } from './sequential.js';

/**
 * The two-file form of a model (format version 2, written by save(path) for large models): the
 * JSON document without base64 weights, naming a binary weights file. Only load/save by path use
 * this file, through a dynamic import, so browser bundles do not carry it.
 */
const FILE_FORMAT_VERSION = 2;

/** True when toJSON of this model would hold the optimizer state (compiled, trained, not declined). */
export function keepsOptimizerState(model: Sequential, includeOptimizer = true): boolean {
  return Boolean(model.compiled && model.net && includeOptimizer && model.net.optimizerSteps > 0);
}

/**
 * The version-2 document of a built model whose values were written to `file` (by save): the
 * same fields as toJSON without the base64 data, signed together with the file's checksum.
 */
export function modelToFileJSON(model: Sequential, file: WeightsFileRef, optimizer: { step: number; rng: Uint32Array } | null): ModelJSON {
  const net = model.net!;
  const doc = documentHead(model, FILE_FORMAT_VERSION);
  doc.weights = { dtype: 'float32', byteOrder: 'little', count: net.paramCount };
  if (optimizer) doc.optimizer = { step: optimizer.step, rng: Array.from(optimizer.rng) };
  doc.weightsFile = { ...file };
  doc.integrity = integrityOf(doc);
  return doc;
}

function readWeightsFileRef(doc: Record<string, unknown>): WeightsFileRef {
  const f = doc.weightsFile;
  if (doc.formatVersion !== FILE_FORMAT_VERSION) throw bad(`'weightsFile' needs formatVersion ${FILE_FORMAT_VERSION}, the document has ${describe(doc.formatVersion)}.`, 'formatVersion');
  if (!isPlainObject(f) || typeof f.path !== 'string' || typeof f.bytes !== 'number' || !Number.isSafeInteger(f.bytes) || typeof f.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(f.sha256)) {
    throw bad("'weightsFile' must be { path, bytes, sha256 (64 hex digits) }.", 'weightsFile');
  }
  // A plain name in the document's folder: never a folder, a parent or an absolute path.
  if (!/^[^/\\\0:]{1,255}$/.test(f.path) || f.path === '.' || f.path === '..') {
    throw bad(`'weightsFile.path' is ${describe(f.path)}; it must be a plain file name in the model's folder (no '/', '\\' or '..').`, 'weightsFile.path');
  }
  return { path: f.path, bytes: f.bytes, sha256: f.sha256 };
}

/** The checks of a version-2 document's weights and optimizer fields; builds the model for the file's values. */
function shellForFile(doc: Record<string, unknown>, model: Sequential, file: WeightsFileRef, inputDim: unknown, expected: number, trainable: number): ModelShell {
  const w = doc.weights;
  if (!isPlainObject(w) || w.dtype !== 'float32' || w.byteOrder !== 'little' || typeof w.count !== 'number' || w.data !== undefined) {
    throw bad("'weights' of a document with 'weightsFile' must be { dtype: 'float32', byteOrder: 'little', count } (the values are in the file).", 'weights');
  }
  if (inputDim === null || inputDim === undefined) throw bad("'weightsFile' is present but 'inputDim' is missing.", 'inputDim');
  if (expected > MAX_WEIGHTS) throw bad(`the layers need ${expected} weights, beyond the ${MAX_WEIGHTS} wasmlp supports.`, 'layers');
  if (w.count !== expected) throw bad(`'weights.count' is ${w.count} but the layers need ${expected} weights.`, 'weights.count');
  let optimizer: ModelShell['optimizer'] = null;
  const o = doc.optimizer;
  if (o !== undefined && o !== null) {
    if (!model.compiled) throw bad("'optimizer' state needs 'compile'.", 'optimizer');
    if (!isPlainObject(o) || typeof o.step !== 'number' || !Number.isInteger(o.step) || o.step < 0 || o.step > 0x7fffffff || o.state !== undefined || !Array.isArray(o.rng) || o.rng.length !== 4 || !o.rng.every((v) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0xffffffff)) {
      throw bad("'optimizer' of a document with 'weightsFile' must be { step, rng: [4 unsigned integers] } (the state is in the file).", 'optimizer');
    }
    optimizer = { step: o.step, rng: Uint32Array.from(o.rng as number[]) };
  }
  // Optimizer state covers the trainable values only (not BatchNormalization's moving statistics).
  const bytes = (expected + (optimizer ? 2 * trainable : 0)) * 4;
  if (file.bytes !== bytes) throw bad(`'weightsFile.bytes' is ${file.bytes}; ${expected} weights${optimizer ? ` and two optimizer state buffers of ${trainable} values` : ''} are ${bytes} bytes.`, 'weightsFile.bytes');
  model.build(inputDim as number);
  return { model, weightsFile: file, optimizer };
}

/** The reader modelShellFromJSON takes for version-2 documents. */
export const FILE_DOCUMENTS: FileDocumentReader = { ref: readWeightsFileRef, shell: shellForFile };
