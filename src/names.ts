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

/** Keras' spelling of a camelCase name: 'binaryCrossentropy' -> 'binary_crossentropy'. */
export type SnakeCase<S extends string> = S extends `${infer H}${infer T}`
  ? `${H extends Lowercase<H> ? H : `_${Lowercase<H>}`}${SnakeCase<T>}`
  : S;

/** Every spelling nameKey accepts for a name, as types: camelCase, snake_case and class-style. */
export type Spelling<N extends string> = N | SnakeCase<N> | Capitalize<N>;

/**
 * Keras' snake_case keys beside the camelCase ones (`input_dim` for `inputDim`), so Keras-style
 * options type-check as they run. Keys that are one word (units, rate) are unchanged.
 */
export type SnakeCaseKeys<T> = {
  [K in keyof T as K extends string ? (SnakeCase<K> extends K ? never : SnakeCase<K>) : never]?: T[K];
};

/** Options that also take Keras' / scikit-learn's snake_case keys: `{ inputDim: 4 }` or `{ input_dim: 4 }`. */
export type WithSnakeCase<T> = T & SnakeCaseKeys<T>;
