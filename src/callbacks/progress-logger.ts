import type { Callback, Logs } from './callback.js';
import { normaliseOptions } from '../options.js';

/** Options of ProgressLogger: where lines go and how often. */
export interface ProgressLoggerOptions {
  /** Print every N epochs (and the last one); default 10. */
  every?: number;
  /** Where lines go; default console.log. */
  print?: (line: string) => void;
}

/** Prints "epoch 10/100 - loss: 0.4321 - binaryAccuracy: 0.8500 - val_loss: ..." every N epochs. */
export class ProgressLogger implements Callback {
  private readonly every: number;
  private readonly print: (line: string) => void;
  private epochs = 0;

  constructor(given: ProgressLoggerOptions = {}) {
    const options = normaliseOptions<ProgressLoggerOptions>('ProgressLogger', given, ['every', 'print']);
    this.every = Math.max(1, Math.floor(options.every ?? 10));
    this.print = options.print ?? ((line) => console.log(line));
  }

  setEpochs(epochs: number): void {
    this.epochs = epochs;
  }

  onEpochEnd(epoch: number, logs: Logs): void {
    const n = epoch + 1;
    if (n % this.every !== 0 && n !== this.epochs) return;
    const parts = Object.entries(logs).map(([k, v]) => `${k}: ${v.toFixed(4)}`);
    this.print(`epoch ${n}${this.epochs ? `/${this.epochs}` : ''} - ${parts.join(' - ')}`);
  }
}
