import { webStreamChunks } from './web-stream.js';
import type { WithSnakeCase } from '../names.js';
import type { Options } from 'csv-parse/browser/esm';
import { WasmlpError, describe } from '../errors.js';
import { DatasetBuilder } from './csv-builder.js';
import { csvEngine } from './csv-engine.js';
import { fileBlocks, loadNumericChunks, loadNumericText } from './csv-fast.js';
import { normaliseOptions } from '../options.js';
import type { CsvOptions, Dataset } from './dataset.js';
import { checkEncoding } from './encoding.js';
import { warn } from '../warnings.js';

/** A path that exists wins over reading the string as CSV text ('runs/a,b' is a directory name, not two cells). */
function fileExists(path: string): boolean {
  if (/[\r\n]/.test(path)) return false;
  const fs = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule?.('node:fs') as { existsSync(p: string): boolean } | undefined;
  return fs?.existsSync(path) ?? false;
}

/**
 * Checks (or converts) byte chunks on their way to the parser: strict UTF-8 by default, so a
 * Latin-1 file is refused instead of merging 'café' and 'cafè' into one U+FFFD-spelled class.
 */
function byteGate(options: CsvOptions) {
  let encoding = checkEncoding(options.encoding);
  const strict = new TextDecoder('utf-8', { fatal: true });
  const latin1 = new TextDecoder('windows-1252');
  let offset = 0; // bytes before this chunk (no per-line counting: this runs on every chunk of big files)
  return (chunk: Uint8Array): Uint8Array | string => {
    if (encoding !== 'latin1') {
      try {
        strict.decode(chunk, { stream: true });
        offset += chunk.length;
        return chunk;
      } catch {
        let bad = 0;
        while (bad < chunk.length && chunk[bad] < 0x80) bad++;
        let line = 1;
        for (let i = chunk.lastIndexOf(10, bad); i >= 0; i = chunk.lastIndexOf(10, i - 1)) line++;
        const file = options.fileName;
        const at = `byte ${offset + bad}${offset === 0 ? ` (line ${line})` : ''}`;
        if (encoding === 'utf-8') {
          throw new WasmlpError('INVALID_UTF8', `${file ? `CSV ${file}: ` : 'CSV: '}${at} starts bytes that are not valid UTF-8: the file is probably Latin-1 (ISO-8859-1 / Windows-1252). Set encoding: 'latin1' (or 'auto'), or re-save the file as UTF-8.`, { option: 'encoding', ...(offset === 0 ? { line } : {}), ...(file ? { file } : {}) });
        }
        warn('LATIN1_DECODED', `${file ? `CSV ${file}: ` : 'CSV: '}the bytes are not valid UTF-8 (${at}); read as Latin-1 (Windows-1252).`);
        encoding = 'latin1';
      }
    }
    offset += chunk.length;
    return latin1.decode(chunk, { stream: true });
  };
}

/** Where loadCsv can read from. A string is CSV text when it has a line break or a delimiter (see {@link isCsvText}), else a file path. */
export type CsvSource = string | Blob | Response | ReadableStream<Uint8Array | string> | AsyncIterable<Uint8Array | string>;

/**
 * Loads a CSV table into a {@link Dataset}: float32 features, encoded labels and their names.
 *
 * Handles a UTF-8 BOM, CRLF or LF, no final newline, quoted fields, spaces around cells,
 * '.28' and '1e-3', and labels written as 'M', "'-1'" or 0/1. Files and streams are parsed row by
 * row into float32 chunks; only strings are parsed in one call.
 * Errors are WasmlpError with `where.line` and `where.column` 1-based, as an editor shows them.
 *
 * @example
 * const iris = await loadCsv('data/iris.csv');          // label 'last', header 'auto'
 * iris.classes;                                          // ['Iris-setosa', 'Iris-versicolor', 'Iris-virginica']
 * const sonar = await loadCsv(text, { positiveClass: 'M' });
 */
export async function loadCsv(source: CsvSource, given: WithSnakeCase<CsvOptions> = {}): Promise<Dataset> {
  const options = csvOptions('loadCsv', given);
  if (typeof source === 'string') {
    if (isCsvText(source) && !fileExists(source)) return loadCsvText(source, options);
    // Plain numeric files take the fast path (csv-fast.ts); anything else is read again below.
    const blocks = fileBlocks(source);
    const fast = blocks && (await loadNumericChunks(blocks.chunks, { fileName: source, ...options }, blocks.size));
    if (fast) return fast;
    const chunks = csvEngine().openFile(source);
    if (!chunks) {
      throw new WasmlpError('NO_FILE_SYSTEM', `loadCsv received ${describe(source)}, which looks like a file path (no newline or delimiter), but this runtime cannot read files. Pass the CSV text, a File, a Response from fetch(), or a ReadableStream; on Node, import loadCsv from 'wasmlp/node'.`, { file: source });
    }
    return loadChunks(chunks, { fileName: source, ...options });
  }
  if (typeof Response !== 'undefined' && source instanceof Response) {
    if (!source.ok) {
      throw new WasmlpError('HTTP_ERROR', `loadCsv: the response for ${source.url || 'the request'} has status ${source.status} ${source.statusText}. Check the URL.`, { file: source.url });
    }
    if (!source.body) return loadCsvText('', { fileName: source.url || undefined, ...options });
    return loadChunks(webStreamChunks(source.body), { fileName: source.url || undefined, ...options });
  }
  if (typeof Blob !== 'undefined' && source instanceof Blob) {
    const name = (source as Blob & { name?: string }).name;
    const fast = await loadNumericChunks(webStreamChunks(source.stream()) as AsyncIterable<Uint8Array>, { fileName: name, ...options }, source.size);
    if (fast) return fast;
    return loadChunks(webStreamChunks(source.stream()), { fileName: name, ...options });
  }
  if (typeof ReadableStream !== 'undefined' && source instanceof ReadableStream) {
    return loadChunks(webStreamChunks(source), options);
  }
  if (source && typeof (source as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
    return loadChunks(source as AsyncIterable<Uint8Array | string>, options);
  }
  throw new WasmlpError('BAD_INPUT_TYPE', `loadCsv needs CSV text, a file path, a Blob/File, a Response, a ReadableStream or a Node Readable; received ${describe(source)}.`, { option: 'source' });
}

// A key per CsvOptions field: adding a field without listing it here is a compile error.
const CSV_KEYS: { [K in keyof Required<CsvOptions>]: true } = {
  label: true, header: true, delimiter: true, positiveClass: true, missing: true, categorical: true, task: true, encoding: true, fileName: true,
};
const CSV_OPTIONS = Object.keys(CSV_KEYS) as (keyof CsvOptions)[];

/** Validates loader options (a misspelled 'positveClass' is an error naming 'positiveClass'). */
export function csvOptions(owner: string, given: CsvOptions): CsvOptions {
  return normaliseOptions<CsvOptions>(owner, given, CSV_OPTIONS);
}

/** Parses CSV text synchronously (csv-parse/sync); records go straight into the builder. */
export function loadCsvText(text: string, given: WithSnakeCase<CsvOptions> = {}): Dataset {
  const options = csvOptions('loadCsvText', given);
  if (typeof text !== 'string') {
    throw new WasmlpError('BAD_INPUT_TYPE', `loadCsvText takes the CSV text as a string, received ${describe(text)}. For a file, Blob, Response or stream use loadCsv.`, { option: 'text' });
  }
  const fast = loadNumericText(text, options);
  if (fast) return fast;
  const builder = new DatasetBuilder(options);
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const bom = body.indexOf('\ufeff');
  if (bom >= 0) throw bomInData(options, `line ${lineAt(body, bom)}`, lineAt(body, bom));
  if (body.trim() !== '') {
    try {
      csvEngine().parseSync(body, {
        ...parserOptions(resolveDelimiter(body, options)),
        on_record: (record) => {
          builder.add(record as string[]);
          return null; // keep nothing: the builder already stored the values
        },
      });
    } catch (error) {
      throw asWasmlpError(error, options);
    }
  }
  return builder.finish();
}

/**
 * True when a string is CSV content rather than a path: it has a line break, or a delimiter and
 * no file extension such as '.csv' at its end (so 'runs/a,b.csv' stays a path).
 */
export function isCsvText(source: string): boolean {
  if (/[\r\n]/.test(source)) return true;
  return /[,;\t]/.test(source) && !/\.(csv|tsv|txt|data)$/i.test(source.trim());
}

/**
 * 'auto': the most frequent of comma, semicolon and tab outside quotes on the first line
 * (comma on a tie or when none occurs: a one-column file).
 */
export function detectDelimiter(firstLine: string): ',' | ';' | '\t' {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of firstLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === ',' || ch === ';' || ch === '\t')) counts[ch]++;
  }
  let best: ',' | ';' | '\t' = ',';
  for (const d of [';', '\t'] as const) if (counts[d] > counts[best]) best = d;
  return best;
}

function resolveDelimiter(text: string, options: CsvOptions): string {
  const d = options.delimiter ?? 'auto';
  if (d !== 'auto') {
    if (typeof d !== 'string' || d.length === 0) {
      throw new WasmlpError('BAD_OPTION', `Option 'delimiter' must be 'auto' or a non-empty string such as ',', ';' or '\\t'; received ${describe(d)}.`, { option: 'delimiter' });
    }
    return d;
  }
  const end = text.search(/[\r\n]/);
  return detectDelimiter(end < 0 ? text : text.slice(0, end));
}

function parserOptions(delimiter: string): Options {
  return {
    delimiter,
    bom: true,
    trim: true,
    relax_column_count: true, // the builder reports ragged rows itself, with line and header
    skip_empty_lines: false, // the builder skips them, and so can count lines itself
    record_delimiter: ['\r\n', '\n', '\r'], // mixed endings: csv-parse otherwise locks onto the first one
  };
}

/** Streams chunks through csv-parse's streaming parser; holds only one chunk of text at a time. */
async function loadChunks(chunks: AsyncIterable<Uint8Array | string>, options: CsvOptions): Promise<Dataset> {
  const builder = new DatasetBuilder(options);
  const bytes = csvEngine().acceptsBytes;
  const decoder = new TextDecoder('utf-8'); // strips a BOM, keeps multi-byte characters split across chunks whole
  let head = ''; // text of the chunks held back until the first line is complete, to detect the delimiter
  let held: (Uint8Array | string)[] = []; // those chunks as they came
  let parser: ReturnType<typeof startParser> | null = null;
  const gate = byteGate(options);
  try {
    let offset = 0; // units (bytes or characters) seen before this chunk
    for await (const original of chunks) {
      const chunk = typeof original === 'string' ? original : gate(original);
      const at = findBom(chunk, offset === 0 ? 1 : 0);
      if (at >= 0) throw bomInData(options, `position ${offset + at} of the stream`);
      offset += chunk.length;
      const raw = bytes || typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
      if (parser) {
        parser.write(raw);
        if (parser.failed()) break;
        continue;
      }
      head += typeof chunk === 'string' ? chunk : bytes ? decoder.decode(chunk, { stream: true }) : raw;
      held.push(raw);
      if (/[\r\n]/.test(head)) {
        parser = startParser(head, options, builder, held);
        held = [];
      }
    }
    if (!parser) {
      head += decoder.decode();
      if (head.replace(/^\ufeff/, '').trim() === '') return builder.finish();
      parser = startParser(head, options, builder, held);
    } else if (!bytes) {
      const rest = decoder.decode();
      if (rest) parser.write(rest);
    }
    await parser.end();
  } catch (error) {
    throw asWasmlpError(error, options);
  }
  return builder.finish();
}

function startParser(head: string, options: CsvOptions, builder: DatasetBuilder, first: (Uint8Array | string)[]) {
  const parser = new (csvEngine().Parser)(parserOptions(resolveDelimiter(head.replace(/^\ufeff/, ''), options)));
  let error: unknown = null;
  const done = new Promise<void>((resolve, reject) => {
    parser.on('error', (e) => {
      error ??= e; // keep the first: later writes to a failed stream add 'stream destroyed' errors
      reject(error);
    });
    parser.on('end', () => (error ? reject(error) : resolve()));
  });
  done.catch(() => {}); // observed through failed()/end(); avoids an unhandled rejection meanwhile
  // Records arrive as 'data' events (not on_record, whose per-record info objects cost ~2 s per
  // million rows). A builder error must not escape into the stream machinery: keep it, stop feeding.
  parser.on('data', (record: string[]) => {
    if (error) return;
    try {
      builder.add(record);
    } catch (e) {
      error = e;
    }
  });
  const write = (chunk: Uint8Array | string) => {
    if (!error) parser.write(chunk);
  };
  first.forEach(write);
  return {
    write,
    failed: () => error !== null,
    end: async () => {
      if (error) throw error;
      parser.end();
      await done;
    },
  };
}


/**
 * A byte-order mark is valid only as the first character; inside the data it means two files
 * were joined. csv-parse's trim and Number() would both drop it silently, so it is looked for
 * before parsing. Returns its index in the chunk (from `from` on), or -1.
 */
function findBom(chunk: Uint8Array | string, from: number): number {
  if (typeof chunk === 'string') return chunk.indexOf('\ufeff', from);
  for (let i = chunk.indexOf(0xef, from); i >= 0 && i + 2 < chunk.length; i = chunk.indexOf(0xef, i + 1)) {
    if (chunk[i + 1] === 0xbb && chunk[i + 2] === 0xbf) return i;
  }
  return -1;
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

function bomInData(options: CsvOptions, where: string, line?: number): WasmlpError {
  const file = options.fileName ? `${options.fileName}: ` : '';
  return new WasmlpError('BOM_IN_DATA', `${file}${where} holds a byte-order mark (U+FEFF), which belongs only at the start of a file: two files were probably concatenated. Remove the mark (and any repeated header line).`, { ...(line ? { line } : {}), ...(options.fileName ? { file: options.fileName } : {}) });
}

/** csv-parse syntax errors (unclosed quote, stray quote) become WasmlpError with the line. */
function asWasmlpError(error: unknown, options: CsvOptions): unknown {
  if (error instanceof WasmlpError) return error;
  const e = error as { code?: string; message?: string; lines?: number; path?: string };
  if (e?.code === 'ENOENT' || e?.code === 'EISDIR') {
    return new WasmlpError('FILE_NOT_FOUND', `loadCsv: cannot read ${JSON.stringify(e.path ?? options.fileName)} (${e.code}). Check the path; relative paths start from the current directory. To pass CSV text instead, include its line breaks.`, { file: e.path ?? options.fileName });
  }
  if (typeof e?.code === 'string' && e.code.startsWith('CSV_') || e?.code === 'INVALID_OPENING_QUOTE') {
    const file = options.fileName;
    const where = file !== undefined ? `CSV ${file}: ` : 'CSV: ';
    return new WasmlpError('CSV_SYNTAX', `${where}line ${e.lines}: ${e.message} Quote fields that contain the delimiter, a quote (as "") or a line break.`, { line: e.lines, ...(file !== undefined ? { file } : {}) });
  }
  return error;
}
