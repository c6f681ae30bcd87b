import { WasmlpError } from '../errors.js';

/** Deeper than this, a saved artefact is junk (or an attack on the stack), not a pipeline. */
const MAX_DEPTH = 64;

/**
 * JSON text with object keys sorted, so the same content always gives the same text (and the same
 * checksum) whatever order a reader or editor kept the keys in. Iterative depth check first: a
 * deeply nested file is refused with a coded error rather than overflowing the stack.
 */
export function canonicalJson(value: unknown, what: string): string {
  const walk = (v: unknown, depth: number): string => {
    if (depth > MAX_DEPTH) throw new WasmlpError('BAD_FORMAT', `${what}: nested more than ${MAX_DEPTH} levels deep; this is not a wasmlp artefact.`, { option: 'json' });
    if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
    if (Array.isArray(v)) return `[${v.map((x) => walk(x, depth + 1)).join(',')}]`;
    if (ArrayBuffer.isView(v)) return walk(Array.from(v as unknown as ArrayLike<number>), depth);
    const keys = Object.keys(v).sort();
    return `{${keys.filter((k) => (v as Record<string, unknown>)[k] !== undefined).map((k) => `${JSON.stringify(k)}:${walk((v as Record<string, unknown>)[k], depth + 1)}`).join(',')}}`;
  };
  return walk(value, 0);
}
