import { SeededRandom } from '../random.js';

/** Rows laid out as the core reads them: features, label row and a weight per row. */
export class RowBlock {
  readonly x: Float32Array;
  readonly y: Float32Array;
  readonly w: Float32Array;
  rows = 0;
  /** Some row in the block carries a sample weight (else the core runs unweighted). */
  weighted = false;

  constructor(readonly capacity: number, readonly cols: number, readonly labelWidth: number) {
    this.x = new Float32Array(capacity * cols);
    this.y = new Float32Array(capacity * labelWidth);
    this.w = new Float32Array(capacity);
  }

  get full(): boolean {
    return this.rows === this.capacity;
  }

  /** Copies row `r` of the given arrays into the next free slot. */
  push(x: Float32Array, y: Float32Array, w: ArrayLike<number> | null, r: number): void {
    this.put(this.rows++, x, y, w, r);
  }

  put(slot: number, x: Float32Array, y: Float32Array, w: ArrayLike<number> | null, r: number): void {
    const c = this.cols, lw = this.labelWidth;
    const xo = slot * c, xi = r * c;
    for (let j = 0; j < c; j++) this.x[xo + j] = x[xi + j];
    const yo = slot * lw, yi = r * lw;
    for (let j = 0; j < lw; j++) this.y[yo + j] = y[yi + j];
    this.w[slot] = w ? w[r] : 1;
    if (w) this.weighted = true;
  }
}

/**
 * tf.data's shuffle(bufferSize): the first `capacity` rows fill the buffer; after that each new
 * row takes the place of a randomly chosen buffered row, which is emitted. At the end of the
 * pass the rest is emitted in random order. Memory is the buffer, whatever the data's size; rows
 * travel at most about `capacity` places, so a file sorted by class needs a buffer of a good share
 * of its rows (or shuffling once on disk).
 */
export class ShuffleBuffer {
  private readonly held: RowBlock;

  constructor(capacity: number, cols: number, labelWidth: number, private readonly rng: SeededRandom) {
    this.held = new RowBlock(capacity, cols, labelWidth);
  }

  /** Adds row r; when the buffer is full, one buffered row moves to `out` first. */
  add(out: RowBlock, x: Float32Array, y: Float32Array, w: ArrayLike<number> | null, r: number): void {
    const h = this.held;
    if (!h.full) {
      h.push(x, y, w, r);
      return;
    }
    const j = this.rng.int(h.capacity);
    out.push(h.x, h.y, h.weighted ? h.w : null, j);
    h.put(j, x, y, w, r);
  }

  /** Emits one remaining row in random order into `out`; false when the buffer is empty. */
  drainOne(out: RowBlock): boolean {
    const h = this.held;
    if (h.rows === 0) return false;
    const j = this.rng.int(h.rows);
    out.push(h.x, h.y, h.weighted ? h.w : null, j);
    const last = h.rows - 1;
    if (j !== last) h.put(j, h.x, h.y, h.weighted ? h.w : null, last);
    h.rows--;
    return true;
  }
}
