// Weight bytes: one buffer or shards, checked against the manifest, decoded from float32, float16 or quantized ints.
import { describe } from '../../errors.js';
import { type TfjsWeightData, weightsError } from './fields.js';
import type { ManifestEntry, TfjsPlan } from './plan-types.js';

/** The weight data as one byte array, after checking its length against the manifest. */
export function weightBytes(data: TfjsWeightData | undefined, plan: TfjsPlan): Uint8Array {
  if (data === undefined || data === null) {
    if (plan.totalBytes === 0) return new Uint8Array(0);
    throw weightsError(`No weight data given; the manifest describes ${plan.totalBytes} bytes. Pass the contents of the weights file(s) (ArrayBuffer) as the second argument.`);
  }
  const parts = Array.isArray(data) ? data : [data];
  let total = 0;
  for (const p of parts) {
    if (!(p instanceof ArrayBuffer) && !ArrayBuffer.isView(p)) throw weightsError(`The weight data must be an ArrayBuffer, a typed array or an array of ArrayBuffers; received ${describe(p)}.`);
    total += p.byteLength;
  }
  if (total < plan.totalBytes) {
    const cut = plan.entries.find((e) => e.offset + e.bytes > total);
    throw weightsError(`The weight data is truncated: it has ${total} bytes, but the manifest describes ${plan.totalBytes}${cut ? ` (it ends inside "${cut.name}")` : ''}. Copy the weights file(s) again.`);
  }
  if (total > plan.totalBytes) {
    throw weightsError(`The weight data has ${total} bytes, ${total - plan.totalBytes} more than the ${plan.totalBytes} the manifest describes. The weights file(s) do not belong to this model.json.`);
  }
  if (parts.length === 1) {
    const p = parts[0];
    return p instanceof ArrayBuffer ? new Uint8Array(p) : new Uint8Array(p.buffer, p.byteOffset, p.byteLength);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p instanceof ArrayBuffer ? new Uint8Array(p) : new Uint8Array(p.buffer, p.byteOffset, p.byteLength), at);
    at += p.byteLength;
  }
  return out;
}

export function float16(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1, exp = (bits >> 10) & 0x1f, frac = bits & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

export function decode(bytes: Uint8Array, e: ManifestEntry): Float32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset + e.offset, e.bytes);
  const out = new Float32Array(e.count);
  const q = e.quantization;
  if (!q) for (let i = 0; i < e.count; i++) out[i] = view.getFloat32(i * 4, true);
  else if (q.dtype === 'uint8') for (let i = 0; i < e.count; i++) out[i] = view.getUint8(i) * q.scale + q.min;
  else if (q.dtype === 'uint16') for (let i = 0; i < e.count; i++) out[i] = view.getUint16(i * 2, true) * q.scale + q.min;
  else for (let i = 0; i < e.count; i++) out[i] = float16(view.getUint16(i * 2, true));
  for (let i = 0; i < out.length; i++) {
    if (!Number.isFinite(out[i])) throw weightsError(`Weight "${e.name}"[${i}] is ${out[i]}; a usable model never holds NaN or Infinity.`, 'weightData');
  }
  return out;
}
