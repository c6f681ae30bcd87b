import type { ErrorCode } from './error-codes.js';
import { UNKNOWN_NAME_CODES, type UnknownNameKind } from './unknown-name-codes.js';

export type { ErrorCode, WarningCode } from './error-codes.js';

/**
 * The one error type wasmlp throws for anything a user can fix.
 * `code` is stable (documented in docs/errors.md); `where` names the place: a row, a column,
 * an option, a layer or a file, so tools can point at it without parsing the message.
 */
export interface ErrorPlace {
  row?: number;
  column?: number | string;
  option?: string;
  layer?: number | string;
  file?: string;
  line?: number;
  /** A streamed chunk (0-based) and the epoch it came in (streaming training). */
  chunk?: number;
  epoch?: number;
  /** A cluster job id (model selection on Redis). */
  job?: string;
}

/**
 * The one error type wasmlp throws for anything a user can fix: a stable `code` (listed in docs/errors.md), a `where` naming the row, column, option, layer or file, and a message saying how to fix it.
 *
 * @example
 * try { await model.fit(x, y); } catch (e) {
 *   if (e instanceof WasmlpError && e.code === 'NON_FINITE') console.log(e.where.row, e.where.column);
 * }
 */
export class WasmlpError extends Error {
  readonly code: ErrorCode;
  readonly where: ErrorPlace;

  constructor(code: ErrorCode, message: string, where: ErrorPlace = {}) {
    super(message);
    this.name = 'WasmlpError';
    this.code = code;
    this.where = where;
  }
}

/** Lists valid names in an "unknown name" message; the fix is always to pick one of them. */
export function unknownName(kind: UnknownNameKind, received: unknown, valid: readonly string[], option: string): WasmlpError {
  return new WasmlpError(
    UNKNOWN_NAME_CODES[kind],
    `Unknown ${kind} ${JSON.stringify(received)} for option '${option}'. Valid ${kind} names: ${valid.join(', ')}.`,
    { option },
  );
}

/** Formats a received value for messages without dumping huge arrays. */
export function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value);
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name} of length ${(value as unknown as ArrayLike<number>).length}`;
  return typeof value === 'object' ? `an object (${Object.keys(value as object).slice(0, 5).join(', ')})` : typeof value;
}
