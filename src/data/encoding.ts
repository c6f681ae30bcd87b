import { WasmlpError, describe } from '../errors.js';
import { warn } from '../warnings.js';
import { optionAdvice } from '../advice.js';

/** Text encodings the loaders read: strict UTF-8, Latin-1 (ISO-8859-1 / Windows-1252), or UTF-8 falling back to Latin-1. */
export const ENCODINGS = ['utf-8', 'latin1', 'auto'] as const;
/** A text encoding a file loader accepts. */
export type Encoding = (typeof ENCODINGS)[number];

export function checkEncoding(value: unknown, option = 'encoding'): Encoding {
  if (value === undefined) return 'utf-8';
  const v = typeof value === 'string' ? value.toLowerCase().replace(/^utf8$/, 'utf-8').replace(/^(latin-1|iso-8859-1|windows-1252|cp1252)$/, 'latin1') : value;
  if (!ENCODINGS.includes(v as Encoding)) {
    throw new WasmlpError('BAD_OPTION', `Option '${option}' must be one of ${ENCODINGS.join(', ')}; received ${describe(value)}.`, { option });
  }
  return v as Encoding;
}

/**
 * Bytes to text. 'utf-8' refuses invalid UTF-8 (a Latin-1 file decoded as UTF-8 silently turns
 * 'café' and 'cafè' into the same 'caf\uFFFD'); 'latin1' decodes every byte (Windows-1252, as
 * browsers do for 'latin1'); 'auto' tries UTF-8 and falls back to Latin-1 with a warning.
 * A UTF-8 byte-order mark is removed.
 */
export function decodeBytes(bytes: Uint8Array, encoding: Encoding, file?: string): string {
  if (encoding === 'latin1') return new TextDecoder('windows-1252').decode(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    const line = lineOfByte(bytes, at);
    const name = file ? `${file}: ` : '';
    if (encoding === 'auto') {
      warn('LATIN1_DECODED', `${name}the bytes are not valid UTF-8 (first bad byte 0x${bytes[at]?.toString(16)} on line ${line}); read as Latin-1 (Windows-1252).`);
      return new TextDecoder('windows-1252').decode(bytes);
    }
    throw new WasmlpError('INVALID_UTF8', `${name}line ${line} holds byte 0x${bytes[at]?.toString(16).padStart(2, '0')}, which is not valid UTF-8: the file is probably Latin-1 (ISO-8859-1 / Windows-1252). Set ${optionAdvice('encoding', 'latin1')} (or ${optionAdvice('encoding', 'auto')} to fall back to it), or re-save the file as UTF-8.`, { line, option: 'encoding', ...(file ? { file } : {}) });
  }
}

function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    const n = c < 0x80 ? 0 : (c & 0xe0) === 0xc0 && c >= 0xc2 ? 1 : (c & 0xf0) === 0xe0 ? 2 : (c & 0xf8) === 0xf0 && c <= 0xf4 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) if (i + k >= b.length || (b[i + k] & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return Math.max(0, b.length - 1);
}

function lineOfByte(b: Uint8Array, at: number): number {
  let line = 1;
  for (let i = 0; i < at; i++) if (b[i] === 10) line++;
  return line;
}

/** Concatenates byte or text chunks (a file stream, a fetch body) into one byte array. */
export async function collectBytes(chunks: AsyncIterable<Uint8Array | string>): Promise<Uint8Array | string> {
  const parts: Uint8Array[] = [];
  let text = '';
  let total = 0;
  for await (const chunk of chunks) {
    if (typeof chunk === 'string') text += chunk;
    else {
      parts.push(chunk);
      total += chunk.length;
    }
  }
  if (parts.length === 0) return text;
  if (text) parts.push(new TextEncoder().encode(text));
  const out = new Uint8Array(total + (text ? parts[parts.length - 1].length : 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
