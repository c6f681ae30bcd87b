import { WasmlpError, describe } from '../errors.js';
import { closestName, unknownOption } from '../options.js';

export { closestName };

/**
 * Refuses unknown keys of an options object read as given (a misspelled `lable` must not silently
 * fall back to the default label), with the shared validator's BAD_OPTION naming the closest key.
 * Keys must be spelled exactly (no snake_case aliases), because the caller reads them as given.
 */
export function checkOptionKeys(caller: string, given: unknown, valid: readonly string[]): void {
  if (given === undefined) return;
  if (typeof given !== 'object' || given === null || Array.isArray(given)) {
    throw new WasmlpError('BAD_OPTION', `${caller} takes an options object; received ${describe(given)}.`, { option: 'options' });
  }
  for (const key of Object.keys(given)) if (!valid.includes(key)) throw unknownOption(caller, key, valid);
}
