import { webStreamChunks } from './web-stream.js';
import type { Options } from 'csv-parse/browser/esm';
import { WasmlpError, describe } from '../errors.js';
import { warn } from '../warnings.js';
import { csvEngine } from './csv-engine.js';
import { cleanCell, MISSING_TOKENS, parseNumber } from './csv-cells.js';
import { checkEncoding, collectBytes, decodeBytes, type Encoding } from './encoding.js';
import { checkOptionKeys } from './option-keys.js';
import { table, type Column, type Table } from './table.js';

/** Options of {@link loadTable} and {@link parseTable}. */
export interface TableOptions {
  /** 'auto' (default): the first line is a header when it reads as names (see {@link parseTable}); true/false force it. */
  header?: 'auto' | boolean;
  /** 'auto' (default): comma, semicolon or tab, whichever the first line has most of outside quotes. */
  delimiter?: 'auto' | string;
  /** Cells that mean "missing", compared case-insensitively after trimming (default: empty, `?`, `NA`, `NaN`, `null`). */
  missingValues?: readonly string[];
  /** 'auto' (default): with a ';' or tab delimiter, a column of numbers written with a decimal comma ('1,5') is read as numbers. '.' never does. */
  decimal?: 'auto' | '.' | ',';
  /** 'utf-8' (default, invalid bytes are an error), 'latin1', or 'auto' (UTF-8, else Latin-1 with a warning). */
  encoding?: Encoding | 'utf8' | 'latin-1';
  /** Quote character; default '"' ('' for tab-separated files, whose cells often hold unescaped quotes). */
  quote?: string;
  /** Name shown in messages (set automatically for file paths and File objects). */
  fileName?: string;
}

const TABLE_OPTION_KEYS = ['header', 'delimiter', 'missingValues', 'decimal', 'encoding', 'quote', 'fileName'];

/** What the parser decided, for `wasmlp inspect` and messages. */
export interface TableInfo {
  header: boolean;
  delimiter: string;
  /** Columns read as numbers with a decimal comma. */
  decimalComma: string[];
  /** 1-based line of the first data row. */
  firstDataLine: number;
  file?: string;
}

/** Where a table loader reads from: a path, CSV text, a Blob, a Response or a stream. */
export type TableSource = string | Blob | Response | ReadableStream<Uint8Array | string> | AsyncIterable<Uint8Array | string>;

/**
 * Loads a delimited text table (CSV, TSV, semicolon files) into a {@link Table} of named, typed
 * columns: numbers (float64, NaN = missing) where every present cell is a number, text otherwise
 * (null = missing). Spaces around cells are trimmed; missing tokens become missing cells, not errors.
 * A string holding a line break (or a delimiter, when no file has that name) is CSV text; any other
 * string is a path (Node: import from 'wasmlp/node').
 *
 * @example
 * const t = await loadTable('titanic.csv');
 * inferSchema(t, { label: 'survived' });
 */
export async function loadTable(source: TableSource, options: TableOptions = {}): Promise<Table> {
  return (await readTable(source, options)).table;
}

/** {@link loadTable} with what the parser decided (header, delimiter, decimal commas). */
export async function readTable(source: TableSource, options: TableOptions = {}): Promise<{ table: Table; info: TableInfo }> {
  checkOptionKeys('loadTable', options, TABLE_OPTION_KEYS);
  const encoding = checkEncoding(options.encoding);
  if (typeof source === 'string') {
    if (!isPath(source)) return parseTable(source, options);
    const chunks = csvEngine().openFile(source);
    if (!chunks) {
      throw new WasmlpError('NO_FILE_SYSTEM', `loadTable received ${describe(source)}, which looks like a file path, but this runtime cannot read files. Pass the text, a File, a Response or a ReadableStream; on Node, import from 'wasmlp/node'.`, { file: source });
    }
    return parseTable(await readAll(chunks, encoding, source), { fileName: source, ...options });
  }
  if (typeof Response !== 'undefined' && source instanceof Response) {
    if (!source.ok) throw new WasmlpError('HTTP_ERROR', `loadTable: the response for ${source.url || 'the request'} has status ${source.status} ${source.statusText}. Check the URL.`, { file: source.url });
    const bytes = new Uint8Array(await source.arrayBuffer());
    const file = options.fileName ?? (source.url || undefined);
    return parseTable(decodeBytes(bytes, encoding, file), { ...(file ? { fileName: file } : {}), ...options });
  }
  if (typeof Blob !== 'undefined' && source instanceof Blob) {
    const file = options.fileName ?? (source as Blob & { name?: string }).name;
    const bytes = new Uint8Array(await source.arrayBuffer());
    return parseTable(decodeBytes(bytes, encoding, file), { ...(file ? { fileName: file } : {}), ...options });
  }
  if (typeof ReadableStream !== 'undefined' && source instanceof ReadableStream) {
    return parseTable(await readAll(webStreamChunks(source), encoding, options.fileName), options);
  }
  if (source && typeof (source as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
    return parseTable(await readAll(source as AsyncIterable<Uint8Array | string>, encoding, options.fileName), options);
  }
  throw new WasmlpError('BAD_INPUT_TYPE', `loadTable needs CSV text, a file path, a Blob/File, a Response, a ReadableStream or a Node Readable; received ${describe(source)}.`, { option: 'source' });
}

async function readAll(chunks: AsyncIterable<Uint8Array | string>, encoding: Encoding, file?: string): Promise<string> {
  let data: Uint8Array | string;
  try {
    data = await collectBytes(chunks);
  } catch (error) {
    const e = error as { code?: string; path?: string };
    if (e?.code === 'ENOENT' || e?.code === 'EISDIR' || e?.code === 'EACCES') {
      const why = e.code === 'ENOENT' ? 'no such file' : e.code === 'EISDIR' ? 'it is a directory' : 'permission denied';
      throw new WasmlpError('FILE_NOT_FOUND', `Cannot read ${JSON.stringify(e.path ?? file)} (${why}). Check the path; relative paths start from the current directory.`, { file: e.path ?? file });
    }
    throw error;
  }
  return typeof data === 'string' ? data : decodeBytes(data, encoding, file);
}

/**
 * A string is a path when it has no line break and either a file of that name exists (so
 * 'runs/a,b.csv' or 'a,b' stays a path) or it has no delimiter at all.
 */
function isPath(source: string): boolean {
  if (/[\r\n]/.test(source)) return false;
  const fs = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule?.('node:fs') as { existsSync(p: string): boolean } | undefined;
  if (fs?.existsSync(source)) return true;
  return !/[,;\t]/.test(source) || /\.(csv|tsv|txt|data|tab)$/i.test(source.trim());
}

/** Parses table text synchronously (csv-parse), then types each column. */
export function parseTable(text: string, options: TableOptions = {}): { table: Table; info: TableInfo } {
  checkOptionKeys('parseTable', options, TABLE_OPTION_KEYS);
  const file = options.fileName;
  const where = file !== undefined ? `${file}: ` : '';
  const place = (p: object) => (file !== undefined ? { ...p, file } : p);
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const bom = body.indexOf('\ufeff');
  if (bom >= 0) {
    const line = body.slice(0, bom).split('\n').length;
    throw new WasmlpError('BOM_IN_DATA', `${where}line ${line} holds a byte-order mark (U+FEFF), which belongs only at the start of a file: two files were probably concatenated. Remove the mark (and any repeated header line).`, place({ line }));
  }
  const delimiter = resolveDelimiter(body, options.delimiter);
  const missing = new Set((options.missingValues ?? MISSING_TOKENS).map((t) => String(t).trim().toLowerCase()));
  if (options.missingValues !== undefined && !Array.isArray(options.missingValues)) {
    throw new WasmlpError('BAD_OPTION', `Option 'missingValues' must be an array of strings such as ['', '?', 'NA']; received ${describe(options.missingValues)}.`, { option: 'missingValues' });
  }
  const quote = options.quote ?? (delimiter === '\t' ? '' : '"');
  const records: string[][] = [];
  const lines: number[] = [];
  let nextLine = 1;
  try {
    csvEngine().parseSync(body, {
      ...parserOptions(delimiter, quote),
      on_record: (record: string[]) => {
        const start = nextLine;
        nextLine += 1 + countNewlines(record);
        if (record.length === 1 && record[0].trim() === '') return null; // an empty line
        records.push(record.map(cleanCell));
        lines.push(start);
        return null;
      },
    } as Options);
  } catch (error) {
    const e = error as { code?: string; message?: string; lines?: number };
    if (typeof e?.code === 'string' && (e.code.startsWith('CSV_') || e.code === 'INVALID_OPENING_QUOTE')) {
      throw new WasmlpError('CSV_SYNTAX', `${where}line ${e.lines}: ${e.message} Quote fields that contain the delimiter, a quote (as "") or a line break.`, place({ line: e.lines }));
    }
    throw error;
  }
  if (records.length === 0) {
    throw new WasmlpError('EMPTY_FILE', `${where}is empty: it has no rows. Check the path or the text you passed.`, place({}));
  }
  const isMissing = (cell: string) => missing.has(cell.toLowerCase());
  const header = resolveHeader(options.header, records, isMissing);
  const width = records[0].length;
  const start = header ? 1 : 0;
  if (header && records.length === 1) {
    throw new WasmlpError('HEADER_ONLY', `${where}has a header line (line ${lines[0]}) but no data rows below it.`, place({ line: lines[0] }));
  }
  for (let r = start; r < records.length; r++) {
    if (records[r].length !== width) {
      const what = header ? `the header (line ${lines[0]}) has ${width}` : `line ${lines[0]} has ${width}`;
      throw new WasmlpError('RAGGED_ROW', `${where}line ${lines[r]} has ${records[r].length} field${records[r].length === 1 ? '' : 's'} but ${what}. Every row needs the same number of fields; check for a stray or missing delimiter ('${delimiter === '\t' ? '\\t' : delimiter}' was used), or quote fields that contain one.`, place({ line: lines[r], column: Math.min(records[r].length, width) + 1 }));
    }
  }
  const names = header ? headerNames(records[0], where) : records[0].map((_, c) => String(c));
  const decimalComma: string[] = [];
  const columns: Column[] = names.map((name, c) => {
    const cells: (string | null)[] = new Array(records.length - start);
    for (let r = start; r < records.length; r++) cells[r - start] = isMissing(records[r][c]) ? null : records[r][c];
    const numbers = asNumbers(cells, (i) => lines[i + start], name, where, place);
    if (numbers) return { name, type: 'number', values: numbers };
    const comma = delimiter !== ',' && (options.decimal ?? 'auto') !== '.' ? asDecimalComma(cells) : null;
    if (comma) {
      decimalComma.push(name);
      return { name, type: 'number', values: comma };
    }
    return { name, type: 'string', values: cells };
  });
  return { table: table(columns), info: { header, delimiter, decimalComma, firstDataLine: lines[start], ...(file !== undefined ? { file } : {}) } };
}

function parserOptions(delimiter: string, quote: string): Options {
  return {
    delimiter,
    quote: quote === '' ? false : quote,
    bom: true,
    trim: true,
    relax_column_count: true, // ragged rows are reported below, with their line
    skip_empty_lines: false, // counted here, so line numbers stay right
    record_delimiter: ['\r\n', '\n', '\r'],
  } as Options;
}

function resolveDelimiter(text: string, d: unknown): string {
  if (d === undefined || d === 'auto') {
    const end = text.search(/[\r\n]/);
    const first = end < 0 ? text : text.slice(0, end);
    const counts: Record<string, number> = { ',': 0, ';': 0, '\t': 0 };
    let quoted = false;
    for (const ch of first) {
      if (ch === '"') quoted = !quoted;
      else if (!quoted && ch in counts) counts[ch]++;
    }
    let best = ',';
    for (const c of [';', '\t']) if (counts[c] > counts[best]) best = c;
    return best;
  }
  if (typeof d !== 'string' || d.length === 0) {
    throw new WasmlpError('BAD_OPTION', `Option 'delimiter' must be 'auto' or a non-empty string such as ',', ';' or '\\t'; received ${describe(d)}.`, { option: 'delimiter' });
  }
  return d;
}

const isNumberCell = (cell: string) => Number.isFinite(parseNumber(cell)) || parseNumber(cell) === Infinity;

/**
 * 'auto': the first row is a header when (1) some column holds text on it and only numbers below,
 * (2) its numeric cells count columns (0,1,2,3,... or 1,2,3,4,..., at least four: a numbered header), or (3) it is all
 * distinct text and none of its cells reappear in its column below (e.g. 'Label<TAB>SMS').
 */
function resolveHeader(option: unknown, records: string[][], isMissing: (c: string) => boolean): boolean {
  if (option === true || option === false) return option;
  if (option !== undefined && option !== 'auto') {
    throw new WasmlpError('BAD_OPTION', `Option 'header' must be 'auto', true or false; received ${describe(option)}.`, { option: 'header' });
  }
  const first = records[0];
  const body = records.slice(1, 501).filter((r) => r.length === first.length);
  const isText = (c: string) => !isMissing(c) && !isNumberCell(c);
  if (body.length === 0) return first.some(isText);
  for (let c = 0; c < first.length; c++) {
    if (!isText(first[c])) continue;
    let numbers = 0, texts = 0;
    for (const r of body) {
      if (isMissing(r[c])) continue;
      if (isNumberCell(r[c])) numbers++;
      else texts++;
    }
    if (numbers > 0 && texts === 0) return true;
  }
  const numeric = first.filter((c) => !isMissing(c) && isNumberCell(c)).map(Number);
  if (numeric.length >= 4 && numeric.every((v, i) => Number.isInteger(v) && (i === 0 ? v === 0 || v === 1 : v === numeric[i - 1] + 1))) {
    const second = body[0].filter((c) => !isMissing(c) && isNumberCell(c)).map(Number);
    const alsoCounting = second.length === numeric.length && second.every((v, i) => v === numeric[i]);
    if (!alsoCounting) return true;
  }
  if (first.every(isText) && new Set(first).size === first.length) {
    return first.every((name, c) => !body.some((r) => r[c] === name));
  }
  return false;
}

/** Header cells as column names: empty names become `column_<n>`, repeated names get `.1`, `.2` (as pandas) with a warning. */
function headerNames(cells: string[], where: string): string[] {
  const seen = new Map<string, number>();
  const out = cells.map((cell, c) => (cell === '' ? `column_${c + 1}` : cell));
  const taken = new Set(out);
  return out.map((name) => {
    const n = seen.get(name) ?? 0;
    seen.set(name, n + 1);
    if (n === 0) return name;
    let k = n, renamed = `${name}.${k}`;
    while (taken.has(renamed)) renamed = `${name}.${++k}`;
    taken.add(renamed);
    warn('DUPLICATE_HEADER', `${where}the header names column '${name}' more than once; the repeat is called '${renamed}'. Rename the columns so each name is unique, and check which one you mean as the label.`);
    return renamed;
  });
}

/** Float64 values when every present cell is a number; null when some cell is text. */
function asNumbers(cells: (string | null)[], lineOf: (i: number) => number, name: string, where: string, place: (p: object) => object): Float64Array | null {
  const out = new Float64Array(cells.length);
  let present = 0;
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i];
    if (cell === null) {
      out[i] = NaN;
      continue;
    }
    const v = parseNumber(cell);
    if (Number.isNaN(v)) return null;
    out[i] = v;
    present++;
  }
  for (let i = 0; i < cells.length; i++) {
    if (out[i] === Infinity || out[i] === -Infinity) {
      throw new WasmlpError('NON_FINITE', `${where}line ${lineOf(i)}, column '${name}' is ${JSON.stringify(cells[i])}, which is infinite or beyond float32 (±3.4e38). Rescale the column or mark the cell missing.`, place({ line: lineOf(i), column: name }) as object);
    }
  }
  return present > 0 ? out : null;
}

const DECIMAL_COMMA = /^[+-]?(?:\d+|\d{1,3}(?:\.\d{3})+)?,\d+$/;

/** Numbers written '1,5' (and '1.234,5'): all present cells integers or decimal-comma numbers, at least one with a comma. */
function asDecimalComma(cells: (string | null)[]): Float64Array | null {
  let commas = 0;
  const out = new Float64Array(cells.length);
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i];
    if (cell === null) {
      out[i] = NaN;
      continue;
    }
    if (DECIMAL_COMMA.test(cell)) {
      commas++;
      out[i] = Number(cell.replace(/\./g, '').replace(',', '.'));
    } else if (/^[+-]?\d+$/.test(cell)) out[i] = Number(cell);
    else return null;
  }
  return commas > 0 ? out : null;
}

function countNewlines(record: string[]): number {
  let n = 0;
  for (const field of record) for (let i = field.indexOf('\n'); i >= 0; i = field.indexOf('\n', i + 1)) n++;
  return n;
}

