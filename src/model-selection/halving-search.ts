import type { WithSnakeCase } from '../names.js';
import { WasmlpError, describe } from '../errors.js';
import { normaliseOptions } from '../options.js';
import { toFeatures, type Features, type FeaturesLike } from '../data/rows.js';
import { stratifiedHoldout } from '../data/stratified-sample.js';
import type { Estimator } from './estimator.js';
import { classesOf } from './estimator.js';
import type { Fold } from './kfold.js';
import { resolveCv, type Splitter } from './cross-validate.js';
import { GRID_SEARCH_OPTIONS, GridSearchCV, type GridResult, type GridSearchOptions } from './grid-search.js';
import { sampleParams, type ParamDistributions } from './param-sampler.js';
import { asGrids } from './randomized-search.js';

/** Options of HalvingRandomSearchCV (scikit-learn's names and defaults), and GridSearchCV's. */
export interface HalvingRandomSearchOptions extends GridSearchOptions {
  /** Candidates drawn for the first round, or 'exhaust' (default): maxResources / minResources of them. */
  nCandidates?: number | 'exhaust';
  /** Each round keeps 1/factor of the candidates and gives them factor times the resource (default 3). */
  factor?: number;
  /** 'nSamples' (default: training rows, subsampled per fold, stratified) or an estimator parameter such as 'epochs'. */
  resource?: string;
  /** The most resource a candidate gets: 'auto' (default) is every row; a parameter resource needs a number. */
  maxResources?: number | 'auto';
  /**
   * The first round's resource: 'smallest' (default; 2 rows per class per fold, or 1 for a
   * parameter), 'exhaust' (as much as lets the last round use maxResources) or a number.
   */
  minResources?: number | 'smallest' | 'exhaust';
  /** Run as many rounds as the candidates need even when the resource runs out, repeating the first (default false). */
  aggressiveElimination?: boolean;
}

const HALVING_OPTIONS = ['nCandidates', 'factor', 'resource', 'maxResources', 'minResources', 'aggressiveElimination'] as const;

/** Largest p with factor^p <= n, by multiplication (no Math.log: exact at powers of the factor). */
function floorLog(n: number, factor: number): number {
  let p = 0;
  for (let v = factor; v <= n; v *= factor) p++;
  return p;
}

/** factor^p by multiplication, the same in every engine. */
function power(factor: number, p: number): number {
  let v = 1;
  for (let i = 0; i < p; i++) v *= factor;
  return v;
}

/**
 * Each fold of `base`, its train and test rows subsampled to `fraction` (stratified, seeded):
 * scikit-learn's _SubsampleMetaSplitter, which is how successive halving spends fewer rows.
 */
export class SubsampleSplitter implements Splitter {
  constructor(readonly base: Splitter, readonly fraction: number, readonly seed: number) {}

  getNSplits(): number {
    return this.base.getNSplits();
  }

  *split(x: Features, y: ArrayLike<number>): Iterable<Fold> {
    const pick = (rows: Int32Array): Int32Array => {
      if (this.fraction >= 1) return rows;
      const { holdout } = stratifiedHoldout(Int32Array.from(rows, (i) => y[i]), this.fraction, this.seed);
      return Int32Array.from(holdout, (j) => rows[j]);
    };
    for (const { train, test } of this.base.split(x, y)) yield { train: pick(train), test: pick(test) };
  }
}

/**
 * Successive halving over random candidates (scikit-learn's HalvingRandomSearchCV): every
 * candidate is first cross-validated with a small resource (few training rows, or few epochs
 * with resource: 'epochs'); each round keeps the best 1/factor and gives them factor times more,
 * until the resource or the candidates run out. The best candidate of the last round wins; ranks
 * put later rounds first. Seeded like RandomizedSearchCV, on the same pool; `results` has one row
 * per candidate and round (with iter and nResources).
 *
 * @example
 * const hs = new HalvingRandomSearchCV(new TabularClassifier({ ensemble: 1 }), {
 *   hidden: [[32], [64, 64], [128, 128]], learningRate: { type: 'loguniform', low: 1e-3, high: 1e-2 },
 * }, { resource: 'epochs', maxResources: 81, factor: 3, cv: 5, seed: 1 });
 * await hs.fit(x, y);
 * hs.bestParams; // includes the epochs it won with
 */
export class HalvingRandomSearchCV extends GridSearchCV {
  override readonly className: string = 'HalvingRandomSearchCV';
  readonly halving: Required<Pick<HalvingRandomSearchOptions, 'factor' | 'resource' | 'aggressiveElimination'>> & Pick<HalvingRandomSearchOptions, 'nCandidates' | 'maxResources' | 'minResources'>;
  /** Resources of each round that ran, after fit (scikit-learn's n_resources_). */
  nResources: number[] = [];
  /** Candidates of each round that ran (n_candidates_). */
  nCandidatesPerRound: number[] = [];
  maxResourcesUsed = 0;
  minResourcesUsed = 0;

  constructor(estimator: Estimator, readonly paramDistributions: ParamDistributions, options: WithSnakeCase<HalvingRandomSearchOptions> = {}) {
    const o = normaliseOptions<HalvingRandomSearchOptions>('HalvingRandomSearchCV', options, [...HALVING_OPTIONS, ...GRID_SEARCH_OPTIONS]);
    const { nCandidates = 'exhaust', factor = 3, resource = 'nSamples', maxResources = 'auto', minResources = 'smallest', aggressiveElimination = false } = o;
    const rest = Object.fromEntries(Object.entries(o).filter(([k]) => !(HALVING_OPTIONS as readonly string[]).includes(k))) as GridSearchOptions;
    // The candidates are drawn in fit, once the table's size is known; the grid holds none until then.
    super(estimator, [], rest, 'HalvingRandomSearchCV');
    const bad = (option: string, message: string) => new WasmlpError('BAD_OPTION', `HalvingRandomSearchCV: ${message}`, { option });
    if (typeof factor !== 'number' || !(factor > 1) || !Number.isFinite(factor)) throw bad('factor', `factor must be a number > 1; received ${describe(factor)}.`);
    if (nCandidates !== 'exhaust' && (!Number.isInteger(nCandidates) || (nCandidates as number) < 1)) throw bad('nCandidates', `nCandidates must be an integer >= 1 or 'exhaust'; received ${describe(nCandidates)}.`);
    if (typeof resource !== 'string' || resource === '') throw bad('resource', `resource must be 'nSamples' or the name of an estimator parameter such as 'epochs'; received ${describe(resource)}.`);
    if (maxResources !== 'auto' && (!Number.isInteger(maxResources) || (maxResources as number) < 1)) throw bad('maxResources', `maxResources must be an integer >= 1 or 'auto'; received ${describe(maxResources)}.`);
    if (!['smallest', 'exhaust'].includes(minResources as string) && (!Number.isInteger(minResources) || (minResources as number) < 1)) throw bad('minResources', `minResources must be an integer >= 1, 'smallest' or 'exhaust'; received ${describe(minResources)}.`);
    if (nCandidates === 'exhaust' && minResources === 'exhaust') throw bad('minResources', "nCandidates and minResources cannot both be 'exhaust' (as in scikit-learn): give one of them a number.");
    if (resource !== 'nSamples') {
      if (maxResources === 'auto') throw bad('maxResources', `resource '${resource}' needs maxResources (e.g. the most epochs a candidate may get); 'auto' means every row and works for resource 'nSamples' only.`);
      const maps = Array.isArray(paramDistributions) ? paramDistributions : [paramDistributions];
      if (maps.some((m) => typeof m === 'object' && m !== null && resource in m)) throw bad('resource', `'${resource}' is the resource, so it cannot also be searched in paramDistributions; leave it out.`);
      if (!(resource in estimator.getParams()) && !Object.keys(estimator.getParams()).some((k) => k.endsWith(`__${resource}`))) {
        throw bad('resource', `the estimator has no parameter '${resource}' to use as the resource; its parameters are ${Object.keys(estimator.getParams()).join(', ')}.`);
      }
    }
    if (typeof aggressiveElimination !== 'boolean') throw bad('aggressiveElimination', `aggressiveElimination must be true or false; received ${describe(aggressiveElimination)}.`);
    // Checks the distributions now, so a typo fails here and not in fit.
    sampleParams(paramDistributions, 1, rest.seed ?? 0);
    this.halving = { nCandidates, factor, resource, maxResources, minResources, aggressiveElimination };
  }

  override async fit(x: FeaturesLike, y: ArrayLike<number>): Promise<this> {
    const X = toFeatures(x, 'x');
    this.reset();
    const { factor, resource, aggressiveElimination } = this.halving;
    const seed = this.options.seed ?? 0;
    // The seed draws the candidates; a splitter of its own keeps its own seed.
    const base = resolveCv(this.options.cv, typeof this.options.cv === 'object' ? undefined : this.options.seed);
    const nClasses = classesOf(y, 'HalvingRandomSearchCV').length;
    const maxResources = this.halving.maxResources === 'auto' ? X.rows : this.halving.maxResources!;
    let minResources = typeof this.halving.minResources === 'number' ? this.halving.minResources
      : resource === 'nSamples' ? base.getNSplits() * 2 * nClasses : 1;
    if (minResources > maxResources) {
      throw new WasmlpError('BAD_OPTION', `HalvingRandomSearchCV: minResources (${minResources}) is more than maxResources (${maxResources})${resource === 'nSamples' ? ` (the table has ${X.rows} rows)` : ''}. Lower minResources or use fewer folds.`, { option: 'minResources' });
    }
    const nFirst = this.halving.nCandidates === 'exhaust' ? Math.max(1, Math.floor(maxResources / minResources)) : this.halving.nCandidates!;
    let candidates = sampleParams(this.paramDistributions, nFirst, seed);
    const nRequired = 1 + floorLog(candidates.length, factor);
    if (this.halving.minResources === 'exhaust') minResources = Math.max(minResources, Math.floor(maxResources / power(factor, nRequired - 1)));
    const nPossible = 1 + floorLog(Math.floor(maxResources / minResources), factor);
    const nRounds = aggressiveElimination ? nRequired : Math.min(nPossible, nRequired);
    this.minResourcesUsed = minResources;
    this.maxResourcesUsed = maxResources;
    this.results = await this.withExecutor(async (pool) => {
      const all: GridResult[] = [];
      for (let round = 0; round < nRounds && candidates.length > 0; round++) {
        const p = aggressiveElimination ? Math.max(0, round - nRequired + nPossible) : round;
        const nResources = Math.min(Math.floor(power(factor, p) * minResources), maxResources);
        const params = resource === 'nSamples' ? candidates : candidates.map((c) => ({ ...c, [resource]: nResources }));
        const cv = resource === 'nSamples' ? { cv: new SubsampleSplitter(base, nResources / X.rows, seed + round) } : { cv: base };
        const results = await this.evaluateCandidates(X, y, params, pool, { cv, round, weight: nResources });
        for (const r of results) { r.iter = round; r.nResources = nResources; }
        all.push(...results);
        if (results.length === 0) break;
        this.nResources.push(nResources);
        this.nCandidatesPerRound.push(results.length);
        if (this.stoppedEarly) break;
        // The best 1/factor go on, best first (ties: the earlier candidate), without the resource they were given.
        const keep = Math.ceil(results.length / factor);
        const order = results.map((r, i) => i).sort((a, b) => this.merit(results[b]) - this.merit(results[a]) || a - b);
        candidates = order.slice(0, keep).map((i) => candidates[i]);
      }
      return all;
    });
    return this.finish(X, y);
  }

  /** Later rounds rank first (they were given more), then by score. */
  protected override rankKey(r: GridResult): number[] {
    return [r.iter ?? 0, this.merit(r)];
  }

  override clone(): HalvingRandomSearchCV {
    const { nCandidates, factor, resource, maxResources, minResources, aggressiveElimination } = this.halving;
    return new HalvingRandomSearchCV(this.estimator.clone(), this.paramDistributions, { ...this.options, nCandidates, factor, resource, maxResources, minResources, aggressiveElimination });
  }
}
