import { WasmlpError, describe } from '../errors.js';
import { nameTable } from '../names.js';
import { normaliseOptions } from '../options.js';
import { EXACT_PI, exactCos, exactPow, exactLog } from './exact-math.js';
import { checkNumber } from './optimizer.js';

/**
 * Learning-rate schedules, given as an optimizer's learningRate (Keras' learning_rate=schedule).
 * fit asks the schedule for the rate before every optimizer step, with the step number the
 * optimizer has taken so far (it is saved with the model, so resumed training continues the
 * schedule). Values come from exact-math.ts and are rounded to float32, so every runtime uses
 * the same bits.
 */
export interface LearningRateSchedule {
  readonly className: string;
  /** The rate for 0-based optimizer step `step`, as the core uses it (float32). */
  at(step: number): number;
  /** The largest rate the schedule reaches (for messages and divergence hints). */
  readonly peak: number;
  getConfig(): Record<string, unknown>;
  toJSON(): { className: string; config: Record<string, unknown> };
}

abstract class Schedule implements LearningRateSchedule {
  abstract readonly className: string;
  abstract readonly peak: number;
  protected abstract value(step: number): number;
  abstract getConfig(): Record<string, unknown>;

  at(step: number): number {
    return Math.fround(this.value(step));
  }

  toJSON(): { className: string; config: Record<string, unknown> } {
    return { className: this.className, config: this.getConfig() };
  }
}

const rate = (v: unknown, where: string) => checkNumber(v, where, { min: 0, exclusiveMin: true });
const nonNegative = (v: unknown, where: string) => checkNumber(v, where, { min: 0 });
function steps(v: unknown, where: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
    throw new WasmlpError('BAD_OPTION', `${where} must be an integer number of optimizer steps >= 1, received ${describe(v)}.`, { option: where });
  }
  return v;
}

export interface ExponentialDecayOptions { initialLearningRate: number; decaySteps: number; decayRate: number; staircase?: boolean }

/** lr0 * decayRate ^ (step / decaySteps), the exponent floored when staircase. */
export class ExponentialDecay extends Schedule {
  readonly className = 'ExponentialDecay';
  readonly initialLearningRate: number;
  readonly decaySteps: number;
  readonly decayRate: number;
  readonly staircase: boolean;
  private readonly logRate: number;

  constructor(options: ExponentialDecayOptions) {
    super();
    const o = normaliseOptions<ExponentialDecayOptions>('ExponentialDecay', options, ['initialLearningRate', 'decaySteps', 'decayRate', 'staircase']);
    this.initialLearningRate = rate(o.initialLearningRate, 'ExponentialDecay.initialLearningRate');
    this.decaySteps = steps(o.decaySteps, 'ExponentialDecay.decaySteps');
    this.decayRate = rate(o.decayRate, 'ExponentialDecay.decayRate');
    this.staircase = o.staircase ?? false;
    this.logRate = exactLog(this.decayRate);
  }

  get peak(): number { return this.decayRate > 1 ? Infinity : this.initialLearningRate; }

  protected value(step: number): number {
    const p = step / this.decaySteps;
    return this.initialLearningRate * (this.staircase ? exactPow(this.decayRate, Math.floor(p)) : exactPow(this.decayRate, p));
  }

  getConfig() { return { initialLearningRate: this.initialLearningRate, decaySteps: this.decaySteps, decayRate: this.decayRate, staircase: this.staircase }; }
}

export interface PiecewiseConstantDecayOptions { boundaries: number[]; values: number[] }

/** values[0] while step <= boundaries[0], values[i] while boundaries[i-1] < step <= boundaries[i], then the last. */
export class PiecewiseConstantDecay extends Schedule {
  readonly className = 'PiecewiseConstantDecay';
  readonly boundaries: number[];
  readonly values: number[];

  constructor(options: PiecewiseConstantDecayOptions) {
    super();
    const o = normaliseOptions<PiecewiseConstantDecayOptions>('PiecewiseConstantDecay', options, ['boundaries', 'values']);
    if (!Array.isArray(o.boundaries) || !Array.isArray(o.values) || o.values.length !== o.boundaries.length + 1) {
      throw new WasmlpError('BAD_OPTION', `PiecewiseConstantDecay needs boundaries (n steps, increasing) and values (n + 1 rates); received ${describe(o.boundaries)} and ${describe(o.values)}.`, { option: 'PiecewiseConstantDecay.values' });
    }
    this.boundaries = o.boundaries.map((b, i) => {
      const v = nonNegative(b, `PiecewiseConstantDecay.boundaries[${i}]`);
      if (i > 0 && v <= o.boundaries![i - 1]) throw new WasmlpError('BAD_OPTION', `PiecewiseConstantDecay.boundaries must increase; ${v} follows ${o.boundaries![i - 1]}.`, { option: 'PiecewiseConstantDecay.boundaries' });
      return v;
    });
    this.values = o.values.map((v, i) => rate(v, `PiecewiseConstantDecay.values[${i}]`));
  }

  get peak(): number { return Math.max(...this.values); }

  protected value(step: number): number {
    for (let i = 0; i < this.boundaries.length; i++) if (step <= this.boundaries[i]) return this.values[i];
    return this.values[this.values.length - 1];
  }

  getConfig() { return { boundaries: [...this.boundaries], values: [...this.values] }; }
}

export interface CosineDecayOptions { initialLearningRate: number; decaySteps: number; alpha?: number; warmupTarget?: number | null; warmupSteps?: number }

/**
 * Keras 3's CosineDecay: optional linear warmup from initialLearningRate to warmupTarget over
 * warmupSteps, then (warmupTarget ?? initialLearningRate) * ((1 - alpha) * 0.5 (1 + cos(pi t)) + alpha)
 * with t = min(step - warmupSteps, decaySteps) / decaySteps.
 */
export class CosineDecay extends Schedule {
  readonly className = 'CosineDecay';
  readonly initialLearningRate: number;
  readonly decaySteps: number;
  readonly alpha: number;
  readonly warmupTarget: number | null;
  readonly warmupSteps: number;

  constructor(options: CosineDecayOptions) {
    super();
    const o = normaliseOptions<CosineDecayOptions>('CosineDecay', options, ['initialLearningRate', 'decaySteps', 'alpha', 'warmupTarget', 'warmupSteps']);
    this.initialLearningRate = nonNegative(o.initialLearningRate, 'CosineDecay.initialLearningRate');
    this.decaySteps = steps(o.decaySteps, 'CosineDecay.decaySteps');
    this.alpha = checkNumber(o.alpha ?? 0, 'CosineDecay.alpha', { min: 0, max: 1 });
    this.warmupTarget = o.warmupTarget === undefined || o.warmupTarget === null ? null : rate(o.warmupTarget, 'CosineDecay.warmupTarget');
    this.warmupSteps = o.warmupSteps === undefined ? 0 : Math.floor(nonNegative(o.warmupSteps, 'CosineDecay.warmupSteps'));
    if (this.warmupTarget === null && this.initialLearningRate === 0) {
      throw new WasmlpError('BAD_OPTION', 'CosineDecay.initialLearningRate must be > 0 without a warmupTarget.', { option: 'CosineDecay.initialLearningRate' });
    }
  }

  get peak(): number { return Math.max(this.initialLearningRate, this.warmupTarget ?? 0); }

  protected value(step: number): number {
    if (this.warmupTarget !== null && step < this.warmupSteps) {
      return this.initialLearningRate + (this.warmupTarget - this.initialLearningRate) * (step / this.warmupSteps);
    }
    const target = this.warmupTarget ?? this.initialLearningRate;
    const t = Math.min(step - (this.warmupTarget === null ? 0 : this.warmupSteps), this.decaySteps) / this.decaySteps;
    const cosine = 0.5 * (1 + exactCos(EXACT_PI * t));
    return target * ((1 - this.alpha) * cosine + this.alpha);
  }

  getConfig() { return { initialLearningRate: this.initialLearningRate, decaySteps: this.decaySteps, alpha: this.alpha, warmupTarget: this.warmupTarget, warmupSteps: this.warmupSteps }; }
}

export interface OneCycleOptions { maxLearningRate: number; totalSteps: number; pctStart?: number; divFactor?: number; finalDivFactor?: number }

/**
 * Smith's one-cycle policy (PyTorch's OneCycleLR with cosine annealing): from maxLearningRate /
 * divFactor up to maxLearningRate over the first pctStart of totalSteps, then down to
 * maxLearningRate / (divFactor * finalDivFactor), both halves along a cosine.
 */
export class OneCycle extends Schedule {
  readonly className = 'OneCycle';
  readonly maxLearningRate: number;
  readonly totalSteps: number;
  readonly pctStart: number;
  readonly divFactor: number;
  readonly finalDivFactor: number;

  constructor(options: OneCycleOptions) {
    super();
    const o = normaliseOptions<OneCycleOptions>('OneCycle', options, ['maxLearningRate', 'totalSteps', 'pctStart', 'divFactor', 'finalDivFactor']);
    this.maxLearningRate = rate(o.maxLearningRate, 'OneCycle.maxLearningRate');
    this.totalSteps = steps(o.totalSteps, 'OneCycle.totalSteps');
    this.pctStart = checkNumber(o.pctStart ?? 0.3, 'OneCycle.pctStart', { min: 0, max: 1 });
    this.divFactor = checkNumber(o.divFactor ?? 25, 'OneCycle.divFactor', { min: 1 });
    this.finalDivFactor = checkNumber(o.finalDivFactor ?? 1e4, 'OneCycle.finalDivFactor', { min: 1 });
  }

  get peak(): number { return this.maxLearningRate; }

  protected value(step: number): number {
    const initial = this.maxLearningRate / this.divFactor;
    const final = initial / this.finalDivFactor;
    const up = Math.floor(this.pctStart * this.totalSteps);
    const anneal = (from: number, to: number, t: number) => to + ((from - to) * (1 + exactCos(EXACT_PI * Math.min(1, t)))) / 2;
    if (step < up) return anneal(initial, this.maxLearningRate, step / up);
    const down = Math.max(1, this.totalSteps - up);
    return anneal(this.maxLearningRate, final, (step - up) / down);
  }

  getConfig() { return { maxLearningRate: this.maxLearningRate, totalSteps: this.totalSteps, pctStart: this.pctStart, divFactor: this.divFactor, finalDivFactor: this.finalDivFactor }; }
}

export interface MultiCycleOptions { maxLearningRate: number; totalSteps: number; cycles?: number }

/**
 * RealMLP's multi-cycle schedule ("coslog", Holzmüller et al. 2024):
 * max * 0.5 (1 - cos(2 pi log2(1 + (2^cycles - 1) t))), t = step / totalSteps. Each cycle rises
 * from 0 to the maximum and back, and each is twice as long as the one before; it ends at 0.
 */
export class MultiCycle extends Schedule {
  readonly className = 'MultiCycle';
  readonly maxLearningRate: number;
  readonly totalSteps: number;
  readonly cycles: number;
  private readonly span: number;

  constructor(options: MultiCycleOptions) {
    super();
    const o = normaliseOptions<MultiCycleOptions>('MultiCycle', options, ['maxLearningRate', 'totalSteps', 'cycles']);
    this.maxLearningRate = rate(o.maxLearningRate, 'MultiCycle.maxLearningRate');
    this.totalSteps = steps(o.totalSteps, 'MultiCycle.totalSteps');
    this.cycles = steps(o.cycles ?? 4, 'MultiCycle.cycles');
    this.span = exactPow(2, this.cycles) - 1;
  }

  get peak(): number { return this.maxLearningRate; }

  protected value(step: number): number {
    const t = Math.min(step, this.totalSteps) / this.totalSteps;
    const log2 = exactLog(1 + this.span * t) / exactLog(2);
    return this.maxLearningRate * 0.5 * (1 - exactCos(2 * EXACT_PI * log2));
  }

  getConfig() { return { maxLearningRate: this.maxLearningRate, totalSteps: this.totalSteps, cycles: this.cycles }; }
}

const SCHEDULES = { ExponentialDecay, PiecewiseConstantDecay, CosineDecay, OneCycle, MultiCycle } as const;
type ScheduleName = keyof typeof SCHEDULES;
export const schedules = nameTable<ScheduleName>('schedule', Object.keys(SCHEDULES) as ScheduleName[]);

export function isSchedule(value: unknown): value is LearningRateSchedule {
  return typeof value === 'object' && value !== null && typeof (value as LearningRateSchedule).at === 'function' && typeof (value as LearningRateSchedule).toJSON === 'function';
}

/** A schedule instance, or its JSON ({ className, config }) as toJSON and Keras write it. */
export function resolveSchedule(spec: unknown, option: string): LearningRateSchedule {
  if (isSchedule(spec)) return spec;
  if (typeof spec !== 'object' || spec === null) {
    throw new WasmlpError('BAD_OPTION', `${option} must be a number or a schedule (new CosineDecay({...}) or { className: 'CosineDecay', config: {...} }); received ${describe(spec)}.`, { option });
  }
  const s = spec as { className?: unknown; config?: unknown };
  const name = schedules.resolve(s.className, `${option}.className`);
  return new SCHEDULES[name]((s.config ?? {}) as never);
}
