/**
 * Lets csv-parse's browser build run in Deno without --unsafe-proto. The build carries a Buffer
 * polyfill that makes Buffers by assigning `__proto__`; Deno replaces the
 * `Object.prototype.__proto__` setter with one that only adds an own property, so every parse
 * fails. The polyfill reads the global TYPED_ARRAY_SUPPORT once, as it loads: false selects its
 * plain-object Buffers, which never touch `__proto__`. This module, imported before csv-parse
 * (src/data/csv-engine.ts imports it first), sets the flag in Deno and wherever the accessor is
 * missing (calling Deno's setter to test it would leave a misleading hint on later errors), and
 * csv-engine.ts removes it again once csv-parse has loaded.
 */
const g = globalThis as { TYPED_ARRAY_SUPPORT?: boolean; Deno?: unknown };

/** True when this module set the flag (csv-engine.ts then deletes it). */
export const bufferModeSet = g.TYPED_ARRAY_SUPPORT === undefined
  && (g.Deno !== undefined || !Object.getOwnPropertyDescriptor(Object.prototype, '__proto__')?.set);
if (bufferModeSet) g.TYPED_ARRAY_SUPPORT = false;
