import type { Callback, Logs } from '../callbacks/callback.js';

/** Where progress goes: a redrawn bar on a terminal, plain lines otherwise, nothing when quiet. */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

/**
 * Progress for cross-validation and training. On a terminal one line is redrawn (fold, a bar of
 * epochs, running loss) at most every 50 ms; otherwise one plain line per fold (or per tenth of
 * the epochs when training a single model), so logs stay readable.
 */
export class Progress implements Callback {
  private fold = 0;
  private nFolds = 0;
  private epochs = 0;
  private lastDraw = 0;
  private drawn = false;
  private label = '';

  constructor(private readonly out: ProgressStream | null, private readonly now: () => number = () => Date.now()) {}

  get tty(): boolean {
    return Boolean(this.out?.isTTY);
  }

  /** A new fold (or candidate) begins; nFolds 0 for a single training run. */
  start(fold: number, nFolds: number, epochs: number, label = ''): void {
    this.fold = fold;
    this.nFolds = nFolds;
    this.epochs = epochs;
    this.label = label;
  }

  onEpochEnd(epoch: number, logs: Logs): void {
    if (!this.out) return;
    const n = epoch + 1;
    if (this.tty) {
      const t = this.now();
      if (n !== this.epochs && t - this.lastDraw < 50) return;
      this.lastDraw = t;
      const width = 24, done = Math.round((width * n) / Math.max(1, this.epochs));
      const bar = '█'.repeat(done) + '░'.repeat(width - done);
      const where = this.nFolds ? `fold ${this.fold + 1}/${this.nFolds} ` : '';
      const line = `${this.label}${where}${bar} epoch ${n}/${this.epochs} loss ${logs.loss.toFixed(4)}`;
      this.out.write(`\r${line.slice(0, (this.out.columns ?? 120) - 1)}\x1b[K`);
      this.drawn = true;
    } else if (!this.nFolds && (n % Math.max(1, Math.round(this.epochs / 10)) === 0 || n === this.epochs)) {
      const metrics = Object.entries(logs).map(([k, v]) => `${k} ${v.toFixed(4)}`).join(' ');
      this.out.write(`epoch ${n}/${this.epochs} ${metrics}\n`);
    }
  }

  /** A fold finished: its scores as a plain line (the terminal line is cleared first). */
  foldDone(text: string): void {
    if (!this.out) return;
    this.clear();
    this.out.write(`${text}\n`);
  }

  /** Removes the redrawn line before other output. */
  clear(): void {
    if (this.out && this.drawn) {
      this.out.write('\r\x1b[K');
      this.drawn = false;
    }
  }
}
