import { WasmlpError } from '../errors.js';

/** How loadTextFolder decodes file bytes. */
export type TextEncoding = 'auto' | 'utf-8' | 'latin1' | 'windows-1252';
export const TEXT_ENCODINGS: readonly TextEncoding[] = ['auto', 'utf-8', 'latin1', 'windows-1252'];

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** ISO-8859-1: every byte is the code point of the same value (no byte is invalid). */
function latin1(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) out += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return out;
}

/** Offset of the first byte that is not valid UTF-8, for messages. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i];
    const len = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (len === 0 || i + len > bytes.length) return i;
    try {
      utf8.decode(bytes.subarray(i, i + len));
    } catch {
      return i;
    }
    i += len;
  }
  return -1;
}

/**
 * Decodes one file's bytes. UTF-8 is checked strictly, never replaced by U+FFFD: with 'auto',
 * bytes that are not valid UTF-8 are read as Latin-1 (the encoding of older English corpora), and
 * `encoding` of the result says so; with 'utf-8' stated, they are an error naming the byte.
 */
export function decodeText(bytes: Uint8Array, encoding: TextEncoding, file: string): { text: string; encoding: Exclude<TextEncoding, 'auto'> } {
  if (encoding === 'latin1') return { text: latin1(bytes), encoding };
  if (encoding === 'windows-1252') return { text: new TextDecoder('windows-1252').decode(bytes), encoding };
  try {
    return { text: utf8.decode(bytes), encoding: 'utf-8' };
  } catch {
    if (encoding === 'auto') return { text: latin1(bytes), encoding: 'latin1' };
    const at = firstInvalidUtf8(bytes);
    throw new WasmlpError('TEXT_ENCODING', `${file} is not valid UTF-8 (byte ${at} is 0x${bytes[at]?.toString(16).padStart(2, '0')}). It is probably Latin-1 or Windows-1252: pass encoding: 'latin1' (or 'windows-1252'), or 'auto' to detect it per file.`, { file, option: 'encoding' });
  }
}
