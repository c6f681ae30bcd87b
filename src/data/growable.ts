/**
 * Append-only numeric storage in fixed-size chunks, so a streamed file never needs one
 * reallocation-and-copy per doubling of a giant array; `toArray` joins the chunks once at the end.
 */
export class GrowableArray<T extends Float32Array | Int32Array> {
  private readonly chunks: T[] = [];
  private current: T;
  private used = 0;
  private total = 0;

  /** @param make allocates a chunk; @param chunkSize values per chunk (default 65,536). */
  constructor(private readonly make: (n: number) => T, private readonly chunkSize = 65536) {
    this.current = make(chunkSize);
  }

  get length(): number {
    return this.total;
  }

  push(value: number): void {
    if (this.used === this.chunkSize) {
      this.chunks.push(this.current);
      this.current = this.make(this.chunkSize);
      this.used = 0;
    }
    this.current[this.used++] = value;
    this.total++;
  }

  toArray(): T {
    const out = this.make(this.total);
    let offset = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, offset);
      offset += chunk.length;
    }
    out.set(this.current.subarray(0, this.used), offset);
    return out;
  }
}
