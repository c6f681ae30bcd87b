import { WasmlpError, describe } from '../errors.js';
import { closestName, normaliseOptions } from '../options.js';
import { SeededRandom } from '../random.js';
import { expandGrid } from './grid-search.js';

/**
 * A distribution to draw one parameter from (scipy.stats' names): 'uniform' in [low, high),
 * 'loguniform' (log-uniform in [low, high), for learning rates and weight decay; low > 0) and
 * 'randint' (integers low <= v < high, high excluded as scipy's randint).
 */
export interface ParamDistribution {
  type: 'uniform' | 'loguniform' | 'randint';
  low: number;
  high: number;
}

/** Parameter name -> a list (one value drawn uniformly) or a distribution; a list of such maps samples one map per candidate. */
export type ParamDistributions = Record<string, readonly unknown[] | ParamDistribution> | readonly Record<string, readonly unknown[] | ParamDistribution>[];

const DISTRIBUTIONS = ['uniform', 'loguniform', 'randint'] as const;

function checkDistribution(value: unknown, option: string): ParamDistribution {
  const d = normaliseOptions<ParamDistribution>(`paramDistributions.${option.split('.').pop()}`, value, ['type', 'low', 'high']) as ParamDistribution;
  if (!(DISTRIBUTIONS as readonly unknown[]).includes(d.type)) {
    const near = typeof d.type === 'string' ? closestName(d.type, DISTRIBUTIONS) : undefined;
    throw new WasmlpError('BAD_OPTION', `${option}: type must be one of ${DISTRIBUTIONS.join(', ')}; received ${describe(d.type)}.${near ? ` Did you mean '${near}'?` : ''}`, { option: `${option}.type` });
  }
  const { low, high } = d;
  const ok = typeof low === 'number' && typeof high === 'number' && Number.isFinite(low) && Number.isFinite(high) && low < high
    && (d.type !== 'loguniform' || low > 0) && (d.type !== 'randint' || (Number.isInteger(low) && Number.isInteger(high)));
  if (!ok) {
    const need = d.type === 'loguniform' ? 'numbers with 0 < low < high' : d.type === 'randint' ? 'integers with low < high (high is excluded)' : 'finite numbers with low < high';
    throw new WasmlpError('BAD_OPTION', `${option}: a '${d.type}' distribution needs low and high ${need}; received low ${describe(low)}, high ${describe(high)}.`, { option });
  }
  return { type: d.type, low, high };
}

/** One draw. loguniform is rounded to 10 significant digits: Math.exp/log may differ in the last bit between engines, the rounded value does not. */
function draw(d: ParamDistribution, rng: SeededRandom): number {
  const u = rng.next();
  if (d.type === 'uniform') return d.low + (d.high - d.low) * u;
  if (d.type === 'randint') return d.low + Math.floor(u * (d.high - d.low));
  const lo = Math.log(d.low), hi = Math.log(d.high);
  return Number(Math.exp(lo + (hi - lo) * u).toPrecision(10));
}

/**
 * scikit-learn's ParameterSampler: `nIter` parameter sets drawn with the project's seeded RNG
 * (never Math.random), keys in sorted order. When every value is a list, the sets are drawn from
 * the grid without replacement (the whole grid, shuffled, when it has at most nIter sets);
 * otherwise each key draws independently (lists uniformly).
 */
export function sampleParams(distributions: ParamDistributions, nIter: number, seed: number): Record<string, unknown>[] {
  if (!Number.isInteger(nIter) || nIter < 1) {
    throw new WasmlpError('BAD_OPTION', `nIter must be an integer >= 1 (candidates to draw); received ${describe(nIter)}.`, { option: 'nIter' });
  }
  const maps = (Array.isArray(distributions) ? distributions : [distributions]) as Record<string, unknown>[];
  if (maps.length === 0) throw new WasmlpError('BAD_OPTION', 'paramDistributions must name at least one parameter map; received an empty list.', { option: 'paramDistributions' });
  const checked = maps.map((m) => {
    if (typeof m !== 'object' || m === null || Array.isArray(m)) {
      throw new WasmlpError('BAD_OPTION', `paramDistributions must map parameter names to lists of values or distributions such as { type: 'loguniform', low: 1e-4, high: 1e-1 }; received ${describe(m)}.`, { option: 'paramDistributions' });
    }
    const keys = Object.keys(m).sort();
    return keys.map((k): [string, readonly unknown[] | ParamDistribution] => {
      const v = m[k];
      if (Array.isArray(v)) {
        if (v.length === 0) throw new WasmlpError('BAD_OPTION', `paramDistributions: '${k}' is an empty list; give the values to draw from, or a distribution.`, { option: `paramDistributions.${k}` });
        return [k, v];
      }
      if (typeof v !== 'object' || v === null) {
        throw new WasmlpError('BAD_OPTION', `paramDistributions: '${k}' must be a list of values or a distribution { type, low, high }; received ${describe(v)}. Wrap a single value: ${k}: [value].`, { option: `paramDistributions.${k}` });
      }
      return [k, checkDistribution(v, `paramDistributions.${k}`)];
    });
  });
  const rng = new SeededRandom(seed);
  if (checked.every((entries) => entries.every(([, v]) => Array.isArray(v)))) {
    const grid = expandGrid(checked.map((entries) => Object.fromEntries(entries) as Record<string, readonly unknown[]>));
    // Without replacement: a partial Fisher-Yates over the grid's indices.
    const order = Array.from(grid, (_, i) => i);
    const n = Math.min(nIter, grid.length);
    for (let i = 0; i < n; i++) {
      const j = i + rng.int(order.length - i);
      [order[i], order[j]] = [order[j], order[i]];
    }
    return order.slice(0, n).map((i) => grid[i]);
  }
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < nIter; i++) {
    const entries = checked[checked.length === 1 ? 0 : rng.int(checked.length)];
    out.push(Object.fromEntries(entries.map(([k, v]) => [k, Array.isArray(v) ? v[rng.int(v.length)] : draw(v as ParamDistribution, rng)])));
  }
  return out;
}
