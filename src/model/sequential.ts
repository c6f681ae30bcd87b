import type { WithSnakeCase } from '../names.js';
import { normaliseOptions } from '../options.js';
import { WasmlpError, describe } from '../errors.js';
import { Dense } from '../layers/dense.js';
import { Dropout, type Layer } from '../layers/dropout.js';
import { BatchNormalization } from '../layers/batch-normalization.js';
import { layerName } from '../layers/layer-name.js';
import { toMatrix, type LabelsLike, type Matrix, type MatrixLike } from '../data/matrix.js';
import { argmaxRow } from '../metrics/scores.js';
import { runtime, type Runtime } from '../runtime/wasm.js';
import type { CallbackModel } from '../callbacks/callback.js';
import type { History } from '../callbacks/history.js';
import { resolveCompile, type CompileConfig, type Compiled } from './compile.js';
import { Network } from './network.js';
import { track, untrack } from './collector.js';
import { upload, lossOnDevice, predictOnDevice, type DeviceData } from './device-data.js';
import { toInputs, type Inputs } from './inputs.js';
import type { SparseMatrix } from '../data/sparse.js';
import { checkSampleWeight } from './sample-weights.js';
import { prepareLabels } from './labels.js';
import { fit, uploadTargets, type FitOptions } from './trainer.js';
import { INFERENCE_ROWS, evaluateOnDevice } from './evaluate.js';
import { formatSummary } from './summary.js';
import { modelFromJSON, modelToJSON, type ModelJSON, type ModelToJSONOptions, type SaveOptions } from './serialization.js';

/** Options of Sequential: the seed of weights, shuffling and dropout, and the model name. */
export interface SequentialOptions {
  /** Seeds weight initialisation, shuffling, dropout and validation sampling; default 0. */
  seed?: number;
  name?: string;
}

const nextTask = (): Promise<void> => new Promise((resolve) => {
  if (typeof setImmediate === 'function') setImmediate(resolve);
  else setTimeout(resolve, 0);
});



/**
 * A stack of layers trained as one network, with TensorFlow.js' API: compile, fit, evaluate,
 * predict. Weights live in WebAssembly memory from the first fit (or build) until dispose().
 */
export class Sequential implements CallbackModel {
  readonly layers: Layer[] = [];
  readonly seed: number;
  readonly name: string;
  /** Set to true (e.g. from a callback) to end fit after the current epoch. */
  stopTraining = false;
  /** @internal */ compiled: Compiled | null = null;
  /** @internal */ net: Network | null = null;
  private disposed = false;
  /** The asynchronous call running on this model (fit), which owns its memory until it returns. */
  private running: string | null = null;
  private savedDocument: ModelJSON | null = null;

  constructor(layers: Layer[] = [], options: SequentialOptions = {}) {
    if (!Array.isArray(layers)) {
      throw new WasmlpError('BAD_OPTION', `Sequential takes an array of layers, received ${describe(layers)}.`, { option: 'layers' });
    }
    options = normaliseOptions<SequentialOptions>('Sequential', options, ['seed', 'name']);
    const seed = options.seed ?? 0;
    if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new WasmlpError('BAD_OPTION', `seed must be an integer in [0, 2^32), received ${describe(options.seed)}.`, { option: 'seed' });
    }
    this.seed = seed;
    this.name = options.name ?? 'sequential';
    for (const layer of layers) this.add(layer);
  }

  add(layer: Layer): void {
    this.assertLive();
    if (!(layer instanceof Dense) && !(layer instanceof Dropout) && !(layer instanceof BatchNormalization)) {
      throw new WasmlpError('BAD_LAYER', `Layer ${this.layers.length} is ${describe(layer)}; wasmlp models take Dense, Dropout and BatchNormalization layers (new Dense({ units: 8 })).`, { layer: this.layers.length });
    }
    if (this.net) throw new WasmlpError('ALREADY_BUILT', 'Cannot add layers to a model that is already built (trained or loaded). Build a new Sequential.', { layer: this.layers.length });
    if (this.layers.length > 0 && layer instanceof Dense && layer.inputDim !== undefined) {
      const prev = this.outputWidthAt(this.layers.length - 1);
      if (prev !== undefined && prev !== layer.inputDim) {
        throw new WasmlpError('BAD_ARCHITECTURE', `Layer ${this.layers.length} declares inputDim ${layer.inputDim}, but the layer before it outputs ${prev} values. Only the first layer needs inputDim.`, { layer: this.layers.length, option: 'inputDim' });
      }
    }
    this.layers.push(layer);
  }

  /** Input width declared on the first layer, or learnt from the data at the first fit. */
  get inputDim(): number | undefined {
    if (this.net) return this.net.inDim;
    const first = this.layers[0];
    return first instanceof Dense ? first.inputDim : undefined;
  }

  /** Units of the last Dense layer. */
  get outputUnits(): number {
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const l = this.layers[i];
      if (l instanceof Dense) return l.units;
    }
    throw new WasmlpError('NO_LAYERS', 'The model has no Dense layer.');
  }

  private outputWidthAt(index: number): number | undefined {
    for (let i = index; i >= 0; i--) {
      const l = this.layers[i];
      if (l instanceof Dense) return l.units;
    }
    return this.inputDim;
  }

  compile(config: CompileConfig): void {
    this.assertLive();
    this.assertIdle('compile');
    this.compiled = resolveCompile(config, this.layers);
    if (this.net) this.configureNetwork();
  }

  /** @internal */
  requireCompiled(call: string): Compiled {
    this.assertLive();
    if (!this.compiled) {
      throw new WasmlpError('NOT_COMPILED', `Call model.compile({ loss, optimizer, metrics }) before model.${call}().`, { option: call });
    }
    return this.compiled;
  }

  private configureNetwork(): void {
    const c = this.compiled!;
    this.net!.configure(c.lossCode, c.labelWidth, c.optimizer.core);
  }

  /**
   * Creates the weights (seeded) in WebAssembly memory. fit does this for you; call it to get
   * weights or a summary with shapes before training. Needs the core loaded (see init()).
   */
  build(inputDim = this.inputDim): void {
    this.assertLive();
    if (this.net) {
      if (inputDim !== undefined && inputDim !== this.net.inDim) {
        throw new WasmlpError('INPUT_WIDTH', `The model was built for ${this.net.inDim} input features, but the data has ${inputDim} columns. Select the same feature columns used in training.`, { option: 'x' });
      }
      return;
    }
    const declared = this.layers[0] instanceof Dense ? this.layers[0].inputDim : undefined;
    if (declared !== undefined && inputDim !== undefined && inputDim !== declared) {
      throw new WasmlpError('INPUT_WIDTH', `The first layer declares inputDim ${declared}, but the data has ${inputDim} columns. Select the same feature columns, or fix inputDim.`, { layer: 0, option: 'inputDim' });
    }
    if (inputDim === undefined) {
      throw new WasmlpError('NO_INPUT_DIM', 'The input width is unknown: give the first layer inputDim (new Dense({ units, inputDim })) or call fit first.', { layer: 0, option: 'inputDim' });
    }
    if (this.layers.length === 0) throw new WasmlpError('NO_LAYERS', 'The model has no layers. Add Dense layers before building.');
    this.net = new Network(runtime(), this.layers, inputDim, this.seed);
    track(this, this.net);
    if (this.compiled) this.configureNetwork();
  }

  /** @internal The built network; builds it for `inputDim` when needed. */
  network(inputDim?: number): Network {
    this.build(inputDim);
    return this.net!;
  }

  /**
   * Trains the model; see FitOptions. Resolves to the History of per-epoch logs. Given a data
   * source instead of arrays (a generator function of { x, y } chunks, csvSource(path)), it
   * streams: fit(source, { epochs, shuffleBuffer, validationData }); see FitStreamOptions.
   * One fit at a time per model: a second fit (or compile) while one runs is refused with
   * MODEL_BUSY. predict, evaluate and getWeights from a callback (or any other code) while fit
   * awaits are served between batches with the current weights. dispose() during fit stops it at
   * the next batch boundary with DISPOSED; the memory is released when fit has returned.
   */
  fit(x: MatrixLike | SparseMatrix, y: LabelsLike, options?: WithSnakeCase<FitOptions>): Promise<History>;
  fit(source: import('../stream/source.js').DataSource, options?: import('../stream/fit-stream.js').FitStreamOptions): Promise<History>;
  async fit(x: unknown, y?: unknown, options: FitOptions = {}): Promise<History> {
    this.assertLive();
    this.assertIdle('fit');
    this.running = 'fit';
    try {
      if (isStreamSource(x)) {
        const s = await import('../stream/fit-stream.js');
        return await s.fitStream(this, x, y as import('../stream/fit-stream.js').FitStreamOptions);
      }
      return await fit(this, x as MatrixLike | SparseMatrix, y as LabelsLike, options);
    } finally {
      this.running = null;
      if (this.disposed) this.release();
      // One macrotask per fit: a loop of short fits is otherwise one endless job, in which the
      // engine keeps every WeakRef target alive and runs no FinalizationRegistry callback, so
      // dropped models could never be reclaimed (src/model/collector.ts).
      await nextTask();
    }
  }

  /**
   * @internal Runs an asynchronous call that reads the whole model (save to a weights file): fit
   * and compile meanwhile are refused with MODEL_BUSY, and dispose() waits until it returns.
   */
  async hold<T>(call: string, work: () => Promise<T>): Promise<T> {
    this.assertLive();
    this.assertIdle(call);
    this.running = call;
    try {
      return await work();
    } finally {
      this.running = null;
      if (this.disposed) this.release();
    }
  }

  /** @internal The asynchronous call running on this model ('fit', 'save'), or null. */
  get runningCall(): string | null {
    return this.running;
  }

  /** @internal Called by fit after every await: a dispose() meanwhile ends the call here. */
  stopIfDisposed(call: string): void {
    if (this.disposed) {
      throw new WasmlpError('DISPOSED', `model.dispose() was called while ${call} was running; ${call} stopped at the batch boundary and the model's memory is released. Dispose only after ${call} has resolved, or stop training with model.stopTraining = true.`, { option: call });
    }
  }

  private assertIdle(call: string): void {
    if (this.running) {
      throw new WasmlpError('MODEL_BUSY', `model.${call}() was called while model.${this.running}() is still running on the same model. Await the running call first (await model.${this.running}(...)), or use a second model.`, { option: call });
    }
  }

  /** Model outputs (probabilities for sigmoid/softmax) as a rows x units matrix. */
  predict(x: MatrixLike | SparseMatrix): Matrix {
    this.assertLive();
    const X = toInputs(x, 'x', this.layers);
    const net = this.network(X.cols);
    this.checkWidth(X);
    const rt = net.runtime;
    net.ensureBatchCapacity(Math.min(X.rows, INFERENCE_ROWS));
    const data = upload(rt, X, new Float32Array(0), null);
    let outPtr = 0;
    try {
      outPtr = rt.mem.alloc(X.rows * net.outDim * 4, 'predictions', false); // the core writes every value
      predictOnDevice(net, data, outPtr);
      return { data: rt.mem.f32(outPtr, X.rows * net.outDim).slice(), rows: X.rows, cols: net.outDim };
    } finally {
      data.free();
      if (outPtr) rt.mem.free(outPtr);
    }
  }

  /**
   * Decisions: for one output unit, 1 where p > threshold (default 0.5); for softmax the argmax
   * class per row; for several sigmoid units a rows x units 0/1 array (row-major).
   */
  predictClasses(x: MatrixLike | SparseMatrix, options: { threshold?: number } = {}): Int32Array {
    options = normaliseOptions<{ threshold?: number }>('predictClasses', options, ['threshold']);
    const threshold = options.threshold ?? 0.5;
    if (typeof threshold !== 'number' || !(threshold >= 0 && threshold <= 1)) {
      throw new WasmlpError('BAD_OPTION', `predictClasses: threshold must be a number in [0, 1], received ${describe(options.threshold)}.`, { option: 'threshold' });
    }
    const p = this.predict(x);
    const last = this.layers[this.layers.length - 1] as Dense;
    if (p.cols > 1 && last.activation === 'softmax') {
      const out = new Int32Array(p.rows);
      for (let r = 0; r < p.rows; r++) out[r] = argmaxRow(p.data, r, p.cols);
      return out;
    }
    const out = new Int32Array(p.data.length);
    for (let i = 0; i < out.length; i++) out[i] = p.data[i] > threshold ? 1 : 0;
    return out;
  }

  /** Loss and compiled metrics on the given data, named as computed ({ loss, binaryAccuracy }). */
  evaluate(x: MatrixLike | SparseMatrix, y: LabelsLike, options: { sampleWeight?: ArrayLike<number> } = {}): Record<string, number> {
    options = normaliseOptions<{ sampleWeight?: ArrayLike<number> }>('evaluate', options, ['sampleWeight']);
    const compiled = this.requireCompiled('evaluate');
    const X = toInputs(x, 'x', this.layers);
    const net = this.network(X.cols);
    this.checkWidth(X);
    const labels = prepareLabels(y, compiled.loss, compiled.units, X.rows);
    const weights = options.sampleWeight === undefined ? null : checkSampleWeight(options.sampleWeight, X.rows);
    const data = uploadTargets(net.runtime, X, labels.data, weights, compiled);
    try {
      return evaluateOnDevice(net, compiled, data);
    } finally {
      data.free();
    }
  }

  private checkWidth(X: Inputs): void {
    if (this.net && X.cols !== this.net.inDim) {
      throw new WasmlpError('INPUT_WIDTH', `The model takes ${this.net.inDim} input features, but x has ${X.cols} columns. Use the same feature columns as in training.`, { option: 'x' });
    }
  }

  /** Layer table with output shapes and parameter counts; printed with `print` (default console.log). */
  summary(print: ((line: string) => void) | null = (line) => console.log(line)): string {
    const text = formatSummary(this);
    if (print) print(text);
    return text;
  }

  countParams(): number {
    let width = this.inputDim ?? 0, total = 0;
    for (const l of this.layers) {
      if (l instanceof Dense) { total += l.paramCount(width); width = l.units; }
      else if (l instanceof BatchNormalization) total += l.paramCount(width);
    }
    return total;
  }

  /**
   * Weights layer by layer in Keras' order, copied out of WebAssembly memory: kernel and bias per
   * Dense layer; gamma, beta, moving_mean and moving_variance per BatchNormalization layer.
   */
  getWeights(): { name: string; shape: number[]; values: Float32Array }[] {
    const net = this.network();
    const flat = net.getParams();
    return net.weightSlots.map((s) => {
      const size = s.shape.reduce((a, b) => a * b, 1);
      return { name: `${layerName(this.layers[s.layer], s.layer)}/${s.suffix}`, shape: [...s.shape], values: flat.slice(s.offset, s.offset + size) };
    });
  }

  /** Sets kernels and biases in getWeights() order; shapes must match. */
  setWeights(weights: readonly { shape?: number[]; values: ArrayLike<number> }[] | readonly ArrayLike<number>[]): void {
    const net = this.network();
    const flat = net.getParams();
    const expected = this.getWeights();
    if (weights.length !== expected.length) {
      throw new WasmlpError('WEIGHTS_MISMATCH', `setWeights expects ${expected.length} arrays (kernel and bias per Dense layer; gamma, beta, moving mean and variance per BatchNormalization), received ${weights.length}.`);
    }
    expected.forEach((e, i) => {
      // Typed arrays and plain arrays have a values() method of their own: test the shape, not the key.
      const w = weights[i] as { values: ArrayLike<number> } | ArrayLike<number>;
      const values = ArrayBuffer.isView(w) || Array.isArray(w) ? (w as ArrayLike<number>) : (w as { values: ArrayLike<number> }).values;
      if (!values || typeof values.length !== 'number') {
        throw new WasmlpError('WEIGHTS_MISMATCH', `setWeights: entry ${i} (${e.name}) must be an array, a Float32Array or { values }; received ${describe(w)}.`);
      }
      if (values.length !== e.values.length) {
        throw new WasmlpError('WEIGHTS_MISMATCH', `setWeights: ${e.name} needs ${e.values.length} values (shape [${e.shape.join(', ')}]), received ${values.length}.`);
      }
      for (let j = 0; j < values.length; j++) {
        if (!Number.isFinite(values[j])) throw new WasmlpError('NON_FINITE', `setWeights: ${e.name}[${j}] is ${values[j]}.`);
      }
      flat.set(values, net.weightSlots[i].offset);
    });
    net.setParams(flat);
  }

  /**
   * The learning rate of the next optimizer step. Setting it (ReduceLROnPlateau,
   * LearningRateScheduler do) lasts until the next compile; a model whose optimizer has a
   * schedule refuses, the schedule decides.
   */
  get learningRate(): number {
    const compiled = this.requireCompiled('learningRate');
    return this.net ? this.net.learningRate : compiled.optimizer.core.learningRate;
  }

  set learningRate(value: number) {
    const compiled = this.requireCompiled('learningRate');
    if (compiled.optimizer.schedule) {
      throw new WasmlpError('BAD_OPTION', `The optimizer's learning rate follows a ${compiled.optimizer.schedule.className} schedule; it cannot also be set (by ReduceLROnPlateau or LearningRateScheduler). Use a constant learningRate with those callbacks.`, { option: 'optimizer.learningRate' });
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new WasmlpError('BAD_OPTION', `learningRate must be a finite number >= 0, received ${describe(value)}.`, { option: 'learningRate' });
    }
    this.network().setLearningRate(value);
  }

  /** @internal Flat parameter copy for EarlyStopping's restoreBestWeights. */
  getWeightsSnapshot(): Float32Array {
    return this.network().getParams();
  }

  /** @internal */
  setWeightsSnapshot(snapshot: Float32Array): void {
    this.network().setParams(snapshot);
  }

  /** Topology, compile configuration and exact weights (base64 float32) as plain JSON. */
  toJSON(options: ModelToJSONOptions = {}): ModelJSON {
    return this.savedDocument ?? modelToJSON(this, options);
  }

  /**
   * @internal toJSON returns `doc` while `work` runs: a pipeline whose network was just saved to a
   * weights file embeds that two-file document instead of base64 weights.
   */
  withSavedDocument<T>(doc: ModelJSON, work: () => T): T {
    this.savedDocument = doc;
    try {
      return work();
    } finally {
      this.savedDocument = null;
    }
  }

  static fromJSON(json: unknown): Sequential {
    return modelFromJSON(json, (layers, options) => new Sequential(layers, options));
  }

  /**
   * The model in TensorFlow.js' layers format: { modelTopology, weightsManifest, weightData, ... },
   * ready for tf.loadLayersModel(tf.io.fromMemory(...)). Loaded on demand, so browser bundles that
   * never export do not carry the converter.
   */
  async exportTfjs(): Promise<import('../io/tfjs.js').TfjsArtifacts> {
    const { exportTfjs } = await import('../io/tfjs.js');
    return exportTfjs(this);
  }

  /**
   * Writes the model to a file (Node, Deno, Bun), through a temporary file renamed at the end.
   * Small models are one JSON document (toJSON()). Models above 16M values (weights plus optimizer
   * state), or with `{ weights: 'sidecar' }`, are two files: the JSON and a binary weights file
   * beside it (`model.json` + `model.weights.bin`), streamed to disk in chunks, up to the 256M
   * parameters a model may have. Keep the two files together; Sequential.load(path) reads both.
   *
   * @example
   * await model.save('out/model.json'); // large models also write out/model.weights.bin
   * const again = await Sequential.load('out/model.json');
   */
  async save(path: string, options?: SaveOptions): Promise<void> {
    const { saveModel } = await import('../io/files.js');
    await saveModel(this, path, options);
  }

  /** Reads a model written by save(path), with its weights file when it has one. */
  static async load(path: string): Promise<Sequential> {
    const { loadModel } = await import('../io/files.js');
    return loadModel(path);
  }

  /**
   * Releases the model's WebAssembly memory. Later calls on the model throw DISPOSED. During fit
   * the running call stops at its next batch boundary and releases the memory as it returns.
   */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (!this.running) this.release();
  }

  private release(): void {
    if (this.net) {
      untrack(this.net);
      this.net.dispose();
    }
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  private assertLive(): void {
    if (this.disposed) throw new WasmlpError('DISPOSED', 'This model was disposed; its WebAssembly memory is released. Build or load a new model.');
  }
}

/** A data source for streaming (a function, or an iterable that is not an array of rows or a Matrix). */
function isStreamSource(x: unknown): x is import('../stream/source.js').DataSource {
  if (typeof x === 'function') return true;
  if (typeof x !== 'object' || x === null || Array.isArray(x) || ArrayBuffer.isView(x) || 'data' in x) return false;
  return typeof (x as { chunks?: unknown }).chunks === 'function' || Symbol.asyncIterator in x || Symbol.iterator in x;
}
