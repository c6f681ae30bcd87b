/** Exact float32 weights as little-endian bytes in base64 (no decimal text, no rounding). */
export function float32ToBase64(values: Float32Array): string {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i], true);
  // btoa of one huge string aborts V8 (a fatal error nothing can catch): encode in pieces of a
  // multiple of 3 bytes, whose base64 texts simply concatenate.
  const PIECE = 3 * 1024 * 1024;
  const CHUNK = 0x8000;
  const parts: string[] = [];
  for (let start = 0; start < bytes.length; start += PIECE) {
    let binary = '';
    const end = Math.min(bytes.length, start + PIECE);
    for (let i = start; i < end; i += CHUNK) binary += String.fromCharCode(...bytes.subarray(i, Math.min(end, i + CHUNK)));
    parts.push(btoa(binary));
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
