import { readdirSync, readFileSync, statSync, type Stats } from 'node:fs';
import { join, extname } from 'node:path';
import { WasmlpError, describe } from '../errors.js';
import { normaliseOptions } from '../options.js';
import { warn } from '../warnings.js';
import { compareCodePoints } from './tokenizer.js';
import { decodeText, TEXT_ENCODINGS, type TextEncoding } from './decode-text.js';

/** Options of loadTextFolder: file extension, encoding and limits. */
export interface LoadTextFolderOptions {
  /** 'auto' (default: UTF-8, else Latin-1 per file), 'utf-8', 'latin1' or 'windows-1252'. */
  encoding?: TextEncoding;
  /** File endings read (case-insensitive); default ['.txt'] as Keras. null reads every file. */
  extensions?: readonly string[] | null;
}

/** What loadTextFolder returns: the texts, their class ids and the class names (one subfolder per class). */
export interface TextFolder {
  texts: string[];
  /** Class index per text (position in classNames). */
  labels: Int32Array;
  /** Subfolder names, sorted: the classes. */
  classNames: string[];
  /** The file each text came from (relative to the folder). */
  files: string[];
  /** Files read as Latin-1 because they were not valid UTF-8 (encoding 'auto'). */
  latin1Files: string[];
}

const OPTIONS = ['encoding', 'extensions'] as const;

/** stat of the folder itself (missing: FILE_NOT_FOUND) or of an entry in it (any failure: FILE_UNREADABLE). */
function stat(path: string, entry = true): Stats {
  try {
    return statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (!entry && (code === 'ENOENT' || code === 'ENOTDIR')) throw new WasmlpError('FILE_NOT_FOUND', `loadTextFolder: no folder at ${path}. Check the path; relative paths start from the current directory.`, { file: path });
    throw new WasmlpError('FILE_UNREADABLE', `loadTextFolder: cannot read ${path} (${code}). Check its permissions and links, or move it out of the folder.`, { file: path });
  }
}

function read<T>(path: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof WasmlpError) throw e;
    throw new WasmlpError('FILE_UNREADABLE', `loadTextFolder: cannot read ${path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}). Check its permissions, or move it out of the folder.`, { file: path });
  }
}

/**
 * Reads a folder holding one subfolder per class, each with one text file per document (Keras'
 * text_dataset_from_directory): the subfolder names, sorted, are the classes. Hidden entries are
 * skipped, as are files directly in the folder.
 *
 * An empty (or whitespace-only) file is kept as an empty text, with a warning (EMPTY_TEXT): it is a
 * valid document that vectorizes to a row of zeros, but usually means a broken export.
 *
 * @example
 * const { texts, labels, classNames } = loadTextFolder('reviews'); // reviews/neg/*.txt, reviews/pos/*.txt
 */
export function loadTextFolder(dir: string, options: LoadTextFolderOptions = {}): TextFolder {
  const o = normaliseOptions<LoadTextFolderOptions>('loadTextFolder', options, OPTIONS);
  const encoding = o.encoding ?? 'auto';
  if (!TEXT_ENCODINGS.includes(encoding)) {
    throw new WasmlpError('BAD_OPTION', `loadTextFolder: 'encoding' must be one of ${TEXT_ENCODINGS.join(', ')}; received ${describe(o.encoding)}.`, { option: 'encoding' });
  }
  const extensions = o.extensions === undefined ? ['.txt'] : o.extensions;
  if (extensions !== null && (!Array.isArray(extensions) || !extensions.every((e) => typeof e === 'string'))) {
    throw new WasmlpError('BAD_OPTION', `loadTextFolder: 'extensions' must be an array such as ['.txt'], or null for every file; received ${describe(o.extensions)}.`, { option: 'extensions' });
  }
  const wanted = extensions?.map((e) => (e.startsWith('.') ? e : `.${e}`).toLowerCase()) ?? null;
  if (typeof dir !== 'string' || dir === '') throw new WasmlpError('BAD_OPTION', `loadTextFolder takes a folder path; received ${describe(dir)}.`, { option: 'dir' });
  if (!stat(dir, false).isDirectory()) {
    throw new WasmlpError('NOT_A_FOLDER', `loadTextFolder: ${dir} is a file; give the folder that holds one subfolder per class (e.g. reviews/ with reviews/pos and reviews/neg).`, { file: dir });
  }
  const visible = (name: string) => !name.startsWith('.');
  const classNames = read(dir, () => readdirSync(dir)).filter(visible).filter((name) => stat(join(dir, name)).isDirectory()).sort(compareCodePoints);
  if (classNames.length < 2) {
    throw new WasmlpError('TEXT_FOLDER_ONE_CLASS', `loadTextFolder: ${dir} holds ${classNames.length === 0 ? 'no subfolder' : `one subfolder (${classNames[0]})`}; a classifier needs one subfolder per class and at least two classes (e.g. ${dir}/pos and ${dir}/neg).`, { file: dir });
  }
  const texts: string[] = [], labels: number[] = [], files: string[] = [], latin1Files: string[] = [], empty: string[] = [];
  classNames.forEach((name, label) => {
    const sub = join(dir, name);
    const entries = read(sub, () => readdirSync(sub)).filter(visible).sort(compareCodePoints)
      .filter((f) => (wanted === null || wanted.includes(extname(f).toLowerCase())) && stat(join(sub, f)).isFile());
    if (entries.length === 0) {
      throw new WasmlpError('TEXT_FOLDER_EMPTY', `loadTextFolder: class folder ${sub} holds no ${wanted ? wanted.join('/') + ' ' : ''}file. Put one text file per document in it${wanted ? `, or pass extensions: [...] (null for every file)` : ''}.`, { file: sub, option: 'extensions' });
    }
    for (const f of entries) {
      const path = join(sub, f);
      const bytes = read(path, () => readFileSync(path));
      const { text, encoding: used } = decodeText(bytes, encoding, path);
      const rel = `${name}/${f}`;
      if (encoding === 'auto' && used === 'latin1') latin1Files.push(rel);
      if (text.trim() === '') empty.push(rel);
      texts.push(text);
      labels.push(label);
      files.push(rel);
    }
  });
  if (empty.length) {
    warn('EMPTY_TEXT', `loadTextFolder: ${empty.length} file(s) in ${dir} hold no text (first: ${empty[0]}); they are kept as empty documents (a row of zeros after vectorizing). Delete them if the export was broken.`);
  }
  if (latin1Files.length) {
    warn('TEXT_READ_AS_LATIN1', `loadTextFolder: ${latin1Files.length} file(s) in ${dir} are not valid UTF-8 and were read as Latin-1 (first: ${latin1Files[0]}). Pass encoding: 'windows-1252' if they hold curly quotes or euro signs, or 'utf-8' to make invalid bytes an error.`);
  }
  return { texts, labels: Int32Array.from(labels), classNames, files, latin1Files };
}
