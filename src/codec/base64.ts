const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const CODES = Uint8Array.from(ALPHABET, (c) => c.charCodeAt(0));
const PAD = '='.charCodeAt(0);

/** Exact float32 weights as little-endian bytes in base64 (no decimal text, no rounding). */
export function float32ToBase64(values: Float32Array): string {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i], true);
  // Encoded by table into ASCII bytes, one piece (a multiple of 3 bytes) at a time, each decoded
  // to text at once: btoa of one huge string aborts V8 (a fatal error nothing can catch), and
  // building its input with String.fromCharCode took seconds per 16 MB.
  const PIECE = 3 * 1024 * 1024;
  const out = new Uint8Array((PIECE / 3) * 4);
  const text = new TextDecoder('latin1');
  const parts: string[] = [];
  for (let start = 0; start < bytes.length; start += PIECE) {
    const end = Math.min(bytes.length, start + PIECE);
    let o = 0, i = start;
    for (; i + 2 < end; i += 3) {
      const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
      out[o++] = CODES[n >>> 18];
      out[o++] = CODES[(n >>> 12) & 63];
      out[o++] = CODES[(n >>> 6) & 63];
      out[o++] = CODES[n & 63];
    }
    if (i < end) {
      // The last 1 or 2 bytes of the data (pieces are multiples of 3): padded as btoa does.
      const n = (bytes[i] << 16) | (i + 1 < end ? bytes[i + 1] << 8 : 0);
      out[o++] = CODES[n >>> 18];
      out[o++] = CODES[(n >>> 12) & 63];
      out[o++] = i + 1 < end ? CODES[(n >>> 6) & 63] : PAD;
      out[o++] = PAD;
    }
    parts.push(text.decode(out.subarray(0, o)));
  }
  return parts.join('');
}

/** Inverse of float32ToBase64; returns null when the text is not valid base64 of whole floats. */
export function base64ToFloat32(text: string): Float32Array | null {
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    return null;
  }
  if (binary.length % 4 !== 0) return null;
  const view = new DataView(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) view.setUint8(i, binary.charCodeAt(i));
  const out = new Float32Array(binary.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}
