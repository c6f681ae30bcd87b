import type { Callback, Logs } from './callback.js';

/** What fit returns: per-epoch logs under each name ('loss', 'binaryAccuracy', 'val_loss', ...). */
export class History implements Callback {
  readonly epoch: number[] = [];
  readonly history: Record<string, number[]> = {};
  params: Record<string, unknown> = {};

  onEpochEnd(epoch: number, logs: Logs): void {
    this.epoch.push(epoch);
    for (const [key, value] of Object.entries(logs)) (this.history[key] ??= []).push(value);
  }
}
