import { WasmlpError, describe } from '../errors.js';
import { normaliseOptions } from '../options.js';
import type { Callback, Logs } from './callback.js';

/** Options of the CSVLogger callback: where to write and whether to append. */
export interface CSVLoggerOptions {
  /** File to write (Node, Deno, Bun); or give `write` instead. */
  path?: string;
  /** Receives each line (with its newline) instead of a file, e.g. in browsers. */
  write?: (line: string) => void | Promise<void>;
  /** Default ','. */
  separator?: string;
  /** Add to an existing file (no second header) instead of replacing it; default false. */
  append?: boolean;
}

interface AppendFs {
  appendFile(path: string, data: string): Promise<void>;
  writeFile(path: string, data: string): Promise<void>;
  readFile(path: string, encoding: 'utf8'): Promise<string>;
}

/** Keras' CSVLogger: one row per epoch, `epoch` then the logged values, header from the first epoch. */
export class CSVLogger implements Callback {
  readonly path: string | undefined;
  readonly separator: string;
  readonly append: boolean;
  private readonly write: ((line: string) => void | Promise<void>) | undefined;
  private keys: string[] | null = null;
  private headerWanted = true;

  constructor(options: CSVLoggerOptions) {
    const o = normaliseOptions<CSVLoggerOptions>('CSVLogger', options, ['path', 'write', 'separator', 'append']);
    if ((o.path === undefined) === (o.write === undefined) || (o.path !== undefined && (typeof o.path !== 'string' || o.path === '')) || (o.write !== undefined && typeof o.write !== 'function')) {
      throw new WasmlpError('BAD_OPTION', `CSVLogger needs exactly one of 'path' (a file) or 'write' (a function taking each line); received ${describe(options)}.`, { option: 'path' });
    }
    this.path = o.path;
    this.write = o.write;
    this.separator = o.separator ?? ',';
    this.append = o.append ?? false;
  }

  private fs(): AppendFs {
    const getBuiltin = (globalThis as { process?: { getBuiltinModule?: (name: string) => unknown } }).process?.getBuiltinModule;
    const mod = getBuiltin?.('node:fs/promises') as AppendFs | undefined;
    if (!mod) throw new WasmlpError('NO_FILE_SYSTEM', "CSVLogger with a 'path' needs a file system (Node, Deno or Bun); in browsers pass { write: (line) => ... }.", { option: 'path' });
    return mod;
  }

  private async emit(text: string, first: boolean): Promise<void> {
    if (this.write) return this.write(text);
    const f = this.fs();
    try {
      if (first && !this.append) await f.writeFile(this.path!, text);
      else await f.appendFile(this.path!, text);
    } catch (e) {
      throw new WasmlpError('FILE_WRITE', `CSVLogger could not write ${this.path}: ${(e as Error).message}`, { file: this.path });
    }
  }

  async onTrainBegin(): Promise<void> {
    this.keys = null;
    this.headerWanted = true;
    if (this.append && this.path) {
      // Appending to a file that already has lines: keep its header, write rows only.
      const existing = await this.fs().readFile(this.path, 'utf8').catch(() => '');
      this.headerWanted = existing.length === 0;
    }
  }

  async onEpochEnd(epoch: number, logs: Logs): Promise<void> {
    let text = '';
    const first = this.keys === null;
    if (first) {
      this.keys = Object.keys(logs).sort();
      if (this.headerWanted) text += ['epoch', ...this.keys].join(this.separator) + '\n';
    }
    text += [String(epoch), ...this.keys!.map((k) => (k in logs ? String(logs[k]) : ''))].join(this.separator) + '\n';
    await this.emit(text, first);
  }
}
