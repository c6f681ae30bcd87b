import { WasmlpError, describe } from '../errors.js';

const performanceNow = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/**
 * A time budget for a search: a candidate may start while the time spent so far plus its
 * expected cost stays within the budget. Its cost is estimated from the candidates already
 * run (milliseconds per unit of `weight`: 1 per candidate, or successive halving's resource),
 * so the first candidate always runs. The clock is injectable, so tests need no timing.
 */
export class SearchBudget {
  private readonly budgetMs: number;
  private readonly start: number;
  private spentMs = 0;
  private spentWeight = 0;
  /** A candidate was refused: the search stopped early. */
  exhausted = false;

  constructor(seconds: number | undefined, private readonly clock: () => number = performanceNow) {
    if (seconds !== undefined && (typeof seconds !== 'number' || !(seconds > 0) || !Number.isFinite(seconds))) {
      throw new WasmlpError('BAD_OPTION', `budget must be a number of seconds > 0; received ${describe(seconds)}.`, { option: 'budget' });
    }
    if (typeof clock !== 'function') throw new WasmlpError('BAD_OPTION', `clock must be a function returning milliseconds; received ${describe(clock)}.`, { option: 'clock' });
    this.budgetMs = seconds === undefined ? Infinity : seconds * 1000;
    this.start = clock();
  }

  /** Whether a candidate of this weight may start; once refused, nothing more starts. */
  allows(weight = 1): boolean {
    if (this.exhausted) return false;
    if (this.budgetMs === Infinity || this.spentWeight === 0) return true;
    const expected = (this.spentMs / this.spentWeight) * weight;
    if (this.clock() - this.start + expected > this.budgetMs) this.exhausted = true;
    return !this.exhausted;
  }

  /** Times one candidate: call before it starts, and call the returned function when it ends. */
  begin(weight = 1): () => void {
    const t0 = this.clock();
    return () => {
      this.spentMs += this.clock() - t0;
      this.spentWeight += weight;
    };
  }

  /** Seconds since the search started. */
  get elapsed(): number {
    return (this.clock() - this.start) / 1000;
  }
}
