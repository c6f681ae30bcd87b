import type { WithSnakeCase } from '../names.js';
import { WasmlpError } from '../errors.js';
import type { Callback, CallbackModel, Logs } from './callback.js';
import { checkMode, lowerIsBetter, resolveMonitor } from './monitor.js';
import { normaliseOptions } from '../options.js';

/** Options of EarlyStopping (Keras names): the monitored value, patience, minDelta, mode and restoreBestWeights. */
export interface EarlyStoppingOptions {
  /** Log to watch; default 'val_loss'. 'val_accuracy' / 'accuracy' resolve to the model's accuracy name. */
  monitor?: string;
  /** Smallest change that counts as an improvement; default 0. */
  minDelta?: number;
  /** Epochs without improvement before stopping; default 0. */
  patience?: number;
  /** 'auto' (default: losses and errors go down, everything else up), 'min' or 'max'. */
  mode?: 'auto' | 'min' | 'max';
  /** Put back the weights of the best epoch when stopping (or at the end); default false. */
  restoreBestWeights?: boolean;
  /** Value the monitor must beat before patience counts; default none. */
  baseline?: number;
}

/** Stops training when the monitored value stops improving (Keras' EarlyStopping). */
export class EarlyStopping implements Callback {
  readonly monitor: string;
  readonly minDelta: number;
  readonly patience: number;
  readonly mode: 'auto' | 'min' | 'max';
  readonly restoreBestWeights: boolean;
  readonly baseline: number | undefined;
  /** Epoch at which training stopped (0 when it ran to the end). */
  stoppedEpoch = 0;
  bestEpoch = 0;
  best = NaN;
  private wait = 0;
  private model: CallbackModel | null = null;
  private bestWeights: Float32Array | null = null;
  private resolvedMonitor: string | null = null;

  constructor(given: WithSnakeCase<EarlyStoppingOptions> = {}) {
    const options = normaliseOptions<EarlyStoppingOptions>('EarlyStopping', given, ['monitor', 'minDelta', 'patience', 'mode', 'restoreBestWeights', 'baseline']);
    this.monitor = options.monitor ?? 'val_loss';
    this.minDelta = Math.abs(options.minDelta ?? 0);
    this.patience = options.patience ?? 0;
    this.mode = options.mode ?? 'auto';
    this.restoreBestWeights = options.restoreBestWeights ?? false;
    this.baseline = options.baseline;
    if (!Number.isInteger(this.patience) || this.patience < 0) {
      throw new WasmlpError('BAD_OPTION', `EarlyStopping: 'patience' must be an integer >= 0, received ${options.patience}.`, { option: 'patience' });
    }
    checkMode(this.mode, 'EarlyStopping');
  }

  setModel(model: CallbackModel): void {
    this.model = model;
  }

  onTrainBegin(): void {
    this.wait = 0;
    this.stoppedEpoch = 0;
    this.best = NaN;
    this.bestWeights = null;
    this.resolvedMonitor = null;
  }

  /** 'accuracy' in the monitor name means whichever accuracy the model reports (src/callbacks/monitor.ts). */
  private resolve(logs: Logs): string {
    return (this.resolvedMonitor ??= resolveMonitor(this.monitor, logs, 'EarlyStopping'));
  }

  onEpochEnd(epoch: number, logs: Logs): void {
    const name = this.resolve(logs);
    const value = logs[name];
    const lower = lowerIsBetter(name, this.mode);
    const improved = Number.isNaN(this.best)
      ? this.baseline === undefined || (lower ? value < this.baseline : value > this.baseline)
      : lower ? value < this.best - this.minDelta : value > this.best + this.minDelta;
    if (improved) {
      this.best = value;
      this.bestEpoch = epoch;
      this.wait = 0;
      if (this.restoreBestWeights && this.model) this.bestWeights = this.model.getWeightsSnapshot();
      return;
    }
    this.wait++;
    if (this.wait > this.patience && this.model) {
      this.stoppedEpoch = epoch;
      this.model.stopTraining = true;
    }
  }

  onTrainEnd(): void {
    if (this.restoreBestWeights && this.bestWeights && this.model) this.model.setWeightsSnapshot(this.bestWeights);
  }
}
