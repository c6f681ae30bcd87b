import { WasmlpError, describe } from '../errors.js';
import { Dense } from '../layers/dense.js';
import { Dropout, type Layer } from '../layers/dropout.js';
import { BatchNormalization } from '../layers/batch-normalization.js';
import { base64ToFloat32, float32ToBase64 } from '../codec/base64.js';
import { checksum } from '../codec/checksum.js';
import { firstNonFinite } from '../float-bits.js';
import type { CompileConfig } from './compile.js';
import type { Sequential, SequentialOptions } from './sequential.js';

export const MODEL_FORMAT = 'wasmlp-model';
/** The newest format this wasmlp reads: 1 is one JSON document, 2 keeps the weights in a binary file beside it. */
export const MODEL_FORMAT_VERSION = 2;
/** Documents with inline base64 weights stay version 1, so older wasmlp versions still read them. */
const INLINE_FORMAT_VERSION = 1;
/** Refuse files that claim more weights than a model can have before allocating anything. */
export const MAX_WEIGHTS = 256 * 1024 * 1024;
const MAX_LAYERS = 10000;

/** The saved form of a Sequential (model.toJSON()): layers, compile settings and exact weights, with an integrity checksum. */
export interface ModelJSON {
  format: typeof MODEL_FORMAT;
  formatVersion: number;
  name: string;
  seed: number;
  inputDim: number | null;
  layers: { className: 'Dense' | 'Dropout' | 'BatchNormalization'; config: Record<string, unknown> }[];
  compile: (CompileConfig & { optimizer: Record<string, unknown> }) | null;
  /** The weights: inline as base64 (`data`), or, in a version-2 document, in `weightsFile`. */
  weights: { dtype: 'float32'; byteOrder: 'little'; count: number; data?: string } | null;
  /**
   * The optimizer's state after training (moments or velocity, step count) and the generator
   * that shuffles and drops out, so fit continues exactly where it stopped. Absent before the
   * first fit or when saved without it.
   */
  optimizer?: { step: number; state?: [string, string]; rng: number[] };
  /**
   * Version 2 (save(path) of a large model): the binary file beside this document that holds the
   * weights, then (with `optimizer`) the optimizer's two state buffers, as little-endian float32.
   */
  weightsFile?: WeightsFileRef;
  /** checksum of the JSON text of every other field: a modified or damaged file is refused. */
  integrity?: string;
}

/** The binary weights file a version-2 model document names (written and read by save/load). */
export interface WeightsFileRef {
  /** The file's name in the document's folder: a plain name, never a folder or '..'. */
  path: string;
  /** Its exact length: 4 bytes per value. */
  bytes: number;
  /** sha256 of its bytes (hex): a truncated, swapped or edited file is refused. */
  sha256: string;
}

export interface ModelToJSONOptions {
  /** Keep the optimizer state and generator for bit-identical resumed training (Keras' include_optimizer); default true. */
  includeOptimizer?: boolean;
}

/** Options of model.save(path). */
export interface SaveOptions {
  /**
   * Where the weights go: 'auto' (default) keeps them in the JSON up to SIDECAR_VALUES values and
   * writes a binary weights file beside it above; 'inline' always one JSON file (at most 64M values);
   * 'sidecar' always the binary file.
   */
  weights?: 'auto' | 'inline' | 'sidecar';
  /** Keep the optimizer state and generator for bit-identical resumed training; default true. */
  includeOptimizer?: boolean;
}

/**
 * Above this many values (weights plus kept optimizer state: 64 MB of float32) save(path) writes a
 * binary weights file: base64 text would be 85 MB and up, slow to write and parse, and past
 * MAX_INLINE_VALUES impossible. Smaller models stay one JSON file, which older wasmlp versions read.
 */
export const SIDECAR_VALUES = 16 * 1024 * 1024;

/**
 * Most float32 values one model document can hold as base64 text: JavaScript strings end near
 * 2^29 characters (V8), and the document is one string when saved. 64M values are 342M base64
 * characters. Weights plus, when kept, the optimizer's two state buffers count.
 */
export const MAX_INLINE_VALUES = 64 * 1024 * 1024;

export function modelToJSON(model: Sequential, options: ModelToJSONOptions = {}): ModelJSON {
  const c = model.compiled;
  const net = model.net;
  if (net) {
    const withState = c && (options.includeOptimizer ?? true) && net.optimizerSteps > 0;
    const values = net.paramCount + (withState ? 2 * net.trainableCount : 0);
    if (values > MAX_INLINE_VALUES) {
      throw new WasmlpError('MODEL_TOO_LARGE', `toJSON: the model has ${net.paramCount} parameters${withState ? ' (plus two optimizer state buffers of that size)' : ''}, ${values} float32 values in all; one JSON document holds at most ${MAX_INLINE_VALUES} (JavaScript strings cannot be longer). Use await model.save(path), which writes the weights to a binary file beside the JSON (Sequential.load(path) reads both)${withState ? ', or toJSON({ includeOptimizer: false })' : ''}.`, { option: 'model' });
    }
  }
  const params = net ? net.getParams() : null;
  const doc = documentHead(model, INLINE_FORMAT_VERSION);
  doc.weights = params ? { dtype: 'float32', byteOrder: 'little', count: params.length, data: float32ToBase64(params) } : null;
  if (c && net && (options.includeOptimizer ?? true) && net.optimizerSteps > 0) {
    doc.optimizer = {
      step: net.optimizerSteps,
      state: [float32ToBase64(net.getOptimizerState(0)), float32ToBase64(net.getOptimizerState(1))],
      rng: Array.from(net.getRngState()),
    };
  }
  doc.integrity = integrityOf(doc);
  return doc;
}

/** @internal The fields every model document starts with (toJSON and the two-file form). */
export function documentHead(model: Sequential, formatVersion: number): ModelJSON {
  const c = model.compiled;
  return {
    format: MODEL_FORMAT,
    formatVersion,
    name: model.name,
    seed: model.seed,
    inputDim: model.inputDim ?? null,
    layers: model.layers.map((l) => ({ className: l.className, config: l.getConfig() })),
    compile: c ? { loss: c.loss, optimizer: { type: c.optimizer.name, ...c.optimizer.config }, metrics: c.metricSpecs, ...(c.labelSmoothing ? { labelSmoothing: c.labelSmoothing } : {}) } : null,
    weights: null,
  };
}

/** @internal */
export function integrityOf(doc: object): string {
  const { integrity: _ignored, ...rest } = doc as { integrity?: unknown };
  return `cyrb53:${checksum(JSON.stringify(rest))}`;
}

/** @internal */
export function bad(message: string, option?: string): WasmlpError {
  return new WasmlpError('BAD_MODEL_FILE', `Not a usable wasmlp model: ${message}`, option ? { option } : {});
}

/** @internal */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Rebuilds a model from toJSON() output. Every field is checked before any memory is reserved;
 * nothing in the file is ever evaluated as code. `create` is Sequential's constructor (passed in, so
 * this file needs only Sequential's type and the model layer has no import cycle).
 */
export function modelFromJSON(json: unknown, create: (layers: Layer[], options: SequentialOptions) => Sequential): Sequential {
  const ready = typeof json === 'object' && json !== null ? preloaded.get(json) : undefined;
  if (ready) {
    preloaded.delete(json as object);
    return ready;
  }
  return modelShellFromJSON(json, create, null).model;
}

/**
 * Models already read, weights file included, for the version-2 documents a saved pipeline
 * embeds: the pipeline loader reads the file (asynchronously) first, then Pipeline.fromJSON's
 * synchronous Sequential.fromJSON(document) receives the model. Each is handed out once.
 */
const preloaded = new WeakMap<object, Sequential>();

/** Registers `model` as the result of fromJSON(`doc`) (same object); see `preloaded`. */
export function preloadModel(doc: object, model: Sequential): void {
  preloaded.set(doc, model);
}

/** Takes back a model preloadModel registered and fromJSON did not use (e.g. the pipeline was refused). */
export function takePreloadedModel(doc: object): Sequential | undefined {
  const model = preloaded.get(doc);
  preloaded.delete(doc);
  return model;
}

/**
 * A model read from a document whose weights may sit in a binary file (version 2, for load(path)):
 * built, with `weightsFile` still to be streamed in (then `optimizer`'s step and generator set).
 */
export interface ModelShell {
  model: Sequential;
  weightsFile: WeightsFileRef | null;
  /** The optimizer's state buffers are in the file after the weights. */
  optimizer: { step: number; rng: Uint32Array } | null;
}

/**
 * The reading of version-2 documents (src/model/file-document.ts), passed in by load(path) so that
 * bundles which never load by path do not carry it.
 */
export interface FileDocumentReader {
  /** Checks the document's 'weightsFile' (before anything is allocated). */
  ref(doc: Record<string, unknown>): WeightsFileRef;
  /** Checks 'weights' and 'optimizer' of the document and builds the model for the file's values. */
  shell(doc: Record<string, unknown>, model: Sequential, file: WeightsFileRef, inputDim: unknown, expected: number, trainable: number): ModelShell;
}

/** modelFromJSON that also accepts version-2 documents when given their reader; see ModelShell. */
export function modelShellFromJSON(json: unknown, create: (layers: Layer[], options: SequentialOptions) => Sequential, files: FileDocumentReader | null): ModelShell {
  try {
    return readModel(json, create, files);
  } catch (e) {
    // A hostile file nested deeply enough to exhaust the stack (in the integrity check) is a bad file.
    if (e instanceof RangeError) throw bad(`the document is too deeply nested or too large to read (${e.message}).`);
    throw e;
  }
}

function readModel(json: unknown, create: (layers: Layer[], options: SequentialOptions) => Sequential, files: FileDocumentReader | null): ModelShell {
  let doc = json;
  if (typeof doc === 'string') {
    try {
      doc = JSON.parse(doc);
    } catch (e) {
      throw bad(`the text is not JSON (${(e as Error).message}).`);
    }
  }
  if (!isPlainObject(doc)) throw bad(`expected an object, received ${describe(doc)}.`);
  if (doc.format !== MODEL_FORMAT) throw bad(`'format' is ${describe(doc.format)}, expected "${MODEL_FORMAT}". Is this a TensorFlow.js or Keras file?`, 'format');
  if (typeof doc.formatVersion !== 'number' || !Number.isInteger(doc.formatVersion) || doc.formatVersion < 1) throw bad(`'formatVersion' is ${describe(doc.formatVersion)}.`, 'formatVersion');
  if (doc.formatVersion > MODEL_FORMAT_VERSION) {
    throw new WasmlpError('MODEL_VERSION', `This model file has format version ${doc.formatVersion}; this wasmlp reads up to version ${MODEL_FORMAT_VERSION}. Upgrade wasmlp to load it.`, { option: 'formatVersion' });
  }
  if (doc.weights !== null && doc.weights !== undefined) {
    // Weights are only ever written by toJSON, which signs the whole document.
    if (typeof doc.integrity !== 'string') throw bad("the model has weights but no 'integrity' field; save it with model.toJSON() or model.save().", 'integrity');
    if (doc.integrity !== integrityOf(doc)) {
      throw new WasmlpError('MODEL_CORRUPTED', "The model file's integrity check failed: it was modified or damaged after saving (a changed value, a truncated or edited copy). Save the model again from its source.", { option: 'integrity' });
    }
  }
  if (doc.weightsFile !== undefined && !files) {
    const name = (doc.weightsFile as { path?: unknown } | null)?.path;
    throw bad(`its weights are in the binary file ${typeof name === 'string' ? name : '(.weights.bin)'} beside the JSON document (a model saved with save(path)); load it with await Sequential.load(path).`, 'weightsFile');
  }
  const file = doc.weightsFile === undefined || !files ? null : files.ref(doc);
  if (!Array.isArray(doc.layers) || doc.layers.length === 0 || doc.layers.length > MAX_LAYERS) throw bad(`'layers' must be a non-empty array (at most ${MAX_LAYERS}).`, 'layers');
  const seed = doc.seed ?? 0;
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw bad(`'seed' is ${describe(doc.seed)}.`, 'seed');
  const layers: Layer[] = doc.layers.map((entry: unknown, i: number) => {
    if (!isPlainObject(entry) || !isPlainObject(entry.config)) throw bad(`layer ${i} must be { className, config }.`, `layers[${i}]`);
    try {
      if (entry.className === 'Dense') return new Dense(entry.config as never);
      if (entry.className === 'Dropout') return new Dropout(entry.config as never);
      if (entry.className === 'BatchNormalization') return new BatchNormalization(entry.config as never);
    } catch (e) {
      if (e instanceof WasmlpError) throw bad(`layer ${i}: ${e.message}`, `layers[${i}]`);
      throw e;
    }
    throw bad(`layer ${i} has className ${describe(entry.className)}; wasmlp models contain Dense, Dropout and BatchNormalization layers only.`, `layers[${i}].className`);
  });
  const inputDim = doc.inputDim;
  if (inputDim !== null && inputDim !== undefined && (typeof inputDim !== 'number' || !Number.isInteger(inputDim) || inputDim < 1 || inputDim > 1 << 24)) {
    throw bad(`'inputDim' is ${describe(inputDim)}.`, 'inputDim');
  }
  const name = typeof doc.name === 'string' ? doc.name : undefined;
  const model = create(layers, { seed, name });
  // Count the weights this topology needs without allocating anything.
  let width = (inputDim as number | null | undefined) ?? (layers[0] instanceof Dense ? layers[0].inputDim : undefined);
  let expected = 0, trainable = 0;
  for (const l of layers) {
    if (l instanceof Dense) { expected += l.paramCount(width ?? 0); trainable += l.paramCount(width ?? 0); width = l.units; }
    else if (l instanceof BatchNormalization) { expected += l.paramCount(width ?? 0); trainable += l.trainableCount(width ?? 0); }
  }
  if (doc.compile !== null && doc.compile !== undefined) {
    if (!isPlainObject(doc.compile)) throw bad("'compile' must be an object or null.", 'compile');
    try {
      model.compile(doc.compile as unknown as CompileConfig);
    } catch (e) {
      if (e instanceof WasmlpError) throw bad(`compile: ${e.message}`, 'compile');
      throw e;
    }
  }
  if (file && files) return files.shell(doc, model, file, inputDim, expected, trainable);
  if (doc.weights !== null && doc.weights !== undefined) {
    const w = doc.weights;
    if (!isPlainObject(w) || w.dtype !== 'float32' || w.byteOrder !== 'little' || typeof w.data !== 'string' || typeof w.count !== 'number') {
      throw bad("'weights' must be { dtype: 'float32', byteOrder: 'little', count, data (base64) }.", 'weights');
    }
    if (inputDim === null || inputDim === undefined) throw bad("'weights' are present but 'inputDim' is missing.", 'inputDim');
    if (expected > MAX_WEIGHTS) throw bad(`the layers need ${expected} weights, beyond the ${MAX_WEIGHTS} wasmlp supports.`, 'layers');
    if (w.count !== expected) throw bad(`'weights.count' is ${w.count} but the layers need ${expected} weights.`, 'weights.count');
    if (w.data.length !== Math.ceil((expected * 4) / 3) * 4) throw bad(`'weights.data' holds ${w.data.length} base64 characters; ${expected} float32 weights need ${Math.ceil((expected * 4) / 3) * 4}. The file is truncated or padded.`, 'weights.data');
    const values = base64ToFloat32(w.data);
    if (!values || values.length !== expected) throw bad("'weights.data' is not valid base64 float32 data.", 'weights.data');
    const i = firstNonFinite(values);
    if (i >= 0) throw bad(`weight ${i} is ${values[i]}; a saved model never holds NaN or Infinity.`, 'weights.data');
    model.build(inputDim as number);
    model.net!.setParams(values);
  }
  if (doc.optimizer !== undefined && doc.optimizer !== null) restoreOptimizer(model, doc.optimizer, trainable);
  return { model, weightsFile: null, optimizer: null };
}

function restoreOptimizer(model: Sequential, o: unknown, count: number): void {
  if (!model.compiled || !model.net) throw bad("'optimizer' state needs 'compile' and 'weights'.", 'optimizer');
  if (!isPlainObject(o) || typeof o.step !== 'number' || !Number.isInteger(o.step) || o.step < 0 || o.step > 0x7fffffff || !Array.isArray(o.state) || o.state.length !== 2 || !Array.isArray(o.rng) || o.rng.length !== 4) {
    throw bad("'optimizer' must be { step, state: [base64, base64], rng: [4 integers] }.", 'optimizer');
  }
  const state = o.state.map((text, i) => {
    const values = typeof text === 'string' ? base64ToFloat32(text) : null;
    if (!values || values.length !== count) throw bad(`'optimizer.state[${i}]' must hold ${count} float32 values.`, `optimizer.state[${i}]`);
    const j = firstNonFinite(values);
    if (j >= 0) throw bad(`optimizer state ${i}[${j}] is ${values[j]}.`, `optimizer.state[${i}]`);
    return values;
  });
  if (!o.rng.every((v) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0xffffffff)) throw bad("'optimizer.rng' must be 4 unsigned 32-bit integers.", 'optimizer.rng');
  const net = model.net;
  net.setOptimizerState(0, state[0]);
  net.setOptimizerState(1, state[1]);
  net.setOptimizerSteps(o.step);
  net.setRngState(Uint32Array.from(o.rng as number[]));
}
