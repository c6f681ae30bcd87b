import type { Callback, CallbackModel, Logs } from './callback.js';

/** Keras' TerminateOnNaN: stops fit after the first batch (or epoch) whose loss is NaN or infinite. */
export class TerminateOnNaN implements Callback {
  /** The batch (or epoch, when no batch logs arrive) at which training was stopped; null if never. */
  stoppedAt: { epoch: number; batch: number | null } | null = null;
  private model: CallbackModel | null = null;
  private epoch = 0;

  setModel(model: CallbackModel): void { this.model = model; }
  onEpochBegin(epoch: number): void { this.epoch = epoch; }

  onBatchEnd(batch: number, logs: Logs): void {
    if (this.model && !Number.isFinite(logs.loss)) {
      this.stoppedAt ??= { epoch: this.epoch, batch };
      this.model.stopTraining = true;
    }
  }

  onEpochEnd(epoch: number, logs: Logs): void {
    if (this.model && !Number.isFinite(logs.loss)) {
      this.stoppedAt ??= { epoch, batch: null };
      this.model.stopTraining = true;
    }
  }
}
