/**
 * The fast path of the CSV loader, for the common case: a plain numeric table (numbers separated
 * by one delimiter byte, an optional header line, no quotes, no missing cells). It scans bytes
 * without decoding text or splitting records, and writes float32 features straight into
 * WebAssembly memory, so a loaded file exists once: `fit` trains on it in place.
 *
 * It never reports a data error itself: at the first thing it does not handle (a quote, a text
 * or missing cell, a ragged row, a value beyond float32, a byte-order mark inside the data) it
 * gives up, frees what it wrote, and the general loader (csv-parse) reads the source again and
 * reports the problem with its line and column. Results are bit-identical to the general
 * loader's: each number is converted exactly as Number() does (then rounded to float32).
 *
 * Lifetime of the features it returns (`dataset.x`): `x.data` is a view into the core's memory,
 * re-taken on every access (memory growth replaces the underlying buffer), so read `x.data` when
 * you need it rather than keeping an old view. `x.dispose()` returns the memory at once; a
 * dataset that is dropped without it is released when garbage-collected.
 */
import { GrowableArray } from './growable.js';
import type { Matrix } from './matrix.js';
import { FLOAT32_MAX, cleanCell, isMissing, parseNumber } from './csv-cells.js';
import { buildLabels } from './csv-labels.js';
import type { CsvOptions, Dataset } from './dataset.js';
import { runtime, ensureRuntime, type Runtime } from '../runtime/wasm.js';

/** A Matrix whose rows live in WebAssembly memory (see the lifetime rules above). */
export interface DeviceMatrix extends Matrix {
  /** Byte address of the first value in the core's memory. */
  readonly ptr: number;
  readonly runtime: Runtime;
  /** Returns the memory now; `data` is empty afterwards. */
  dispose(): void;
}

const MAX_LABEL_DICTIONARY = 10000;
const MIN_NORMAL_F32 = 1.1754943508222875e-38;
/** Exact powers of ten as doubles (10^22 is the largest exactly representable). */
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

const released = typeof FinalizationRegistry === 'function'
  ? new FinalizationRegistry<{ rt: Runtime; ptr: number; live: { on: boolean } }>((h) => { if (h.live.on) h.rt.mem.free(h.ptr); })
  : null;

export function isDeviceMatrix(m: Matrix, rt: Runtime): m is DeviceMatrix {
  return (m as DeviceMatrix).runtime === rt && typeof (m as DeviceMatrix).ptr === 'number' && m.data.length === m.rows * m.cols && m.data.length > 0;
}

function deviceMatrix(rt: Runtime, ptr: number, rows: number, cols: number): DeviceMatrix {
  const live = { on: true };
  const m: DeviceMatrix = {
    ptr, rows, cols, runtime: rt,
    get data() {
      return live.on ? new Float32Array(rt.mem.memory.buffer, ptr, rows * cols) : new Float32Array(0);
    },
    dispose() {
      if (!live.on) return;
      live.on = false;
      rt.mem.free(ptr);
      released?.unregister(m);
    },
  };
  released?.register(m, { rt, ptr, live }, m);
  return m;
}

/** Thrown inside the scanner to give up; never escapes this module. */
class NotSimple extends Error {}

/** What the first lines decided: the delimiter byte, the header, the label column. */
interface Layout {
  delimiter: number;
  width: number;
  labelIndex: number;
  names: string[] | null;
}

/** Float32 rows growing inside WebAssembly memory (in place while they are the topmost region). */
class DeviceRows {
  ptr: number;
  private capacity: number;
  rows = 0;
  constructor(readonly rt: Runtime, readonly cols: number, rowsHint: number) {
    this.capacity = Math.max(1024, rowsHint);
    this.ptr = rt.mem.alloc(this.capacity * cols * 4, 'CSV features');
  }
  /** A view with room for `more` further rows. */
  reserve(more: number): Float32Array {
    if (this.rows + more > this.capacity) {
      this.capacity = Math.max(this.rows + more, Math.ceil(this.capacity * 1.25));
      this.ptr = this.rt.mem.resize(this.ptr, this.capacity * this.cols * 4, 'CSV features');
    }
    return new Float32Array(this.rt.mem.memory.buffer, this.ptr, this.capacity * this.cols);
  }
  finish(): DeviceMatrix {
    this.ptr = this.rt.mem.resize(this.ptr, Math.max(1, this.rows * this.cols) * 4, 'CSV features');
    return deviceMatrix(this.rt, this.ptr, this.rows, this.cols);
  }
  drop(): void {
    this.rt.mem.free(this.ptr);
  }
}

/**
 * Scans complete lines of bytes into features and labels. One instance per load; `push` takes
 * buffers that end on a line break (the reader carries partial lines over).
 */
class NumericScanner {
  private readonly feat: number;
  private readonly labels = new GrowableArray((n) => new Float32Array(n));
  private readonly labelIds = new GrowableArray((n) => new Int32Array(n));
  private dictionary: Map<number, number> | null = new Map();
  private readonly labelBytes = new Map<number, Uint8Array>();
  private readonly labelText: string[] = [];

  constructor(private readonly layout: Layout, private readonly out: DeviceRows) {
    this.feat = layout.width - 1;
  }

  get rows(): number {
    return this.out.rows;
  }

  /** Parses the complete lines in buf[start, end). */
  push(buf: Uint8Array, start: number, end: number, bytesPerRowHint: number): void {
    const { delimiter, width, labelIndex } = this.layout;
    const feat = this.feat;
    let view = this.out.reserve(Math.ceil((end - start) / bytesPerRowHint) + 16);
    let capacityRows = view.length / feat;
    let row = this.out.rows;
    let i = start;
    while (i < end) {
      let c = buf[i];
      // Line ending / empty line.
      if (c === 10) { i++; continue; }
      if (c === 13) {
        if (buf[i + 1] !== 10) throw new NotSimple();
        i += 2;
        continue;
      }
      if (row >= capacityRows) {
        this.out.rows = row;
        view = this.out.reserve(Math.ceil((end - i) / bytesPerRowHint) + 16);
        capacityRows = view.length / feat;
      }
      let o = row * feat;
      for (let col = 0; col < width; col++) {
        // One cell: [spaces] [sign] digits [. digits] [e [sign] digits] [spaces]
        while (c === 32 || (c === 9 && delimiter !== 9)) c = buf[++i];
        const cellStart = i;
        let negative = false;
        if (c === 45) { negative = true; c = buf[++i]; } else if (c === 43) { c = buf[++i]; }
        let mant = 0, digits = 0, sig = 0, exp10 = 0;
        while (c >= 48 && c <= 57) {
          if (sig < 15) { mant = mant * 10 + (c - 48); if (mant !== 0) sig++; } else { exp10++; sig++; }
          digits++;
          c = buf[++i];
        }
        if (c === 46) {
          c = buf[++i];
          while (c >= 48 && c <= 57) {
            if (sig < 15) { mant = mant * 10 + (c - 48); exp10--; if (mant !== 0) sig++; } else sig++;
            digits++;
            c = buf[++i];
          }
        }
        if (digits === 0) throw new NotSimple();
        if (c === 101 || c === 69) {
          c = buf[++i];
          let eneg = false, e = 0, edigits = 0;
          if (c === 45) { eneg = true; c = buf[++i]; } else if (c === 43) { c = buf[++i]; }
          while (c >= 48 && c <= 57) { if (e < 10000) e = e * 10 + (c - 48); edigits++; c = buf[++i]; }
          if (edigits === 0) throw new NotSimple();
          exp10 += eneg ? -e : e;
        }
        const cellEnd = i;
        while (c === 32 || (c === 9 && delimiter !== 9)) c = buf[++i];
        // The cell must end here: a delimiter between cells, a line end (or the buffer's end) after the last.
        if (col < width - 1) {
          if (c !== delimiter) throw new NotSimple();
          c = buf[++i];
        } else if (i < end && c !== 10 && c !== 13) throw new NotSimple();
        let v: number;
        if (sig <= 15 && exp10 >= -22 && exp10 <= 22) {
          // Clinger's fast path: an exact integer times or over an exact power of ten, one rounding.
          v = exp10 >= 0 ? mant * POW10[exp10] : mant / POW10[-exp10];
        } else {
          v = Number(String.fromCharCode.apply(null, buf.subarray(cellStart + (negative || buf[cellStart] === 43 ? 1 : 0), cellEnd) as unknown as number[]));
        }
        if (negative) v = -v;
        if (!(v <= FLOAT32_MAX && v >= -FLOAT32_MAX)) throw new NotSimple();
        // A value that is subnormal once in float32 would be flushed to 0 when training copies it
        // in; training in place must not see it, so such (rare) files take the general path.
        if (v !== 0 && v < MIN_NORMAL_F32 && v > -MIN_NORMAL_F32 && Math.fround(v) !== 0) throw new NotSimple();
        if (col === labelIndex) this.label(v, buf, cellStart, cellEnd);
        else view[o++] = v;
      }
      row++;
    }
    this.out.rows = row;
  }

  /** Labels as the general loader keys them: by text. Two spellings of one number ('1', '1.0') give up. */
  private label(v: number, buf: Uint8Array, s: number, e: number): void {
    this.labels.push(v);
    const dict = this.dictionary;
    if (!dict) return;
    let id = dict.get(v);
    if (id === undefined) {
      id = dict.size;
      if (id >= MAX_LABEL_DICTIONARY) {
        this.dictionary = null;
        return;
      }
      dict.set(v, id);
      this.labelBytes.set(v, buf.slice(s, e));
      this.labelText.push(String.fromCharCode.apply(null, buf.subarray(s, e) as unknown as number[]));
    } else {
      const seen = this.labelBytes.get(v)!;
      if (seen.length !== e - s) throw new NotSimple();
      for (let k = 0; k < seen.length; k++) if (seen[k] !== buf[s + k]) throw new NotSimple();
    }
    this.labelIds.push(id);
  }

  finish(options: CsvOptions): Dataset {
    const { layout } = this;
    const where = options.fileName !== undefined ? `CSV ${options.fileName}: ` : 'CSV: ';
    const place = options.fileName !== undefined ? { file: options.fileName } : {};
    const labelName = layout.names?.[layout.labelIndex] ?? 'y';
    const dictionary = this.dictionary ? new Map(this.labelText.map((t, i) => [t, i] as [string, number])) : null;
    const labels = buildLabels({
      ids: this.labelIds.toArray(),
      values: this.labels.toArray(),
      dictionary,
      numeric: true,
      task: options.task ?? 'auto',
      positiveClass: options.positiveClass,
      labelName,
      where,
      place,
    });
    const featureNames: string[] = [];
    for (let c = 0; c < layout.width; c++) if (c !== layout.labelIndex) featureNames.push(layout.names?.[c] ?? `x${c}`);
    return { x: this.out.finish(), featureNames, labelName, ...labels };
  }
}

let enabled = true;
/** Turns the fast path off (tests and benchmarks compare it with the general loader). */
export function setFastCsv(on: boolean): void {
  enabled = on;
}

/** Options the fast path can honour; anything else goes to the general loader. */
function simpleOptions(o: CsvOptions): boolean {
  if (!enabled) return false;
  const d = o.delimiter ?? 'auto';
  const tasks = ['auto', 'binary', 'multiclass', 'regression'];
  return (d === 'auto' || (typeof d === 'string' && d.length === 1 && d.charCodeAt(0) < 128 && d !== '"' && d !== "'")) &&
    ['error', 'drop', 'mean', 'median', undefined].includes(o.missing) && ['error', 'onehot', undefined].includes(o.categorical) &&
    tasks.includes(o.task ?? 'auto') && (o.header === undefined || o.header === 'auto' || typeof o.header === 'boolean');
}

function splitLine(line: string, delimiter: string): string[] {
  return line.split(delimiter);
}

/**
 * Reads the first (up to two) lines as text and decides the layout as the general loader does
 * (header: 'auto' compares line 1 with line 2). Returns the layout and the byte offset of the
 * first data line, or null to leave the file to the general loader.
 */
function readLayout(buf: Uint8Array, end: number, options: CsvOptions): { layout: Layout; dataStart: number } | null {
  let p = 0;
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) p = 3;
  const lineEnd = (from: number) => {
    let q = from;
    while (q < end && buf[q] !== 10) q++;
    return q < end ? q : -1;
  };
  const text = (a: number, b: number) => new TextDecoder().decode(buf.subarray(a, b > a && buf[b - 1] === 13 ? b - 1 : b));
  const e1 = lineEnd(p);
  if (e1 < 0) return null;
  const e2 = lineEnd(e1 + 1);
  if (e2 < 0) return null;
  const line1 = text(p, e1), line2 = text(e1 + 1, e2);
  if (/["'\ufeff]/.test(line1) || /["'\ufeff]/.test(line2) || line1.trim() === '' || line2.trim() === '') return null;
  const d = options.delimiter ?? 'auto';
  const delim = d === 'auto' ? autoDelimiter(line1) : d;
  const first = splitLine(line1, delim).map(cleanCell), second = splitLine(line2, delim).map(cleanCell);
  const width = first.length;
  if (width < 2 || second.length !== width) return null;
  let labelIndex = width - 1;
  const label = options.label ?? 'last';
  if (typeof label === 'number') {
    if (!Number.isInteger(label)) return null;
    labelIndex = label < 0 ? width + label : label;
    if (labelIndex < 0 || labelIndex >= width) return null;
  }
  let header = options.header ?? 'auto';
  if (typeof label === 'string' && label !== 'last') {
    if (header === false) return null;
    header = true;
  }
  const isText = (cell: string) => !isMissing(cell) && Number.isNaN(parseNumber(cell));
  if (header === 'auto') {
    header = false;
    for (let c = 0; c < width; c++) {
      if (c !== labelIndex && isText(first[c]) && !isMissing(second[c]) && !Number.isNaN(parseNumber(second[c]))) header = true;
    }
  }
  const names = header ? first : null;
  if (names && typeof label === 'string' && label !== 'last') {
    labelIndex = names.indexOf(label);
    if (labelIndex < 0) return null; // the general loader names the closest column
  }
  return { layout: { delimiter: delim.charCodeAt(0), width, labelIndex, names }, dataStart: header ? e1 + 1 : p };
}

function autoDelimiter(line: string): string {
  const counts: Record<string, number> = { ',': 0, ';': 0, '\t': 0 };
  for (const ch of line) if (ch in counts) counts[ch]++;
  let best = ',';
  for (const d of [';', '\t']) if (counts[d] > counts[best]) best = d;
  return best;
}

/**
 * Loads CSV bytes that arrive as chunks. Returns null (having freed everything) when the input
 * is not a plain numeric table; the caller then runs the general loader on the same source.
 * `totalBytes` (when known) sizes the destination once.
 */
export async function loadNumericChunks(chunks: AsyncIterable<Uint8Array>, options: CsvOptions, totalBytes: number | null): Promise<Dataset | null> {
  if (!simpleOptions(options)) return null;
  const rt = await ensureRuntime();
  let scanner: NumericScanner | null = null;
  let out: DeviceRows | null = null;
  let carry: Uint8Array | null = null;
  let perRow = 16;
  let seen = 0;
  try {
    for await (const chunk of chunks) {
      let buf = chunk;
      if (carry) {
        buf = new Uint8Array(carry.length + chunk.length);
        buf.set(carry);
        buf.set(chunk, carry.length);
        carry = null;
      }
      seen += chunk.length;
      let start = 0;
      if (!scanner) {
        const found = readLayout(buf, buf.length, options);
        if (!found) {
          if (seen > 1 << 20) return null; // a first line over 1 MiB: not a simple table
          carry = buf;
          continue;
        }
        perRow = Math.max(2 * found.layout.width, estimateRowBytes(buf, found.dataStart));
        const hint = totalBytes ? Math.ceil((totalBytes - found.dataStart) / perRow * 1.05) + 16 : 1024;
        out = new DeviceRows(rt, found.layout.width - 1, hint);
        scanner = new NumericScanner(found.layout, out);
        start = found.dataStart;
      }
      const lastBreak = buf.lastIndexOf(10);
      if (lastBreak < start) {
        carry = start === 0 ? buf : buf.slice(start);
        continue;
      }
      scanner.push(buf, start, lastBreak + 1, perRow);
      if (lastBreak + 1 < buf.length) carry = buf.slice(lastBreak + 1);
    }
    if (!scanner) {
      if (!carry) return null;
      // The whole input is shorter than two lines or has no final newline: try with one appended.
      const padded = new Uint8Array(carry.length + 1);
      padded.set(carry);
      padded[carry.length] = 10;
      const found = readLayout(padded, padded.length, options);
      if (!found) return null;
      out = new DeviceRows(rt, found.layout.width - 1, 16);
      scanner = new NumericScanner(found.layout, out);
      scanner.push(padded, found.dataStart, padded.length, 16);
      carry = null;
    }
    if (carry && carry.length) {
      if (carry.includes(13) && carry[carry.length - 1] === 13) carry = carry.subarray(0, carry.length - 1);
      scanner.push(carry, 0, carry.length, perRow);
    }
    if (scanner.rows === 0) throw new NotSimple();
    return scanner.finish(options);
  } catch (e) {
    out?.drop();
    if (e instanceof NotSimple) return null;
    throw e;
  }
}

/** Average bytes per line over the first lines after `from` (sizes the destination). */
function estimateRowBytes(buf: Uint8Array, from: number): number {
  let lines = 0, i = from;
  const stop = Math.min(buf.length, from + 65536);
  while (i < stop) {
    const j = buf.indexOf(10, i);
    if (j < 0 || j >= stop) break;
    lines++;
    i = j + 1;
  }
  return lines ? Math.max(1, Math.floor((i - from) / lines)) : 16;
}

/** CSV text (loadCsvText / loadCsv on a string): encodes it once, scans the bytes. Sync where the core loads synchronously. */
export function loadNumericText(text: string, options: CsvOptions): Dataset | null {
  if (!simpleOptions(options)) return null;
  let rt: Runtime;
  try {
    rt = runtime();
  } catch {
    return null; // a browser before init(): the general loader needs no core
  }
  const bytes = new TextEncoder().encode(text);
  const found = readLayout(bytes, bytes.length, options);
  if (!found) return null;
  const perRow = Math.max(2 * found.layout.width, estimateRowBytes(bytes, found.dataStart));
  const out = new DeviceRows(rt, found.layout.width - 1, Math.ceil((bytes.length - found.dataStart) / perRow * 1.05) + 16);
  try {
    const scanner = new NumericScanner(found.layout, out);
    let end = bytes.length;
    if (bytes[end - 1] === 13) end--;
    scanner.push(bytes, found.dataStart, end, perRow);
    if (scanner.rows === 0) throw new NotSimple();
    return scanner.finish(options);
  } catch (e) {
    out.drop();
    if (e instanceof NotSimple) return null;
    throw e;
  }
}

/** A file read in large blocks with node:fs (Node, Deno, Bun); null where there is no file system. */
export function fileBlocks(path: string): { chunks: AsyncIterable<Uint8Array>; size: number } | null {
  const fs = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule?.('node:fs') as
    { statSync(p: string, o: { throwIfNoEntry: false }): { size: number; isFile(): boolean } | undefined; promises: { open(p: string, f: string): Promise<{ read(b: Uint8Array, o: number, l: number, p: null): Promise<{ bytesRead: number }>; close(): Promise<void> }> } } | undefined;
  if (!fs) return null;
  const st = fs.statSync(path, { throwIfNoEntry: false });
  if (!st || !st.isFile()) return null; // the general loader reports a missing path
  const BLOCK = 4 << 20;
  async function* read(): AsyncIterable<Uint8Array> {
    const handle = await fs!.promises.open(path, 'r');
    try {
      for (;;) {
        const block = new Uint8Array(BLOCK);
        const { bytesRead } = await handle.read(block, 0, BLOCK, null);
        if (bytesRead === 0) return;
        yield bytesRead === BLOCK ? block : block.subarray(0, bytesRead);
      }
    } finally {
      await handle.close();
    }
  }
  return { chunks: read(), size: st.size };
}

