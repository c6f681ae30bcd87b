import type { WithSnakeCase } from '../names.js';
import { normaliseOptions } from '../options.js';
import type { Estimator } from './estimator.js';
import type { Splitter } from './cross-validate.js';
import { GRID_SEARCH_OPTIONS, GridSearchCV, type GridSearchOptions } from './grid-search.js';
import { sampleParams, type ParamDistributions } from './param-sampler.js';

/** Options of RandomizedSearchCV: GridSearchCV's, and how many candidates to draw. */
export interface RandomizedSearchOptions extends GridSearchOptions {
  /** Parameter sets drawn (default 10, as scikit-learn). */
  nIter?: number;
}

/** Single-valued grids, one per parameter set: GridSearchCV then evaluates exactly these sets. */
export function asGrids(sets: readonly Record<string, unknown>[]): Record<string, unknown[]>[] {
  return sets.map((c) => Object.fromEntries(Object.entries(c).map(([k, v]) => [k, [v]])));
}

/**
 * Random search with cross-validation (scikit-learn's RandomizedSearchCV): `nIter` parameter
 * sets drawn from lists or distributions with `seed` (which also shuffles the folds), each
 * cross-validated like a GridSearchCV candidate, on the same worker pool or cluster. Same seed,
 * same candidates, same results.
 *
 * @example
 * const rs = new RandomizedSearchCV(new TabularClassifier({ ensemble: 1 }), {
 *   hidden: [[64], [128, 128]], dropout: { type: 'uniform', low: 0, high: 0.3 },
 *   learningRate: { type: 'loguniform', low: 1e-3, high: 1e-2 },
 * }, { nIter: 8, cv: 5, seed: 1 });
 * await rs.fit(x, y);
 * rs.bestParams; rs.bestScore; console.log(rs.resultsTable());
 */
export class RandomizedSearchCV extends GridSearchCV {
  override readonly className: string = 'RandomizedSearchCV';
  readonly nIter: number;

  constructor(estimator: Estimator, readonly paramDistributions: ParamDistributions, options: WithSnakeCase<RandomizedSearchOptions> = {}) {
    const { nIter = 10, ...rest } = normaliseOptions<RandomizedSearchOptions>('RandomizedSearchCV', options, ['nIter', ...GRID_SEARCH_OPTIONS]);
    super(estimator, asGrids(sampleParams(paramDistributions, nIter, rest.seed ?? 0)), rest, 'RandomizedSearchCV');
    this.nIter = nIter;
  }

  /** The seed draws the candidates, so with a splitter of its own (which has its own seed) it is not passed on. */
  protected override folds(): { cv?: number | Splitter; seed?: number } {
    return typeof this.options.cv === 'object' ? { cv: this.options.cv } : super.folds();
  }

  override clone(): RandomizedSearchCV {
    return new RandomizedSearchCV(this.estimator.clone(), this.paramDistributions, { ...this.options, nIter: this.nIter });
  }
}
