import { WasmlpError } from '../errors.js';
import { nameKey } from '../names.js';

/**
 * Normalises a layer's options: Keras' snake_case keys (input_dim, use_bias, ...) map to the
 * camelCase names; an unknown key is an error listing the valid ones (a typo never silently
 * falls back to a default).
 */
export function normaliseOptions<T extends object>(layer: string, given: object, valid: readonly (keyof T & string)[]): Partial<T> {
  if (typeof given !== 'object' || given === null || Array.isArray(given)) {
    throw new WasmlpError('BAD_OPTION', `${layer} takes an options object such as { units: 8 }; received ${JSON.stringify(given)}.`, { option: layer });
  }
  const byKey = new Map(valid.map((k) => [nameKey(k), k]));
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(given)) {
    if (value === undefined) continue;
    const canonical = byKey.get(nameKey(key));
    if (!canonical) {
      throw new WasmlpError('BAD_OPTION', `Unknown ${layer} option '${key}'. Valid options: ${valid.join(', ')}.`, { option: key });
    }
    out[canonical] = value;
  }
  return out as Partial<T>;
}

export function checkPositiveInt(value: unknown, option: string, layer: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new WasmlpError('BAD_OPTION', `${layer}: '${option}' must be a positive integer, received ${JSON.stringify(value)}.`, { option });
  }
  if (value > 1 << 24) {
    throw new WasmlpError('BAD_OPTION', `${layer}: '${option}' of ${value} is beyond what wasmlp supports (at most ${1 << 24}).`, { option });
  }
  return value;
}
