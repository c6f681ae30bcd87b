// Reading a TF.js document safely: own keys only, errors in its terms, size limits.
import { WasmlpError } from '../../errors.js';
import { nameKey } from '../../names.js';

/** Weight bytes as TF.js hands them over: one buffer, a view, or a list of buffers (shards). */
export type TfjsWeightData = ArrayBuffer | ArrayBufferView | readonly (ArrayBuffer | ArrayBufferView)[];

/** Largest model accepted: the same limits as wasmlp's own model files. */
export const MAX_WEIGHTS = 256 * 1024 * 1024;
export const MAX_LAYERS = 10000;
export const MAX_WIDTH = 1 << 24;
export const MAX_MANIFEST_ENTRIES = 100000;

export const SUPPORTED_LAYERS = 'InputLayer, Dense, Dropout, BatchNormalization, Activation, ReLU, LeakyReLU, ELU, Softmax';
export const SUPPORTED_ACTIVATIONS = 'linear, relu, elu, selu, gelu, tanh, sigmoid, softmax, leaky_relu';

export type Fields = Map<string, unknown>;

/** Own keys only, matched as Keras (snake_case) or TF.js (camelCase) spell them. Never reads the prototype. */
export function fields(value: unknown): Fields | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return null;
  const out: Fields = new Map();
  for (const key of Object.keys(value)) out.set(nameKey(key), (value as Record<string, unknown>)[key]);
  return out;
}

export function bad(message: string, where: { layer?: number; option?: string } = {}): WasmlpError {
  return new WasmlpError('BAD_TFJS_MODEL', `Not a usable TensorFlow.js layers model: ${message}`, where);
}

export function unsupported(message: string, where: { layer?: number; option?: string } = {}): WasmlpError {
  return new WasmlpError('TFJS_UNSUPPORTED', message, where);
}

export function weightsError(message: string, option = 'weightData'): WasmlpError {
  return new WasmlpError('TFJS_WEIGHTS', message, { option });
}

/** table[key] for the table's own keys only ('constructor' or '__proto__' from a file find nothing). */
export function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

export function isPositiveInt(v: unknown, max = MAX_WIDTH): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= max;
}
