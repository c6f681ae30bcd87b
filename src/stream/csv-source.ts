/**
 * CSV and NDJSON files read as streams of row chunks (Node): one read of the file per epoch,
 * 1 MiB at a time, so memory is a chunk whatever the file's size. Numbers are parsed from the
 * bytes (no string per cell); a cell that is not a number is an error naming the line and column.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { WasmlpError, describe } from '../errors.js';
import type { Matrix } from '../data/matrix.js';
import type { RowChunk } from './source.js';

/** Options of csvSource: label column, header, delimiter and rows per chunk. */
export interface CsvSourceOptions {
  /** Label column: 'last' (default), a 0-based index (negative from the end) or a header name. */
  label?: 'last' | number | string;
  /** 'auto' (default): the first line is a header when a feature cell there is not a number. */
  header?: 'auto' | boolean;
  /** 'auto' (default): comma, semicolon or tab, whichever the first line has most of. */
  delimiter?: 'auto' | string;
  /** Rows per chunk; default 8192. */
  chunkRows?: number;
  /**
   * Label texts in class-id order: a row labelled classes[i] gets y = i. Without it the label
   * must be a number (use scanCsv to find the classes of a text label).
   */
  classes?: readonly string[];
  /** Keep only the data rows (0-based, header excluded) for which this returns true. */
  rows?: (index: number) => boolean;
}

/** What a first pass learns about a CSV file. */
export interface CsvLayout {
  path: string;
  delimiter: string;
  hasHeader: boolean;
  featureNames: string[];
  labelName: string;
  labelIndex: number;
  /** Columns per line (features + label). */
  width: number;
}

/** What scanCsv learns in one pass over a CSV file: its layout, row count and classes. */
export interface CsvScan extends CsvLayout {
  rows: number;
  /** Distinct label texts, sorted as loadCsv sorts them (numerically when all are numbers). */
  classes: string[];
  bytes: number;
}

const NL = 10, CR = 13, QUOTE = 34;
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

/** Parses bytes [s, e) as a number; NaN when it is not one. Exact for up to 15 significant digits. */
function parseNumber(buf: Uint8Array, s: number, e: number): number {
  while (s < e && (buf[s] === 32 || buf[s] === 9)) s++;
  while (e > s && (buf[e - 1] === 32 || buf[e - 1] === 9)) e--;
  if (e - s >= 2 && buf[s] === QUOTE && buf[e - 1] === QUOTE) { s++; e--; }
  if (s === e) return NaN;
  let i = s, neg = false;
  if (buf[i] === 45) { neg = true; i++; } else if (buf[i] === 43) i++;
  let mant = 0, digits = 0, frac = 0, any = false;
  while (i < e && buf[i] >= 48 && buf[i] <= 57) { mant = mant * 10 + (buf[i] - 48); digits++; i++; any = true; }
  if (i < e && buf[i] === 46) {
    i++;
    while (i < e && buf[i] >= 48 && buf[i] <= 57) { mant = mant * 10 + (buf[i] - 48); digits++; frac++; i++; any = true; }
  }
  let exp = 0;
  if (any && i < e && (buf[i] === 101 || buf[i] === 69)) {
    // Exponents and long mantissas: the engine's own parser, on a string of this cell only.
    return Number(Buffer.from(buf.buffer, buf.byteOffset + s, e - s).toString('latin1'));
  }
  if (!any || i !== e) return NaN;
  if (digits > 15) return Number(Buffer.from(buf.buffer, buf.byteOffset + s, e - s).toString('latin1'));
  exp = -frac;
  // An exact integer divided by an exact power of ten: one correctly rounded operation, as Number().
  const v = exp === 0 ? mant : mant / POW10[-exp];
  return neg ? -v : v;
}

function cellText(buf: Uint8Array, s: number, e: number): string {
  let t = Buffer.from(buf.buffer, buf.byteOffset + s, e - s).toString('utf8').trim();
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) t = t.slice(1, -1).replace(/""/g, '"');
  return t;
}

/** Splits a line [s, e) at the delimiter into cell bounds (quotes are not split inside). */
function splitLine(buf: Uint8Array, s: number, e: number, delim: number, bounds: Int32Array): number {
  let n = 0, start = s, quoted = false;
  for (let i = s; i < e; i++) {
    const b = buf[i];
    if (b === QUOTE) quoted = !quoted;
    else if (b === delim && !quoted) {
      if (n < bounds.length / 2) { bounds[2 * n] = start; bounds[2 * n + 1] = i; }
      n++;
      start = i + 1;
    }
  }
  if (n < bounds.length / 2) { bounds[2 * n] = start; bounds[2 * n + 1] = e; }
  return n + 1;
}

/** Non-blank lines of one read block: byte bounds and 1-based line numbers. */
interface LineBatch { buf: Uint8Array; count: number; starts: Int32Array; ends: Int32Array; lineNos: Int32Array }

/** The file's lines, a read block (1 MiB) at a time, so the per-line work stays synchronous. */
async function* lineBatches(path: string): AsyncGenerator<LineBatch> {
  let rest: Buffer | null = null;
  let line = 0;
  let cap = 1 << 14;
  let starts = new Int32Array(cap), ends = new Int32Array(cap), lineNos = new Int32Array(cap);
  const push = (n: number, s: number, e: number) => {
    if (n === cap) {
      cap *= 2;
      const grow = (a: Int32Array) => { const b = new Int32Array(cap); b.set(a); return b; };
      starts = grow(starts); ends = grow(ends); lineNos = grow(lineNos);
    }
    starts[n] = s; ends[n] = e; lineNos[n] = line;
  };
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  try {
    for await (const part of stream as AsyncIterable<Buffer>) {
      const buf: Buffer = rest ? Buffer.concat([rest, part]) : part;
      let s = 0, n = 0;
      for (;;) {
        const nl = buf.indexOf(NL, s);
        if (nl < 0) break;
        line++;
        let e = nl;
        if (e > s && buf[e - 1] === CR) e--;
        if (line === 1 && e - s >= 3 && buf[s] === 0xef && buf[s + 1] === 0xbb && buf[s + 2] === 0xbf) s += 3;
        if (e > s) push(n++, s, e);
        s = nl + 1;
      }
      rest = s < buf.length ? buf.subarray(s) : null;
      if (n) yield { buf, count: n, starts, ends, lineNos };
    }
  } catch (e) {
    if (e instanceof WasmlpError) throw e;
    const code = (e as { code?: string }).code;
    throw new WasmlpError(code === 'ENOENT' ? 'FILE_NOT_FOUND' : 'FILE_READ', `Cannot read ${path}${line ? ` (after line ${line})` : ''}: ${(e as Error).message}`, { file: path, line });
  } finally {
    stream.destroy();
  }
  if (rest && rest.length) {
    line++;
    let e = rest.length;
    if (rest[e - 1] === CR) e--;
    if (e > 0) {
      push(0, 0, e);
      yield { buf: rest, count: 1, starts, ends, lineNos };
    }
  }
}

/** Each non-blank line (for the first line and NDJSON, where per-line cost does not matter). */
async function* lines(path: string): AsyncGenerator<{ buf: Uint8Array; s: number; e: number; line: number }> {
  for await (const b of lineBatches(path)) {
    for (let i = 0; i < b.count; i++) yield { buf: b.buf, s: b.starts[i], e: b.ends[i], line: b.lineNos[i] };
  }
}

function detectDelimiter(first: string, option: string | undefined): string {
  if (option && option !== 'auto') return option;
  const counts = [',', ';', '\t'].map((d) => [d, first.split(d).length - 1] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0][1] > 0 ? counts[0][0] : ',';
}

/** Reads the first line: delimiter, header, names, label column. */
async function readLayout(path: string, options: CsvSourceOptions): Promise<CsvLayout> {
  for await (const { buf, s, e } of lines(path)) {
    const first = Buffer.from(buf.buffer, buf.byteOffset + s, e - s).toString('utf8');
    const delimiter = detectDelimiter(first, options.delimiter);
    const bounds = new Int32Array(2 * 100000);
    const width = splitLine(buf, s, e, delimiter.charCodeAt(0), bounds);
    const cells = Array.from({ length: width }, (_, i) => cellText(buf, bounds[2 * i], bounds[2 * i + 1]));
    let labelIndex: number;
    const label = options.label ?? 'last';
    const header = options.header ?? 'auto';
    const provisional = label === 'last' ? width - 1 : typeof label === 'number' ? (label < 0 ? width + label : label) : -1;
    const looksLikeHeader = header === true || (header === 'auto' && (typeof label === 'string' && label !== 'last'
      || cells.some((_, i) => i !== provisional && Number.isNaN(parseNumber(buf, bounds[2 * i], bounds[2 * i + 1])))));
    if (label === 'last') labelIndex = width - 1;
    else if (typeof label === 'number') labelIndex = label < 0 ? width + label : label;
    else {
      labelIndex = looksLikeHeader ? cells.indexOf(label) : -1;
      if (labelIndex < 0) throw new WasmlpError('UNKNOWN_COLUMN', `${path}: no column named ${JSON.stringify(label)} in the header (${cells.slice(0, 10).join(', ')}${cells.length > 10 ? ', ...' : ''}).`, { file: path, line: 1, option: 'label' });
    }
    if (!Number.isInteger(labelIndex) || labelIndex < 0 || labelIndex >= width) {
      throw new WasmlpError('BAD_OPTION', `${path}: label column ${describe(label)} is outside the ${width} columns of line 1.`, { file: path, option: 'label' });
    }
    if (width < 2) throw new WasmlpError('EMPTY_DATA', `${path}: line 1 has ${width} column; a training file needs features and a label.`, { file: path, line: 1 });
    const names = looksLikeHeader ? cells : cells.map((_, i) => `x${i}`);
    return {
      path, delimiter, hasHeader: looksLikeHeader, width, labelIndex,
      featureNames: names.filter((_, i) => i !== labelIndex), labelName: looksLikeHeader ? cells[labelIndex] : 'label',
    };
  }
  throw new WasmlpError('EMPTY_SOURCE', `${path} is empty: it has no lines.`, { file: path });
}

/**
 * One pass over the rows of a laid-out file, in chunks: features as float32, labels as class ids
 * (with `classes`), numbers, or (for scanCsv) their texts.
 */
async function* rowBlocks(layout: CsvLayout, options: CsvSourceOptions): AsyncGenerator<{ x: Float32Array; labels: string[] | Float32Array; rows: number }> {
  const { path, width, labelIndex } = layout;
  const nf = width - 1;
  const chunkRows = options.chunkRows ?? 8192;
  const classIndex = options.classes ? new Map(options.classes.map((c, i) => [c, i])) : null;
  const numericLabels = !classIndex && options.classes === undefined && (options as { labelsAsText?: boolean }).labelsAsText !== true;
  const delim = layout.delimiter.charCodeAt(0);
  const bounds = new Int32Array(2 * (width + 1));
  const label = new Int32Array(2);
  const textCache = new Map<number, string>();
  let x = new Float32Array(chunkRows * nf);
  let texts: string[] = [];
  let values = new Float32Array(chunkRows);
  let rows = 0, dataRow = 0;
  const keep = options.rows;
  for await (const batch of lineBatches(path)) {
    const buf = batch.buf;
    for (let li = 0; li < batch.count; li++) {
      const s = batch.starts[li], e = batch.ends[li], line = batch.lineNos[li];
      if (line === 1 && layout.hasHeader) continue;
      if (keep && !keep(dataRow)) { dataRow++; continue; }
      if (fastLine(buf, s, e, delim, width, labelIndex, x, rows * nf, label)) {
        dataRow++;
        const cs = label[0], ce = label[1];
        if (numericLabels || classIndex) {
          const v = numericLabels ? parseNumber(buf, cs, ce) : (classIndex!.get(cellText(buf, cs, ce)) ?? NaN);
          if (!Number.isFinite(v)) {
            throw new WasmlpError(numericLabels ? 'LABEL_NOT_NUMERIC' : 'UNKNOWN_LABEL', numericLabels
              ? `${path}: line ${line}, label column ${labelIndex + 1} is ${JSON.stringify(cellText(buf, cs, ce))}, not a number. Give csvSource the classes (scanCsv(path) finds them) for text labels.`
              : `${path}: line ${line} has label ${JSON.stringify(cellText(buf, cs, ce))}, which is not one of the classes ${options.classes!.slice(0, 10).map((k) => JSON.stringify(k)).join(', ')}.`, { file: path, line, column: labelIndex });
          }
          values[rows] = v;
        } else texts.push(labelText(buf, cs, ce));
      } else {
        lineGeneral(buf, s, e, line);
        dataRow++;
      }
      if (++rows === chunkRows) {
        yield { x, labels: numericLabels || classIndex ? values : texts, rows };
        x = new Float32Array(chunkRows * nf);
        values = new Float32Array(chunkRows);
        texts = [];
        rows = 0;
      }
    }
  }
  if (rows > 0) yield { x: x.subarray(0, rows * nf), labels: numericLabels || classIndex ? values.subarray(0, rows) : texts, rows };

  /** Label texts of up to 6 bytes come from a cache keyed by their bytes (one string per class, not per row). */
  function labelText(buf: Uint8Array, cs: number, ce: number): string {
    if (ce - cs > 6) return cellText(buf, cs, ce);
    let key = ce - cs;
    for (let i = cs; i < ce; i++) key = key * 256 + buf[i];
    let t = textCache.get(key);
    if (t === undefined) textCache.set(key, (t = cellText(buf, cs, ce)));
    return t;
  }

  /** Quoted cells, spaces, exponents, or an error to report: cell by cell. */
  function lineGeneral(buf: Uint8Array, s: number, e: number, line: number): void {
    const n = splitLine(buf, s, e, delim, bounds);
    if (n !== width) {
      throw new WasmlpError('RAGGED_ROW', `${path}: line ${line} has ${n} values, but line 1 has ${width}. Every line needs the same columns.`, { file: path, line });
    }
    let f = rows * nf;
    for (let c = 0; c < width; c++) {
      const cs = bounds[2 * c], ce = bounds[2 * c + 1];
      if (c === labelIndex) {
        if (numericLabels) {
          const v = parseNumber(buf, cs, ce);
          if (!Number.isFinite(v)) {
            throw new WasmlpError('LABEL_NOT_NUMERIC', `${path}: line ${line}, label column ${c + 1} is ${JSON.stringify(cellText(buf, cs, ce))}, not a number. Give csvSource the classes (scanCsv(path) finds them) for text labels.`, { file: path, line, column: c });
          }
          values[rows] = v;
        } else if (classIndex) {
          const t = cellText(buf, cs, ce);
          const id = classIndex.get(t);
          if (id === undefined) {
            throw new WasmlpError('UNKNOWN_LABEL', `${path}: line ${line} has label ${JSON.stringify(t)}, which is not one of the classes ${options.classes!.slice(0, 10).map((k) => JSON.stringify(k)).join(', ')}.`, { file: path, line, column: c });
          }
          values[rows] = id;
        } else texts.push(cellText(buf, cs, ce));
        continue;
      }
      const v = parseNumber(buf, cs, ce);
      if (!Number.isFinite(v)) {
        throw new WasmlpError('NOT_A_NUMBER', `${path}: line ${line}, column ${c + 1} (${JSON.stringify(layout.featureNames[c < labelIndex ? c : c - 1])}) is ${JSON.stringify(cellText(buf, cs, ce))}, not a number. Streaming reads numeric files only: fill or drop missing cells first.`, { file: path, line, column: c });
      }
      x[f++] = v;
    }
  }
}

/**
 * The common case in one scan of the line: plain decimal cells (no quotes, spaces or exponents)
 * go straight into x from `at`; the label cell's bounds go to `label`. Returns false when the
 * line needs the general path (splitLine + parseNumber), which then also finds any error.
 */
function fastLine(buf: Uint8Array, s: number, e: number, delim: number, width: number, labelIndex: number, x: Float32Array, at: number, label: Int32Array): boolean {
  let i = s;
  for (let c = 0; c < width; c++) {
    if (c === labelIndex) {
      const start = i;
      while (i < e && buf[i] !== delim) i++;
      label[0] = start; label[1] = i;
    } else {
      let neg = false;
      if (buf[i] === 45) { neg = true; i++; }
      let mant = 0, digits = 0, frac = 0, b = buf[i];
      while (b >= 48 && b <= 57) { mant = mant * 10 + (b - 48); digits++; b = buf[++i]; }
      if (b === 46) {
        b = buf[++i];
        while (b >= 48 && b <= 57) { mant = mant * 10 + (b - 48); digits++; frac++; b = buf[++i]; }
      }
      if (digits === 0 || digits > 15 || (i < e && b !== delim)) return false;
      const v = frac === 0 ? mant : mant / POW10[frac];
      x[at++] = neg ? -v : v;
    }
    if (c < width - 1) {
      if (i >= e || buf[i] !== delim) return false;
      i++;
    }
  }
  return i >= e;
}

/** Sorts label texts as loadCsv does: numerically when every one is a number. */
function sortClasses(texts: Iterable<string>): string[] {
  const all = [...texts];
  const numeric = all.every((t) => t !== '' && Number.isFinite(Number(t)));
  return numeric ? all.sort((a, b) => Number(a) - Number(b)) : all.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * A first pass over a CSV file: layout, row count and the sorted label texts. `onChunk` sees
 * each chunk of features (e.g. a scaler's partialFit) with its label texts.
 */
export async function scanCsv(path: string, options: CsvSourceOptions = {}, onChunk?: (x: Matrix, labels: string[]) => void): Promise<CsvScan> {
  const layout = await readLayout(path, options);
  const seen = new Set<string>();
  let rows = 0;
  for await (const b of rowBlocks(layout, { ...options, classes: undefined, labelsAsText: true } as CsvSourceOptions)) {
    const labels = b.labels as string[];
    for (const t of labels) {
      if (seen.size <= 10000) seen.add(t);
    }
    if (seen.size > 10000) {
      throw new WasmlpError('TOO_MANY_CLASSES', `${path}: label ${JSON.stringify(layout.labelName)} has more than 10000 distinct values; that is not a class column. Pick the class column with label.`, { file: path, option: 'label' });
    }
    onChunk?.({ data: b.x, rows: b.rows, cols: layout.width - 1 }, labels);
    rows += b.rows;
  }
  if (rows === 0) throw new WasmlpError('EMPTY_SOURCE', `${path} has no data rows${layout.hasHeader ? ' below its header' : ''}.`, { file: path });
  return { ...layout, rows, classes: sortClasses(seen), bytes: (await stat(path)).size };
}

/** A CSV file as a data source for fit(source): read again from disk for every epoch. */
export function csvSource(path: string, options: CsvSourceOptions = {}): { path: string; chunks(): AsyncIterable<RowChunk> } {
  let layout: Promise<CsvLayout> | null = null;
  return {
    path,
    chunks: async function* () {
      const l = await (layout ??= readLayout(path, options));
      for await (const b of rowBlocks(l, options)) {
        yield { x: { data: b.x, rows: b.rows, cols: l.width - 1 }, y: b.labels as Float32Array };
      }
    },
  };
}

/** Options of ndjsonSource: the label key, the feature keys and rows per chunk. */
export interface NdjsonSourceOptions {
  /** Rows per chunk; default 8192. */
  chunkRows?: number;
  /** Label text -> class id, for text labels. */
  classes?: readonly string[];
}

/**
 * Newline-delimited JSON, one row per line: `[f1, ..., fn, label]` or `{ "x": [...], "y": label }`.
 */
export function ndjsonSource(path: string, options: NdjsonSourceOptions = {}): { path: string; chunks(): AsyncIterable<RowChunk> } {
  const chunkRows = options.chunkRows ?? 8192;
  const classIndex = options.classes ? new Map(options.classes.map((c, i) => [c, i])) : null;
  return {
    path,
    chunks: async function* () {
      let xs: number[] = [], ys: number[] = [], width = -1;
      for await (const { buf, s, e, line } of lines(path)) {
        let row: unknown;
        try {
          row = JSON.parse(Buffer.from(buf.buffer, buf.byteOffset + s, e - s).toString('utf8'));
        } catch (err) {
          throw new WasmlpError('BAD_JSON', `${path}: line ${line} is not JSON: ${(err as Error).message}`, { file: path, line });
        }
        let x: unknown, y: unknown;
        if (Array.isArray(row)) { x = row.slice(0, -1); y = row[row.length - 1]; }
        else if (typeof row === 'object' && row !== null && 'x' in row) ({ x, y } = row as { x: unknown; y: unknown });
        else throw new WasmlpError('BAD_CHUNK', `${path}: line ${line} is ${describe(row)}; each line must be [features..., label] or { "x": [...], "y": label }.`, { file: path, line });
        if (!Array.isArray(x) || x.some((v) => typeof v !== 'number' || !Number.isFinite(v))) {
          throw new WasmlpError('NOT_A_NUMBER', `${path}: line ${line}: the features must be finite numbers; received ${describe(x)}.`, { file: path, line });
        }
        if (width < 0) width = x.length;
        if (x.length !== width) throw new WasmlpError('CHUNK_WIDTH', `${path}: line ${line} has ${x.length} features, earlier lines ${width}.`, { file: path, line });
        const label = classIndex ? classIndex.get(String(y)) : typeof y === 'number' ? y : NaN;
        if (label === undefined || !Number.isFinite(label)) {
          throw new WasmlpError(classIndex ? 'UNKNOWN_LABEL' : 'LABEL_NOT_NUMERIC', `${path}: line ${line} has label ${describe(y)}; ${classIndex ? 'it is not one of the classes given' : 'give the classes option for text labels'}.`, { file: path, line });
        }
        xs.push(...(x as number[]));
        ys.push(label);
        if (ys.length === chunkRows) {
          yield { x: { data: Float32Array.from(xs), rows: ys.length, cols: width }, y: ys };
          xs = []; ys = [];
        }
      }
      if (ys.length) yield { x: { data: Float32Array.from(xs), rows: ys.length, cols: width }, y: ys };
    },
  };
}
