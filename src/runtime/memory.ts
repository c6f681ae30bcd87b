import { WasmlpError } from '../errors.js';
import { flushSubnormals } from '../float-bits.js';

const ALIGN = 16;
const PAGE = 65536;
/** 4 GiB is wasm32's hard ceiling; we refuse well before asking the engine for it. */
const MAX_BYTES = 4 * 1024 * 1024 * 1024 - PAGE;

interface Block { start: number; size: number }

/**
 * The host's allocator over WebAssembly linear memory. Regions are 16-byte aligned (SIMD loads),
 * zero-filled on allocation, and returned by `free`. Memory grows on demand; typed-array views
 * must be re-taken after any allocation (use `f32`/`i32`, which always read the current buffer).
 */
export class LinearMemory {
  private readonly free_: Block[] = [];
  private readonly used = new Map<number, number>();
  private top: number;
  /**
   * Asked before memory grows to `wanted` bytes, and again (urgent) before OUT_OF_MEMORY: frees
   * regions of models that were garbage-collected without dispose() (src/model/collector.ts).
   * Returns true when it freed something, and the allocation is tried again.
   */
  reclaimer: ((wanted: number, urgent: boolean) => boolean) | null = null;
  /** Bytes at and above this were never handed out: still the engine's zero pages, untouched. */
  private highWater: number;

  constructor(readonly memory: WebAssembly.Memory, heapBase: number) {
    this.top = align(heapBase);
    this.highWater = this.top;
  }

  get bytesInUse(): number {
    let total = 0;
    for (const size of this.used.values()) total += size;
    return total;
  }

  get byteLength(): number {
    return this.memory.buffer.byteLength;
  }

  /**
   * zero = false is for a region the caller overwrites at once (an upload, an epoch snapshot):
   * only the alignment tail past `bytes`, which the SIMD kernels may read, is cleared.
   */
  alloc(bytes: number, what = 'buffer', zero = true): number {
    if (!Number.isFinite(bytes) || bytes < 0) throw new WasmlpError('INTERNAL', `Invalid allocation of ${bytes} bytes for ${what}.`);
    const size = Math.max(ALIGN, align(bytes));
    for (let i = 0; i < this.free_.length; i++) {
      const b = this.free_[i];
      if (b.size >= size) {
        const start = b.start;
        if (b.size === size) this.free_.splice(i, 1);
        else { b.start += size; b.size -= size; }
        this.used.set(start, size);
        new Uint8Array(this.memory.buffer, zero ? start : start + bytes, zero ? size : size - bytes).fill(0);
        return start;
      }
    }
    const start = this.top;
    const end = start + size;
    if (end > this.memory.buffer.byteLength && this.reclaimer?.(end, end > MAX_BYTES)) return this.alloc(bytes, what, zero);
    if (end > MAX_BYTES) {
      throw new WasmlpError('OUT_OF_MEMORY', `Cannot reserve ${formatBytes(size)} for ${what}: WebAssembly memory would exceed 4 GiB. Use a smaller model, batch size or dataset.`);
    }
    if (end > this.memory.buffer.byteLength) {
      const pages = Math.ceil((end - this.memory.buffer.byteLength) / PAGE);
      try {
        this.memory.grow(pages);
      } catch {
        if (this.reclaimer?.(end, true)) return this.alloc(bytes, what, zero);
        throw new WasmlpError('OUT_OF_MEMORY', `The engine refused to grow WebAssembly memory by ${formatBytes(pages * PAGE)} for ${what}. Use a smaller model, batch size or dataset.`);
      }
    }
    this.top = end;
    this.used.set(start, size);
    this.zeroUsed(zero ? start : start + bytes, end);
    return start;
  }

  /**
   * Clears [start, end) where it was used before; pages above the high-water mark are still the
   * engine's zero pages, and leaving them untouched keeps them out of the process's resident
   * memory until written (a large reservation costs nothing until it is filled).
   */
  private zeroUsed(start: number, end: number): void {
    const dirtyEnd = Math.min(end, this.highWater);
    if (dirtyEnd > start) new Uint8Array(this.memory.buffer, start, dirtyEnd - start).fill(0);
    this.highWater = Math.max(this.highWater, end);
  }

  /**
   * Resizes the region at `ptr` to `bytes`, keeping its contents (up to the smaller size):
   * in place when it is the topmost region (growing memory as needed, shrinking returns the
   * tail), else by moving it. Returns the region's (possibly new) address. New bytes are zero.
   */
  resize(ptr: number, bytes: number, what = 'buffer'): number {
    const size = this.used.get(ptr);
    if (size === undefined) throw new WasmlpError('INTERNAL', `resize of an unknown region at ${ptr} (${what}).`);
    const next = Math.max(ALIGN, align(bytes));
    if (ptr + size === this.top) {
      const end = ptr + next;
      if (end > MAX_BYTES) {
        throw new WasmlpError('OUT_OF_MEMORY', `Cannot reserve ${formatBytes(next)} for ${what}: WebAssembly memory would exceed 4 GiB. Use a smaller dataset.`);
      }
      if (end > this.memory.buffer.byteLength) {
        const pages = Math.ceil((end - this.memory.buffer.byteLength) / PAGE);
        try {
          this.memory.grow(pages);
        } catch {
          throw new WasmlpError('OUT_OF_MEMORY', `The engine refused to grow WebAssembly memory by ${formatBytes(pages * PAGE)} for ${what}. Use a smaller dataset.`);
        }
      }
      if (next > size) this.zeroUsed(ptr + size, end);
      this.top = end;
      this.used.set(ptr, next);
      return ptr;
    }
    if (next <= size) return ptr;
    const moved = this.alloc(next, what);
    new Uint8Array(this.memory.buffer).copyWithin(moved, ptr, ptr + size);
    this.free(ptr);
    return moved;
  }

  free(ptr: number): void {
    const size = this.used.get(ptr);
    if (size === undefined) return;
    this.used.delete(ptr);
    if (ptr + size === this.top) {
      this.top = ptr;
      // Fold any free block now at the top back into the bump region.
      let last = this.free_[this.free_.length - 1];
      while (last && last.start + last.size === this.top) {
        this.top = last.start;
        this.free_.pop();
        last = this.free_[this.free_.length - 1];
      }
      return;
    }
    // Insert sorted and coalesce with neighbours.
    let i = 0;
    while (i < this.free_.length && this.free_[i].start < ptr) i++;
    this.free_.splice(i, 0, { start: ptr, size });
    const cur = this.free_[i];
    const next = this.free_[i + 1];
    if (next && cur.start + cur.size === next.start) { cur.size += next.size; this.free_.splice(i + 1, 1); }
    const prev = this.free_[i - 1];
    if (prev && prev.start + prev.size === cur.start) { prev.size += cur.size; this.free_.splice(i, 1); }
  }

  f32(ptr: number, length: number): Float32Array {
    return new Float32Array(this.memory.buffer, ptr, length);
  }

  i32(ptr: number, length: number): Int32Array {
    return new Int32Array(this.memory.buffer, ptr, length);
  }

  /**
   * Reserves and fills a float buffer from host data. Subnormal values (|v| < 2^-126) are stored
   * as zero: they change nothing a model can learn but make every multiply that touches them up
   * to 100x slower on x86.
   */
  copyIn(data: ArrayLike<number>, what: string): number {
    // A view into this memory (a fast-loaded CSV) must be re-taken after alloc: growing a
    // non-shared memory detaches the buffer it was made on.
    const onHeap = data instanceof Float32Array && data.buffer === this.memory.buffer;
    const from = onHeap ? (data as Float32Array).byteOffset : 0, length = data.length;
    const ptr = this.alloc(length * 4, what, false); // the values overwrite it
    const view = this.f32(ptr, length);
    view.set(onHeap ? this.f32(from, length) : data);
    flushSubnormals(view);
    return ptr;
  }
}

function align(n: number): number {
  return Math.ceil(n / ALIGN) * ALIGN;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}
