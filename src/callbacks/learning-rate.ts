import { WasmlpError, describe } from '../errors.js';
import { normaliseOptions } from '../options.js';
import type { Callback, CallbackModel, Logs } from './callback.js';
import { checkMode, lowerIsBetter, resolveMonitor } from './monitor.js';

/** The model surface the learning-rate callbacks need (Sequential has it). */
interface RateModel extends CallbackModel {
  learningRate: number;
}

function rateModel(model: CallbackModel | null, who: string): RateModel {
  if (!model || typeof (model as Partial<RateModel>).learningRate !== 'number') {
    throw new WasmlpError('BAD_OPTION', `${who} needs a model whose learning rate it can set (a Sequential in fit).`, { option: 'callbacks' });
  }
  return model as RateModel;
}

/** Options of ReduceLROnPlateau (Keras names): monitored value, factor, patience, cooldown and minimum rate. */
export interface ReduceLROnPlateauOptions {
  /** Default 'val_loss'. */
  monitor?: string;
  /** New rate = rate * factor; default 0.1. */
  factor?: number;
  /** Epochs without improvement before reducing; default 10. */
  patience?: number;
  mode?: 'auto' | 'min' | 'max';
  /** Smallest change that counts as an improvement; default 1e-4. */
  minDelta?: number;
  /** Epochs to wait after a reduction before counting again; default 0. */
  cooldown?: number;
  /** The rate never goes below this; default 0. */
  minLr?: number;
}

/** Keras' ReduceLROnPlateau: multiplies the learning rate by `factor` when the monitor stalls. */
export class ReduceLROnPlateau implements Callback {
  readonly monitor: string;
  readonly factor: number;
  readonly patience: number;
  readonly mode: 'auto' | 'min' | 'max';
  readonly minDelta: number;
  readonly cooldown: number;
  readonly minLr: number;
  /** Epochs (0-based) at which the rate was reduced, and the new rate. */
  readonly reductions: { epoch: number; learningRate: number }[] = [];
  private model: CallbackModel | null = null;
  private best = NaN;
  private wait = 0;
  private cooldownLeft = 0;

  constructor(options: ReduceLROnPlateauOptions = {}) {
    const o = normaliseOptions<ReduceLROnPlateauOptions>('ReduceLROnPlateau', options, ['monitor', 'factor', 'patience', 'mode', 'minDelta', 'cooldown', 'minLr']);
    this.monitor = o.monitor ?? 'val_loss';
    this.factor = o.factor ?? 0.1;
    if (typeof this.factor !== 'number' || !(this.factor > 0 && this.factor < 1)) {
      throw new WasmlpError('BAD_OPTION', `ReduceLROnPlateau: 'factor' must be a number in (0, 1), received ${describe(o.factor)}.`, { option: 'factor' });
    }
    this.patience = count(o.patience ?? 10, 'patience');
    this.cooldown = count(o.cooldown ?? 0, 'cooldown');
    this.mode = checkMode(o.mode ?? 'auto', 'ReduceLROnPlateau');
    this.minDelta = Math.abs(o.minDelta ?? 1e-4);
    this.minLr = o.minLr ?? 0;
  }

  setModel(model: CallbackModel): void { this.model = model; }

  onTrainBegin(): void {
    this.best = NaN; this.wait = 0; this.cooldownLeft = 0;
  }

  onEpochEnd(epoch: number, logs: Logs): void {
    const model = rateModel(this.model, 'ReduceLROnPlateau');
    const name = resolveMonitor(this.monitor, logs, 'ReduceLROnPlateau');
    const value = logs[name];
    const lower = lowerIsBetter(name, this.mode);
    if (this.cooldownLeft > 0) { this.cooldownLeft--; this.wait = 0; }
    if (Number.isNaN(this.best) || (lower ? value < this.best - this.minDelta : value > this.best + this.minDelta)) {
      this.best = value;
      this.wait = 0;
      return;
    }
    if (this.cooldownLeft > 0) return;
    this.wait++;
    if (this.wait >= this.patience) {
      const old = model.learningRate;
      const next = Math.max(old * this.factor, this.minLr);
      if (Math.fround(next) < old) {
        model.learningRate = next;
        this.reductions.push({ epoch, learningRate: model.learningRate });
        this.cooldownLeft = this.cooldown;
      }
      this.wait = 0;
    }
  }
}

/** Keras' LearningRateScheduler: schedule(epoch, currentRate) sets the rate at each epoch's start. */
export class LearningRateScheduler implements Callback {
  private model: CallbackModel | null = null;

  constructor(readonly schedule: (epoch: number, learningRate: number) => number) {
    if (typeof schedule !== 'function') {
      throw new WasmlpError('BAD_OPTION', `LearningRateScheduler takes a function (epoch, learningRate) => newRate; received ${describe(schedule)}.`, { option: 'schedule' });
    }
  }

  setModel(model: CallbackModel): void { this.model = model; }

  onEpochBegin(epoch: number): void {
    const model = rateModel(this.model, 'LearningRateScheduler');
    const next = this.schedule(epoch, model.learningRate);
    if (typeof next !== 'number' || !Number.isFinite(next) || next < 0) {
      throw new WasmlpError('BAD_OPTION', `LearningRateScheduler: the schedule returned ${describe(next)} for epoch ${epoch}; it must return a finite rate >= 0.`, { option: 'schedule' });
    }
    model.learningRate = next;
  }
}

function count(v: unknown, option: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
    throw new WasmlpError('BAD_OPTION', `ReduceLROnPlateau: '${option}' must be an integer >= 0, received ${describe(v)}.`, { option });
  }
  return v;
}
