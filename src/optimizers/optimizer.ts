import { WasmlpError, describe } from '../errors.js';

/** What the core's optimizer step takes (assembly/optimizers.ts; codes in src/core-abi.ts). */
export interface CoreOptimizerParams {
  code: number;
  learningRate: number;
  a: number;
  b: number;
  epsilon: number;
  weightDecay: number;
  flags: number;
}

/** One optimizer family: its defaults, the names of its options, and how they reach the core. */
export interface OptimizerKind<C extends Record<string, number | boolean>> {
  readonly name: string;
  readonly defaults: C;
  toCore(config: C): CoreOptimizerParams;
}

/** Reads a numeric option, checking range; `where` names the option for the message. */
export function checkNumber(value: unknown, where: string, { min = -Infinity, max = Infinity, exclusiveMin = false, exclusiveMax = false } = {}): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new WasmlpError('BAD_OPTION', `${where} must be a finite number, received ${describe(value)}.`, { option: where });
  }
  if (value < min || value > max || (exclusiveMin && value === min) || (exclusiveMax && value === max)) {
    const range = `${exclusiveMin ? '>' : '>='} ${min}${max !== Infinity ? ` and ${exclusiveMax ? '<' : '<='} ${max}` : ''}`;
    throw new WasmlpError('BAD_OPTION', `${where} must be ${range}, received ${value}.`, { option: where });
  }
  return value;
}
