import { WasmlpError } from '../errors.js';
import { ACTIVATION_CODES } from '../activations.js';
import { Dense } from '../layers/dense.js';
import { BatchNormalization } from '../layers/batch-normalization.js';
import type { Layer } from '../layers/dropout.js';
import type { CoreOptimizerParams } from '../optimizers/optimizer.js';
import type { ResolvedInitializer } from '../initializers.js';
import type { Runtime } from '../runtime/wasm.js';
import {
  HEADER_WORDS, KIND_BATCH_NORM, KIND_DENSE, KIND_DROPOUT, LAYER_WORDS, L_A, L_ACT, L_ALPHA, L_B, L_EPS, L_GB, L_GW, L_IN, L_KIND,
  L_L1, L_L2, L_MASK, L_MEAN, L_MOMENTUM, L_OUT, L_RATE, L_VAR, L_W, L_Z, NET_BATCH_CAP, NET_GRADS, NET_GRAD_A, NET_GRAD_B, NET_HAS_REG,
  NET_IN_DIM, NET_LABEL_W, NET_LAYERS, NET_LOSS, NET_LR, NET_OPT, NET_OPT_A, NET_OPT_B, NET_OPT_EPS,
  NET_OPT_FLAGS, NET_OPT_S1, NET_OPT_S2, NET_OPT_T, NET_OPT_WD, NET_OUT_DIM, NET_PARAMS, NET_PARAM_COUNT,
  NET_PERM, NET_PERM_CAP, NET_RNG, NET_WB, NET_XB, NET_YB,
} from '../core-abi.js';
import { formatBytes } from '../runtime/memory.js';
import { firstNonFinite } from '../float-bits.js';

/** Where one dense layer's parameters sit in the flat buffer (offsets in floats). */
export interface ParamSlot {
  layer: number;
  kernelOffset: number;
  kernelShape: [number, number];
  biasOffset: number; // -1 without bias
}

/** Where one BatchNormalization layer's weights sit in the flat parameters (offsets in floats, -1 when absent). */
export interface NormSlot {
  layer: number;
  width: number;
  gammaOffset: number;
  betaOffset: number;
  meanOffset: number;
  varianceOffset: number;
}

/** One weight tensor in Keras' get_weights order: its layer, name suffix, shape and flat offset. */
export interface WeightSlot {
  layer: number;
  suffix: 'kernel' | 'bias' | 'gamma' | 'beta' | 'moving_mean' | 'moving_variance';
  shape: number[];
  offset: number;
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
  readonly normSlots: NormSlot[] = [];
  /** Every weight tensor, layer by layer in Keras' order (kernel, bias; gamma, beta, moving mean, moving variance). */
  readonly weightSlots: WeightSlot[] = [];
  /**
   * Values in the flat parameter array (getParams): the trainable ones first, then the
   * non-trainable moving statistics. In memory the latter start after the padded trainable
   * part, beyond the optimizer's reach (it updates paddedCount floats).
   */
  readonly paramCount: number;
  /** Trainable values (what the gradients and optimizer state hold). */
  readonly trainableCount: number;
  readonly paddedCount: number;
  /** Floats reserved for the parameters: paddedCount + the moving statistics. */
  readonly storedCount: number;
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
    let fixed = 0; // offset among the non-trainable values
    layers.forEach((layer, i) => {
      if (layer instanceof Dense) {
        const slot: ParamSlot = { layer: i, kernelOffset: offset, kernelShape: [width, layer.units], biasOffset: -1 };
        this.weightSlots.push({ layer: i, suffix: 'kernel', shape: [width, layer.units], offset });
        offset += width * layer.units;
        if (layer.useBias) {
          slot.biasOffset = offset;
          this.weightSlots.push({ layer: i, suffix: 'bias', shape: [layer.units], offset });
          offset += layer.units;
        }
        this.slots.push(slot);
        width = layer.units;
        maxDim = Math.max(maxDim, width);
      } else if (layer instanceof BatchNormalization) {
        const slot: NormSlot = { layer: i, width, gammaOffset: -1, betaOffset: -1, meanOffset: -1, varianceOffset: -1 };
        if (layer.scale) { slot.gammaOffset = offset; this.weightSlots.push({ layer: i, suffix: 'gamma', shape: [width], offset }); offset += width; }
        if (layer.center) { slot.betaOffset = offset; this.weightSlots.push({ layer: i, suffix: 'beta', shape: [width], offset }); offset += width; }
        // The moving statistics follow every trainable value: placed once the total is known.
        slot.meanOffset = fixed; fixed += width;
        slot.varianceOffset = fixed; fixed += width;
        this.normSlots.push(slot);
      }
    });
    this.trainableCount = offset;
    for (const n of this.normSlots) {
      n.meanOffset += offset;
      n.varianceOffset += offset;
      // Keras' order within the layer: gamma, beta, then the moving statistics.
      const at = this.weightSlots.findIndex((w) => w.layer > n.layer);
      const stats: WeightSlot[] = [
        { layer: n.layer, suffix: 'moving_mean', shape: [n.width], offset: n.meanOffset },
        { layer: n.layer, suffix: 'moving_variance', shape: [n.width], offset: n.varianceOffset },
      ];
      this.weightSlots.splice(at < 0 ? this.weightSlots.length : at, 0, ...stats);
    }
    this.outDim = width;
    this.maxDim = maxDim;
    const nonTrainable = fixed;
    this.paramCount = offset + nonTrainable;
    if (this.paramCount > MAX_PARAMS) {
      throw new WasmlpError('MODEL_TOO_LARGE', `The model has ${this.paramCount} parameters (${formatBytes(this.paramCount * 4)} of weights, about 4x that to train); wasmlp supports at most ${MAX_PARAMS}. Use fewer or narrower layers.`);
    }
    this.paddedCount = Math.ceil(offset / 4) * 4;
    this.storedCount = this.paddedCount + nonTrainable;
    const mem = rt.mem;
    const taken: number[] = [];
    const take = (bytes: number, what: string) => { const p = mem.alloc(bytes, what); taken.push(p); return p; };
    try {
      this.desc = take((HEADER_WORDS + layers.length * LAYER_WORDS) * 4, 'the network descriptor');
      this.params = take(this.storedCount * 4, 'parameters');
      this.grads = take(this.paddedCount * 4, 'gradients');
      this.rng = take(16, 'the random generator');
      rt.core.rng_seed(this.rng, seed >>> 0);
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
    this.word(NET_LAYERS, this.layers.length);
    this.word(NET_PARAMS, this.params);
    this.word(NET_PARAM_COUNT, this.paddedCount);
    this.word(NET_GRADS, this.grads);
    this.word(NET_RNG, this.rng);
    this.word(NET_IN_DIM, this.inDim);
    this.word(NET_OUT_DIM, this.outDim);
    let width = this.inDim, slot = 0, hasReg = 0;
    this.layers.forEach((layer, i) => {
      const base = HEADER_WORDS + i * LAYER_WORDS;
      this.word(base + L_IN, width);
      if (layer instanceof Dense) {
        const s = this.slots[slot++];
        this.word(base + L_KIND, KIND_DENSE);
        this.word(base + L_OUT, layer.units);
        this.word(base + L_ACT, ACTIVATION_CODES[layer.activation]);
        this.word(base + L_W, this.params + s.kernelOffset * 4);
        this.word(base + L_B, s.biasOffset < 0 ? 0 : this.params + s.biasOffset * 4);
        this.word(base + L_GW, this.grads + s.kernelOffset * 4);
        this.word(base + L_GB, s.biasOffset < 0 ? 0 : this.grads + s.biasOffset * 4);
        this.wordF(base + L_ALPHA, layer.alpha);
        this.wordF(base + L_L1, layer.kernelRegularizer.l1);
        this.wordF(base + L_L2, layer.kernelRegularizer.l2);
        if (layer.kernelRegularizer.l1 || layer.kernelRegularizer.l2) hasReg = 1;
        width = layer.units;
      } else if (layer instanceof BatchNormalization) {
        const n = this.normSlots.find((s) => s.layer === i)!;
        this.word(base + L_KIND, KIND_BATCH_NORM);
        this.word(base + L_OUT, width);
        this.word(base + L_ACT, ACTIVATION_CODES.linear);
        this.word(base + L_W, n.gammaOffset < 0 ? 0 : this.params + n.gammaOffset * 4);
        this.word(base + L_B, n.betaOffset < 0 ? 0 : this.params + n.betaOffset * 4);
        this.word(base + L_GW, n.gammaOffset < 0 ? 0 : this.grads + n.gammaOffset * 4);
        this.word(base + L_GB, n.betaOffset < 0 ? 0 : this.grads + n.betaOffset * 4);
        this.word(base + L_MEAN, this.params + this.storedIndex(n.meanOffset) * 4);
        this.word(base + L_VAR, this.params + this.storedIndex(n.varianceOffset) * 4);
        this.wordF(base + L_EPS, layer.epsilon);
        this.wordF(base + L_MOMENTUM, layer.momentum);
      } else {
        this.word(base + L_KIND, KIND_DROPOUT);
        this.word(base + L_OUT, width);
        this.wordF(base + L_RATE, layer.rate);
      }
    });
    this.word(NET_HAS_REG, hasReg);
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
        if (init.seed !== undefined) { core.rng_seed(own, init.seed >>> 0); rng = own; }
        core.f32_init_fill__scalar(at, count, init.code, fanIn, fanOut, init.p1, init.p2, rng);
      };
      for (const s of this.slots) {
        const layer = this.layers[s.layer] as Dense;
        const [fanIn, fanOut] = s.kernelShape;
        fill(this.params + s.kernelOffset * 4, fanIn * fanOut, layer.kernelInitializer, fanIn, fanOut);
        if (s.biasOffset >= 0) fill(this.params + s.biasOffset * 4, layer.units, layer.biasInitializer, fanIn, fanOut);
      }
      for (const n of this.normSlots) {
        const layer = this.layers[n.layer] as BatchNormalization;
        // Keras' order: gamma, beta, moving mean, moving variance (fan in = fan out = width for a vector).
        if (n.gammaOffset >= 0) fill(this.params + n.gammaOffset * 4, n.width, layer.gammaInitializer, n.width, n.width);
        if (n.betaOffset >= 0) fill(this.params + n.betaOffset * 4, n.width, layer.betaInitializer, n.width, n.width);
        fill(this.params + this.storedIndex(n.meanOffset) * 4, n.width, layer.movingMeanInitializer, n.width, n.width);
        fill(this.params + this.storedIndex(n.varianceOffset) * 4, n.width, layer.movingVarianceInitializer, n.width, n.width);
      }
    } finally {
      this.rt.mem.free(own);
    }
  }

  /** Sets the loss and optimizer; resets the optimizer's state (as recompiling does in Keras). */
  configure(lossCode: number, labelWidth: number, opt: CoreOptimizerParams): void {
    this.assertLive();
    this.word(NET_LOSS, lossCode);
    this.word(NET_LABEL_W, labelWidth);
    this.word(NET_OPT, opt.code);
    this.wordF(NET_LR, opt.learningRate);
    this.wordF(NET_OPT_A, opt.a);
    this.wordF(NET_OPT_B, opt.b);
    this.wordF(NET_OPT_EPS, opt.epsilon);
    this.wordF(NET_OPT_WD, opt.weightDecay);
    this.word(NET_OPT_FLAGS, opt.flags);
    this.word(NET_OPT_T, 0);
    const mem = this.rt.mem;
    for (const p of this.optState) if (p) mem.free(p);
    this.optState = [0, 0];
    this.optState[0] = mem.alloc(this.paddedCount * 4, 'optimizer state');
    this.optState[1] = mem.alloc(this.paddedCount * 4, 'optimizer state');
    if (opt.code === 4) mem.f32(this.optState[0], this.paddedCount).fill(opt.a); // adagrad's initial accumulator
    this.word(NET_OPT_S1, this.optState[0]);
    this.word(NET_OPT_S2, this.optState[1]);
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
    const labelWidth = Math.max(1, this.readWord(NET_LABEL_W));
    this.word(NET_BATCH_CAP, rows);
    this.word(NET_XB, take(rows * this.inDim, 'batch inputs'));
    this.word(NET_YB, take(rows * Math.max(labelWidth, this.outDim), 'batch labels'));
    this.word(NET_WB, take(rows, 'batch weights'));
    this.word(NET_GRAD_A, take(rows * this.maxDim, 'gradients'));
    this.word(NET_GRAD_B, take(rows * this.maxDim, 'gradients'));
    let width = this.inDim;
    this.layers.forEach((layer, i) => {
      const base = HEADER_WORDS + i * LAYER_WORDS;
      const out = layer instanceof Dense ? layer.units : width;
      if (layer instanceof Dense) this.word(base + L_Z, take(rows * out, 'pre-activations'));
      else if (layer instanceof BatchNormalization) {
        this.word(base + L_Z, take(rows * out, 'normalised inputs'));
        this.word(base + L_MASK, take(out, 'batch statistics'));
      } else this.word(base + L_MASK, take(rows * out, 'dropout mask'));
      this.word(base + L_A, take(rows * out, 'activations'));
      width = out;
    });
    this.batchCap = rows;
  }

  ensurePermCapacity(n: number): void {
    if (n <= this.permCap) return;
    if (this.perm) this.rt.mem.free(this.perm);
    this.perm = this.rt.mem.alloc(n * 4, 'the epoch order');
    this.permCap = n;
    this.word(NET_PERM, this.perm);
    this.word(NET_PERM_CAP, n);
  }

  private readWord(index: number): number {
    return this.rt.mem.i32(this.desc, HEADER_WORDS)[index];
  }

  /** Where flat parameter `index` sits in memory (in floats from `params`): non-trainable values follow the padding. */
  storedIndex(index: number): number {
    return index < this.trainableCount ? index : index + this.paddedCount - this.trainableCount;
  }

  /** A copy of the flat parameters (unpadded): trainable values, then moving statistics. */
  getParams(): Float32Array {
    this.assertLive();
    const t = this.trainableCount;
    const out = new Float32Array(this.paramCount);
    out.set(this.rt.mem.f32(this.params, t));
    if (this.paramCount > t) out.set(this.rt.mem.f32(this.params + this.paddedCount * 4, this.paramCount - t), t);
    return out;
  }

  setParams(values: Float32Array): void {
    this.assertLive();
    if (values.length !== this.paramCount) {
      throw new WasmlpError('WEIGHTS_MISMATCH', `Expected ${this.paramCount} parameter values for this architecture, received ${values.length}.`);
    }
    const t = this.trainableCount;
    this.rt.mem.f32(this.params, t).set(values.subarray(0, t));
    if (this.paramCount > t) this.rt.mem.f32(this.params + this.paddedCount * 4, this.paramCount - t).set(values.subarray(t));
  }

  /** True when every parameter, trainable or moving statistic, is finite (divergence check). */
  paramsFinite(): boolean {
    const t = this.trainableCount;
    return allFinite(this.rt.mem.f32(this.params, t)) && allFinite(this.rt.mem.f32(this.params + this.paddedCount * 4, this.paramCount - t));
  }

  /** Copies the parameter memory (storedCount floats) to `to`, or back from `from`: epoch snapshots without allocation. */
  copyParamsTo(to: number): void {
    new Uint8Array(this.rt.mem.memory.buffer).copyWithin(to, this.params, this.params + this.storedCount * 4);
  }

  restoreParamsFrom(from: number): void {
    this.assertLive();
    new Uint8Array(this.rt.mem.memory.buffer).copyWithin(this.params, from, from + this.storedCount * 4);
  }

  /** A copy of the gradients of the last step (trainable values), for gradient checks. */
  getGrads(): Float32Array {
    this.assertLive();
    return this.rt.mem.f32(this.grads, this.trainableCount).slice();
  }

  setGrads(values: Float32Array): void {
    this.assertLive();
    this.rt.mem.f32(this.grads, this.trainableCount).set(values);
  }

  /** A copy of optimizer state buffer 0 or 1 (velocity / moments / accumulator; trainable values). */
  getOptimizerState(which: 0 | 1): Float32Array {
    this.assertLive();
    return this.rt.mem.f32(this.optState[which], this.trainableCount).slice();
  }

  setOptimizerState(which: 0 | 1, values: Float32Array): void {
    this.assertLive();
    if (values.length !== this.trainableCount) {
      throw new WasmlpError('WEIGHTS_MISMATCH', `Expected ${this.trainableCount} optimizer state values for this architecture, received ${values.length}.`);
    }
    this.rt.mem.f32(this.optState[which], this.trainableCount).set(values);
  }

  /**
   * The stored values as live views (no copy), in the weights file's order: the trainable
   * parameters, the moving statistics (when there are any), then with `withState` optimizer state
   * buffers 0 and 1 (trainable values), for streamed saving and loading of models too large to copy.
   * A view is valid only until the next allocation or await: growing memory detaches it, so take a
   * fresh one for every chunk.
   */
  liveSegments(withState: boolean): { count: number; view(): Float32Array }[] {
    this.assertLive();
    const t = this.trainableCount, rest = this.paramCount - t;
    const at = (ptr: () => number, count: number) => ({ count, view: () => { this.assertLive(); return this.rt.mem.f32(ptr(), count); } });
    const segments = [at(() => this.params, t)];
    if (rest > 0) segments.push(at(() => this.params + this.paddedCount * 4, rest));
    if (withState) segments.push(at(() => this.optState[0], t), at(() => this.optState[1], t));
    return segments;
  }

  /** Sets the optimizer's step count (Adam's bias correction and schedules read it). */
  setOptimizerSteps(steps: number): void {
    this.assertLive();
    this.word(NET_OPT_T, steps);
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
    return new Float32Array(this.rt.mem.memory.buffer, this.desc, HEADER_WORDS)[NET_LR];
  }

  setLearningRate(lr: number): void {
    this.assertLive();
    this.wordF(NET_LR, lr);
  }

  get optimizerSteps(): number {
    return this.readWord(NET_OPT_T);
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


function allFinite(values: Float32Array): boolean {
  return firstNonFinite(values) < 0;
}
