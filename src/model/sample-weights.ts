import { WasmlpError, describe } from '../errors.js';

/** Class weights keyed by class id, or 'balanced' (n / (classes * count), scikit-learn's rule). */
export type ClassWeight = Record<number, number> | 'balanced';

export function checkSampleWeight(weights: unknown, rows: number): Float32Array {
  if (!(Array.isArray(weights) || ArrayBuffer.isView(weights))) {
    throw new WasmlpError('BAD_OPTION', `sampleWeight must be an array with one weight per row, received ${describe(weights)}.`, { option: 'sampleWeight' });
  }
  const w = weights as ArrayLike<number>;
  if (w.length !== rows) {
    throw new WasmlpError('LENGTH_MISMATCH', `sampleWeight has ${w.length} values but x has ${rows} rows. Give one weight per row.`, { option: 'sampleWeight' });
  }
  const out = new Float32Array(rows);
  for (let i = 0; i < rows; i++) {
    const v = w[i];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      throw new WasmlpError('BAD_OPTION', `sampleWeight[${i}] is ${describe(v)}; weights must be finite numbers >= 0.`, { option: 'sampleWeight', row: i });
    }
    out[i] = v;
  }
  return out;
}

/** Per-class multipliers for the given class ids (missing classes weigh 1). */
export function classWeightVector(spec: ClassWeight, classIds: Int32Array | null, classes: number): Float64Array {
  if (!classIds) {
    throw new WasmlpError('BAD_OPTION', 'classWeight needs one class per row (binary or multi-class labels); for multi-label or regression outputs use sampleWeight instead.', { option: 'classWeight' });
  }
  const k = Math.max(classes, 2);
  const out = new Float64Array(k).fill(1);
  if (spec === 'balanced') {
    const counts = new Float64Array(k);
    for (let i = 0; i < classIds.length; i++) counts[classIds[i]]++;
    const present = counts.filter((c) => c > 0).length;
    for (let c = 0; c < k; c++) out[c] = counts[c] > 0 ? classIds.length / (present * counts[c]) : 1;
    return out;
  }
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    throw new WasmlpError('BAD_OPTION', `classWeight must be 'balanced' or an object such as { 0: 1, 1: 5 }, received ${describe(spec)}.`, { option: 'classWeight' });
  }
  for (const [key, value] of Object.entries(spec)) {
    const c = Number(key);
    if (!Number.isInteger(c) || c < 0 || c >= k) {
      throw new WasmlpError('BAD_OPTION', `classWeight has key ${JSON.stringify(key)}, but classes are 0..${k - 1}.`, { option: 'classWeight' });
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new WasmlpError('BAD_OPTION', `classWeight[${key}] is ${describe(value)}; weights must be finite numbers >= 0.`, { option: 'classWeight' });
    }
    out[c] = value;
  }
  // A partial map would silently weight the missing classes at 1 (as Keras refuses to do).
  const present = new Set<number>();
  for (let i = 0; i < classIds.length; i++) present.add(classIds[i]);
  const missing = [...present].filter((c) => !Object.prototype.hasOwnProperty.call(spec, String(c))).sort((a, b) => a - b);
  if (missing.length > 0) {
    throw new WasmlpError('BAD_OPTION', `classWeight has no weight for class${missing.length > 1 ? 'es' : ''} ${missing.join(', ')} present in the labels. Give every class a weight (e.g. { ${[...present].sort((a, b) => a - b).map((c) => `${c}: 1`).join(', ')} }) or use 'balanced'.`, { option: 'classWeight' });
  }
  return out;
}
