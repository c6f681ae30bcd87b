/**
 * Warnings for legal but suspicious set-ups (a sigmoid output with categoricalCrossentropy, ...).
 * Each distinct message is shown once per process; route them elsewhere with setWarningHandler.
 */
import type { WarningCode } from './error-codes.js';

/** A function receiving wasmlp's warnings (code and message); set it with setWarningHandler. */
export type WarningHandler = (code: WarningCode, message: string) => void;

const seen = new Set<string>();
let handler: WarningHandler = (code, message) => console.warn(`wasmlp warning [${code}]: ${message}`);

/**
 * Routes wasmlp's warnings to your function (default console.warn); null silences them.
 * Returns the previous handler, to restore it.
 *
 * @example
 * setWarningHandler((code, message) => log.push({ code, message }));
 */
export function setWarningHandler(next: WarningHandler | null): WarningHandler {
  const previous = handler;
  handler = next ?? (() => {});
  seen.clear();
  return previous;
}

export function warn(code: WarningCode, message: string): void {
  if (seen.has(message)) return;
  seen.add(message);
  handler(code, message);
}
