/** Logs passed to callbacks: loss, metrics and their val_ twins for the epoch or batch. */
export type Logs = Record<string, number>;

/** The model surface callbacks may use (stop training, snapshot and restore weights). */
export interface CallbackModel {
  stopTraining: boolean;
  getWeightsSnapshot(): Float32Array;
  setWeightsSnapshot(snapshot: Float32Array): void;
}

/**
 * TensorFlow.js-style hooks; every method is optional and may return a promise (fit awaits it).
 * Epoch and batch numbers are 0-based.
 */
export interface Callback {
  setModel?(model: CallbackModel): void;
  onTrainBegin?(logs?: Logs): void | Promise<void>;
  onTrainEnd?(logs?: Logs): void | Promise<void>;
  onEpochBegin?(epoch: number, logs?: Logs): void | Promise<void>;
  onEpochEnd?(epoch: number, logs: Logs): void | Promise<void>;
  onBatchBegin?(batch: number, logs?: Logs): void | Promise<void>;
  onBatchEnd?(batch: number, logs: Logs): void | Promise<void>;
}

/** Calls each hook of several callbacks in order. */
export class CallbackList {
  constructor(readonly callbacks: Callback[]) {}

  get wantsBatches(): boolean {
    return this.callbacks.some((c) => typeof c.onBatchBegin === 'function' || typeof c.onBatchEnd === 'function');
  }

  setModel(model: CallbackModel): void {
    for (const c of this.callbacks) c.setModel?.(model);
  }

  async trainBegin(logs?: Logs): Promise<void> { for (const c of this.callbacks) await c.onTrainBegin?.(logs); }
  async trainEnd(logs?: Logs): Promise<void> { for (const c of this.callbacks) await c.onTrainEnd?.(logs); }
  async epochBegin(epoch: number): Promise<void> { for (const c of this.callbacks) await c.onEpochBegin?.(epoch, {}); }
  async epochEnd(epoch: number, logs: Logs): Promise<void> { for (const c of this.callbacks) await c.onEpochEnd?.(epoch, logs); }
  async batchBegin(batch: number): Promise<void> { for (const c of this.callbacks) await c.onBatchBegin?.(batch, {}); }
  async batchEnd(batch: number, logs: Logs): Promise<void> { for (const c of this.callbacks) await c.onBatchEnd?.(batch, logs); }
}
