import { WasmlpError } from '../errors.js';
import { ACTIVATION_CODES } from '../activations.js';
import { Dense } from '../layers/dense.js';
import type { Layer } from '../layers/dropout.js';
import type { CoreOptimizerParams } from '../optimizers/optimizer.js';
import type { ResolvedInitializer } from '../initializers.js';
import type { Runtime } from '../runtime/wasm.js';
import { HEADER_WORDS, KIND_DENSE, KIND_DROPOUT, LAYER, LAYER_WORDS, NET } from '../runtime/layout.js';
import { formatBytes } from '../runtime/memory.js';

/** Where one dense layer's parameters sit in the flat buffer (offsets in floats). */
export interface ParamSlot {
  layer: number;
  kernelOffset: number;
  kernelShape: [number, number];
  biasOffset: number; // -1 without bias
}

/** Refuse models whose parameters alone would not fit in 32-bit WebAssembly memory. */
const MAX_PARAMS = 256 * 1024 * 1024;

/**
 * A model's life inside WebAssembly memory: the descriptor the core reads, the flat parameter,
 * gradient and optimizer-state buffers, and the per-layer activation buffers sized for a batch.
 * Every address is owned here and returned by dispose().
 */
export class Network {
  readonly slots: ParamSlot[] = [];
  readonly paramCount: number;
  readonly paddedCount: number;
  readonly inDim: number;
  readonly outDim: number;
  private readonly maxDim: number;
  readonly desc: number;
  readonly params: number;
  private readonly grads: number;
  private readonly rng: number;
  private optState: [number, number] = [0, 0];
  private batchCap = 0;
  private batchBuffers: number[] = [];
  private perm = 0;
  private permCap = 0;
  private disposed = false;

  constructor(private readonly rt: Runtime, private readonly layers: readonly Layer[], inDim: number, seed: number) {
    this.inDim = inDim;
    let width = inDim, offset = 0, maxDim = inDim;
    layers.forEach((layer, i) => {
      if (layer instanceof Dense) {
        const slot: ParamSlot = { layer: i, kernelOffset: offset, kernelShape: [width, layer.units], biasOffset: -1 };
        offset += width * layer.units;
        if (layer.useBias) { slot.biasOffset = offset; offset += layer.units; }
        this.slots.push(slot);
        width = layer.units;
        maxDim = Math.max(maxDim, width);
      }
    });
    this.outDim = width;
    this.maxDim = maxDim;
    this.paramCount = offset;
    if (offset > MAX_PARAMS) {
      throw new WasmlpError('MODEL_TOO_LARGE', `The model has ${offset} parameters (${formatBytes(offset * 4)} of weights, about 4x that to train); wasmlp supports at most ${MAX_PARAMS}. Use fewer or narrower layers.`);
    }
    this.paddedCount = Math.ceil(offset / 4) * 4;
    const mem = rt.mem;
    const taken: number[] = [];
    const take = (bytes: number, what: string) => { const p = mem.alloc(bytes, what); taken.push(p); return p; };
    try {
      this.desc = take((HEADER_WORDS + layers.length * LAYER_WORDS) * 4, 'the network descriptor');
      this.params = take(this.paddedCount * 4, 'parameters');
      this.grads = take(this.paddedCount * 4, 'gradients');
      this.rng = take(16, 'the random generator');
      rt.core.rngSeed(this.rng, seed >>> 0);
      this.writeHeader();
      this.initialiseWeights();
    } catch (e) {
      // A network that could not be built keeps nothing reserved.
      for (const p of taken) mem.free(p);
      throw e;
    }
  }

  private word(index: number, value: number): void {
    this.rt.mem.i32(this.desc, HEADER_WORDS + this.layers.length * LAYER_WORDS)[index] = value;
  }

  private wordF(index: number, value: number): void {
    new Float32Array(this.rt.mem.memory.buffer, this.desc, HEADER_WORDS + this.layers.length * LAYER_WORDS)[index] = value;
  }

  private writeHeader(): void {
    this.word(NET.LAYERS, this.layers.length);
    this.word(NET.PARAMS, this.params);
    this.word(NET.PARAM_COUNT, this.paddedCount);
    this.word(NET.GRADS, this.grads);
    this.word(NET.RNG, this.rng);
    this.word(NET.IN_DIM, this.inDim);
    this.word(NET.OUT_DIM, this.outDim);
    let width = this.inDim, slot = 0, hasReg = 0;
    this.layers.forEach((layer, i) => {
      const base = HEADER_WORDS + i * LAYER_WORDS;
      this.word(base + LAYER.IN, width);
      if (layer instanceof Dense) {
        const s = this.slots[slot++];
        this.word(base + LAYER.KIND, KIND_DENSE);
        this.word(base + LAYER.OUT, layer.units);
        this.word(base + LAYER.ACT, ACTIVATION_CODES[layer.activation]);
        this.word(base + LAYER.W, this.params + s.kernelOffset * 4);
        this.word(base + LAYER.B, s.biasOffset < 0 ? 0 : this.params + s.biasOffset * 4);
        this.word(base + LAYER.GW, this.grads + s.kernelOffset * 4);
        this.word(base + LAYER.GB, s.biasOffset < 0 ? 0 : this.grads + s.biasOffset * 4);
        this.wordF(base + LAYER.ALPHA, layer.alpha);
        this.wordF(base + LAYER.L1, layer.kernelRegularizer.l1);
        this.wordF(base + LAYER.L2, layer.kernelRegularizer.l2);
        if (layer.kernelRegularizer.l1 || layer.kernelRegularizer.l2) hasReg = 1;
        width = layer.units;
      } else {
        this.word(base + LAYER.KIND, KIND_DROPOUT);
        this.word(base + LAYER.OUT, width);
        this.wordF(base + LAYER.RATE, layer.rate);
      }
    });
    this.word(NET.HAS_REG, hasReg);
  }

  /**
   * Draws every kernel and bias from the model's generator, layer by layer; an initializer with
   * a seed of its own draws from a generator seeded with it instead (Keras' per-initializer seed).
   */
  private initialiseWeights(): void {
    const core = this.rt.core;
    const own = this.rt.mem.alloc(16, 'an initializer generator');
    try {
      const fill = (at: number, count: number, init: ResolvedInitializer, fanIn: number, fanOut: number) => {
        let rng = this.rng;
        if (init.seed !== undefined) { core.rngSeed(own, init.seed >>> 0); rng = own; }
        core.initFill(at, count, init.code, fanIn, fanOut, init.p1, init.p2, rng);
      };
      for (const s of this.slots) {
        const layer = this.layers[s.layer] as Dense;
        const [fanIn, fanOut] = s.kernelShape;
        fill(this.params + s.kernelOffset * 4, fanIn * fanOut, layer.kernelInitializer, fanIn, fanOut);
        if (s.biasOffset >= 0) fill(this.params + s.biasOffset * 4, layer.units, layer.biasInitializer, fanIn, fanOut);
      }
    } finally {
      this.rt.mem.free(own);
    }
  }

  /** Sets the loss and optimizer; resets the optimizer's state (as recompiling does in Keras). */
  configure(lossCode: number, labelWidth: number, opt: CoreOptimizerParams): void {
    this.assertLive();
    this.word(NET.LOSS, lossCode);
    this.word(NET.LABEL_W, labelWidth);
    this.word(NET.OPT, opt.code);
    this.wordF(NET.LR, opt.learningRate);
    this.wordF(NET.OPT_A, opt.a);
    this.wordF(NET.OPT_B, opt.b);
    this.wordF(NET.OPT_EPS, opt.epsilon);
    this.wordF(NET.OPT_WD, opt.weightDecay);
    this.word(NET.OPT_FLAGS, opt.flags);
    this.word(NET.OPT_T, 0);
    const mem = this.rt.mem;
    for (const p of this.optState) if (p) mem.free(p);
    this.optState = [0, 0];
    this.optState[0] = mem.alloc(this.paddedCount * 4, 'optimizer state');
    this.optState[1] = mem.alloc(this.paddedCount * 4, 'optimizer state');
    if (opt.code === 4) mem.f32(this.optState[0], this.paddedCount).fill(opt.a); // adagrad's initial accumulator
    this.word(NET.OPT_S1, this.optState[0]);
    this.word(NET.OPT_S2, this.optState[1]);
    this.batchCap = 0; // label width may have changed: re-size batch buffers on next use
  }

  /** Makes the per-batch buffers hold at least `rows` rows. */
  ensureBatchCapacity(rows: number): void {
    this.assertLive();
    if (rows <= this.batchCap) return;
    const mem = this.rt.mem;
    for (const p of this.batchBuffers) mem.free(p);
    this.batchBuffers = [];
    this.batchCap = 0; // until every buffer is re-taken: a failed allocation must not leave freed buffers in use
    const take = (floats: number, what: string) => {
      const p = mem.alloc(floats * 4, what);
      this.batchBuffers.push(p);
      return p;
    };
    const labelWidth = Math.max(1, this.readWord(NET.LABEL_W));
    this.word(NET.BATCH_CAP, rows);
    this.word(NET.XB, take(rows * this.inDim, 'batch inputs'));
    this.word(NET.YB, take(rows * Math.max(labelWidth, this.outDim), 'batch labels'));
    this.word(NET.WB, take(rows, 'batch weights'));
    this.word(NET.GRAD_A, take(rows * this.maxDim, 'gradients'));
    this.word(NET.GRAD_B, take(rows * this.maxDim, 'gradients'));
    let width = this.inDim;
    this.layers.forEach((layer, i) => {
      const base = HEADER_WORDS + i * LAYER_WORDS;
      const out = layer instanceof Dense ? layer.units : width;
      if (layer instanceof Dense) this.word(base + LAYER.Z, take(rows * out, 'pre-activations'));
      else this.word(base + LAYER.MASK, take(rows * out, 'dropout mask'));
      this.word(base + LAYER.A, take(rows * out, 'activations'));
      width = out;
    });
    this.batchCap = rows;
  }

  ensurePermCapacity(n: number): void {
    if (n <= this.permCap) return;
    if (this.perm) this.rt.mem.free(this.perm);
    this.perm = this.rt.mem.alloc(n * 4, 'the epoch order');
    this.permCap = n;
    this.word(NET.PERM, this.perm);
    this.word(NET.PERM_CAP, n);
  }

  private readWord(index: number): number {
    return this.rt.mem.i32(this.desc, HEADER_WORDS)[index];
  }

  /** A copy of the flat parameters (unpadded). */
  getParams(): Float32Array {
    this.assertLive();
    return this.rt.mem.f32(this.params, this.paramCount).slice();
  }

  setParams(values: Float32Array): void {
    this.assertLive();
    if (values.length !== this.paramCount) {
      throw new WasmlpError('WEIGHTS_MISMATCH', `Expected ${this.paramCount} parameter values for this architecture, received ${values.length}.`);
    }
    this.rt.mem.f32(this.params, this.paramCount).set(values);
  }

  /** A copy of the gradients of the last step (unpadded), for gradient checks. */
  getGrads(): Float32Array {
    this.assertLive();
    return this.rt.mem.f32(this.grads, this.paramCount).slice();
  }

  setGrads(values: Float32Array): void {
    this.assertLive();
    this.rt.mem.f32(this.grads, this.paramCount).set(values);
  }

  /** A copy of optimizer state buffer 0 or 1 (velocity / moments / accumulator). */
  getOptimizerState(which: 0 | 1): Float32Array {
    this.assertLive();
    return this.rt.mem.f32(this.optState[which], this.paramCount).slice();
  }

  setOptimizerState(which: 0 | 1, values: Float32Array): void {
    this.assertLive();
    if (values.length !== this.paramCount) {
      throw new WasmlpError('WEIGHTS_MISMATCH', `Expected ${this.paramCount} optimizer state values for this architecture, received ${values.length}.`);
    }
    this.rt.mem.f32(this.optState[which], this.paramCount).set(values);
  }

  /**
   * A live view (no copy) of the parameters (part 0) or optimizer state buffer 0 / 1 (parts 1, 2),
   * for streamed saving and loading of models too large to copy. Valid only until the next
   * allocation or await: growing memory detaches it, so take a fresh one for every chunk.
   */
  liveView(part: 0 | 1 | 2): Float32Array {
    this.assertLive();
    return this.rt.mem.f32(part === 0 ? this.params : this.optState[part - 1], this.paramCount);
  }

  /** Sets the optimizer's step count (Adam's bias correction and schedules read it). */
  setOptimizerSteps(steps: number): void {
    this.assertLive();
    this.word(NET.OPT_T, steps);
  }

  /** The generator's 16-byte state, for snapshots that must resume identically. */
  getRngState(): Uint32Array {
    return new Uint32Array(this.rt.mem.memory.buffer, this.rng, 4).slice();
  }

  setRngState(state: Uint32Array): void {
    new Uint32Array(this.rt.mem.memory.buffer, this.rng, 4).set(state);
  }

  /** The learning rate the next optimizer step uses (float32 in the descriptor). */
  get learningRate(): number {
    return new Float32Array(this.rt.mem.memory.buffer, this.desc, HEADER_WORDS)[NET.LR];
  }

  setLearningRate(lr: number): void {
    this.assertLive();
    this.wordF(NET.LR, lr);
  }

  get optimizerSteps(): number {
    return this.readWord(NET.OPT_T);
  }

  get runtime(): Runtime {
    return this.rt;
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  assertLive(): void {
    if (this.disposed) throw new WasmlpError('DISPOSED', 'This model was disposed; its WebAssembly memory is released. Build or load a new model.');
  }

  dispose(): void {
    if (this.disposed) return;
    const mem = this.rt.mem;
    for (const p of [...this.batchBuffers, ...this.optState, this.perm, this.params, this.grads, this.rng, this.desc]) if (p) mem.free(p);
    this.batchBuffers = [];
    this.disposed = true;
  }
}
