import { WasmlpError, describe } from '../errors.js';
import { normaliseOptions } from '../options.js';
import type { Callback, CallbackModel, Logs } from './callback.js';
import { checkMode, lowerIsBetter, resolveMonitor } from './monitor.js';

/** Options of the ModelCheckpoint callback: the file, the monitored value and whether to keep only the best. */
export interface ModelCheckpointOptions {
  /** File path; '{epoch}' is replaced by the 1-based epoch number (Keras' {epoch:02d} style, unpadded). */
  path: string;
  /** Default 'val_loss'. */
  monitor?: string;
  /** Save only when the monitor improves; default false (every epoch). */
  saveBestOnly?: boolean;
  mode?: 'auto' | 'min' | 'max';
}

interface SavableModel extends CallbackModel {
  save(path: string): Promise<void>;
}

/**
 * Keras' ModelCheckpoint: saves the model (weights, compile settings and optimizer state, so
 * training can resume) after each epoch, or only when the monitored value improves.
 */
export class ModelCheckpoint implements Callback {
  readonly path: string;
  readonly monitor: string;
  readonly saveBestOnly: boolean;
  readonly mode: 'auto' | 'min' | 'max';
  /** Paths written, in order. */
  readonly saved: string[] = [];
  best = NaN;
  private model: CallbackModel | null = null;

  constructor(options: ModelCheckpointOptions) {
    const o = normaliseOptions<ModelCheckpointOptions>('ModelCheckpoint', options, ['path', 'monitor', 'saveBestOnly', 'mode']);
    if (typeof o.path !== 'string' || o.path === '') {
      throw new WasmlpError('BAD_OPTION', `ModelCheckpoint needs a 'path' such as 'checkpoints/model-{epoch}.json'; received ${describe(o.path)}.`, { option: 'path' });
    }
    this.path = o.path;
    this.monitor = o.monitor ?? 'val_loss';
    this.saveBestOnly = o.saveBestOnly ?? false;
    this.mode = checkMode(o.mode ?? 'auto', 'ModelCheckpoint');
  }

  setModel(model: CallbackModel): void { this.model = model; }

  onTrainBegin(): void { this.best = NaN; }

  async onEpochEnd(epoch: number, logs: Logs): Promise<void> {
    const model = this.model as SavableModel | null;
    if (!model || typeof model.save !== 'function') {
      throw new WasmlpError('BAD_OPTION', 'ModelCheckpoint needs a model with save(path) (a Sequential in fit).', { option: 'callbacks' });
    }
    if (this.saveBestOnly) {
      const name = resolveMonitor(this.monitor, logs, 'ModelCheckpoint');
      const value = logs[name];
      const lower = lowerIsBetter(name, this.mode);
      if (!Number.isNaN(this.best) && !(lower ? value < this.best : value > this.best)) return;
      this.best = value;
    }
    const path = this.path.replace(/\{epoch\}/g, String(epoch + 1));
    await model.save(path);
    this.saved.push(path);
  }
}
