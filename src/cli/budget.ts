import { WasmlpError } from '../errors.js';

const UNITS: Record<string, number> = { ms: 0.001, s: 1, sec: 1, m: 60, min: 60, h: 3600 };

/**
 * `--budget` in seconds: a number with an optional unit (ms, s, m, min, h), e.g. 60s, 2m, 1.5m,
 * 90 (seconds). Anything else, or zero, is an error naming --budget.
 */
export function parseBudget(text: unknown): number {
  const m = typeof text === 'string' ? /^\s*(\d+(?:\.\d+)?|\.\d+)\s*([a-z]*)\s*$/i.exec(text) : null;
  const unit = m ? UNITS[m[2].toLowerCase() || 's'] : undefined;
  const seconds = m && unit !== undefined ? Number(m[1]) * unit : NaN;
  if (!(seconds > 0) || !Number.isFinite(seconds)) {
    throw new WasmlpError('BAD_OPTION', `--budget expects a time such as 60s, 2m or 90 (seconds; units ms, s, m, h), greater than 0; received ${JSON.stringify(text)}.`, { option: 'budget' });
  }
  return seconds;
}
