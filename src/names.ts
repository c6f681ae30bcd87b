import { unknownName } from './errors.js';
import type { UnknownNameKind } from './error-codes.js';

/**
 * The one place names are matched: camelCase (TensorFlow.js), snake_case (Keras) and class-style
 * spellings all reduce to one key, so 'binary_crossentropy', 'binaryCrossentropy' and
 * 'BinaryCrossentropy' are the same loss.
 */
export function nameKey(name: string): string {
  return name.toLowerCase().replace(/[_\-\s]/g, '');
}

/** Builds a resolver for one family of names; `aliases` adds short forms like 'mse'. */
export function nameTable<T extends string>(kind: UnknownNameKind, canonical: readonly T[], aliases: Record<string, T> = {}) {
  const lookup = new Map<string, T>();
  for (const name of canonical) lookup.set(nameKey(name), name);
  for (const [alias, name] of Object.entries(aliases)) lookup.set(nameKey(alias), name);
  return {
    names: canonical,
    /** The canonical name, or a WasmlpError listing the valid ones. */
    resolve(value: unknown, option: string): T {
      if (typeof value !== 'string') throw unknownName(kind, value, canonical, option);
      const found = lookup.get(nameKey(value));
      if (found === undefined) throw unknownName(kind, value, canonical, option);
      return found;
    },
    has(value: string): boolean {
      return lookup.has(nameKey(value));
    },
  };
}
