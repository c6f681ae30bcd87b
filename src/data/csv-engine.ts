// First: where Object.prototype.__proto__ is missing (Deno) it sets the flag csv-parse's Buffer polyfill reads as it loads.
import { bufferModeSet } from './csv-buffer-mode.js';
import { Parser as BrowserParser } from 'csv-parse/browser/esm';
import { parse as browserParse } from 'csv-parse/browser/esm/sync';
import type { Options } from 'csv-parse/browser/esm';

if (bufferModeSet) delete (globalThis as { TYPED_ARRAY_SUPPORT?: boolean }).TYPED_ARRAY_SUPPORT;

/**
 * The csv-parse build loadCsv runs on. The default is csv-parse's browser bundle, because
 * `csv-parse/sync` and `csv-parse` touch Node's Buffer (and 'stream') as soon as they are imported,
 * which would break the main entry in browsers. `wasmlp/node` (src/data/csv-node.ts) swaps in the
 * native Node build, about 3.5x faster on big files, and a file reader.
 */
export interface CsvEngine {
  /** csv-parse's synchronous parser (records reach `on_record`). */
  parseSync(text: string, options: Options): unknown;
  /** csv-parse's streaming parser. */
  Parser: new (options: Options) => StreamParser;
  /** The streaming parser takes raw bytes (it then handles the BOM and split UTF-8 itself). */
  acceptsBytes: boolean;
  /** Reads a file path as byte chunks; null when this runtime has no file system. */
  openFile(path: string): AsyncIterable<Uint8Array | string> | null;
}

/** The part of csv-parse's Transform stream that loadCsv drives. */
export interface StreamParser {
  write(chunk: string | Uint8Array): boolean;
  end(): unknown;
  on(event: 'end' | 'finish', listener: () => void): unknown;
  on(event: 'data', listener: (record: string[]) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

interface FsLike {
  createReadStream(path: string): AsyncIterable<Uint8Array>;
}

/** Node >= 20.16 exposes built-ins without an import statement, keeping bundlers away from node:fs. */
function lazyFs(): FsLike | null {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return (proc?.getBuiltinModule?.('node:fs') as FsLike | undefined) ?? null;
}

const browserEngine: CsvEngine = {
  parseSync: browserParse,
  Parser: BrowserParser as unknown as CsvEngine['Parser'],
  acceptsBytes: false, // its Buffer polyfill would copy every chunk; text is cheaper
  openFile: (path) => lazyFs()?.createReadStream(path) ?? null,
};

let current: CsvEngine = browserEngine;

export function csvEngine(): CsvEngine {
  return current;
}

/** Replaces the csv-parse build (used by src/data/csv-node.ts). */
export function setCsvEngine(engine: CsvEngine): void {
  current = engine;
}
