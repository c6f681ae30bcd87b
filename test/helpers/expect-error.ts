import { expect } from 'vitest';
import { WasmlpError, type ErrorPlace } from '../../src/errors.js';

/** Runs fn (sync or async) and checks it throws a WasmlpError with this code, message parts and place. */
export async function expectWasmlpError(fn: () => unknown, code: string, parts: (string | RegExp)[] = [], where: ErrorPlace = {}): Promise<WasmlpError> {
  let caught: unknown;
  try {
    await fn();
  } catch (e) {
    caught = e;
  }
  expect(caught, 'expected a WasmlpError').toBeInstanceOf(WasmlpError);
  const err = caught as WasmlpError;
  expect(err.code, err.message).toBe(code);
  for (const p of parts) expect(err.message).toMatch(p);
  expect(err.where).toMatchObject(where);
  return err;
}
