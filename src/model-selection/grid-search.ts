import type { ScoringIdentifier } from '../metrics/scoring.js';
import type { WithSnakeCase } from '../names.js';
import { WasmlpError, describe } from '../errors.js';
import type { Matrix } from '../data/matrix.js';
import { toFeatures, type Features, type FeaturesLike } from '../data/rows.js';
import type { History } from '../callbacks/history.js';
import { getScorers, type ScoringName } from '../metrics/scoring.js';
import { isEstimator, type Estimator } from './estimator.js';
import { crossValidate, meanStd, type CrossValidateOptions, type FoldEvent, type Splitter } from './cross-validate.js';
import { resolveWorkers } from './workers.js';
import { normaliseOptions } from '../options.js';
import { executorFor, type FoldExecutor } from './executor.js';
import { SearchBudget } from './search-budget.js';

/** Parameter name -> values to try; a list of grids searches their union. */
export type ParamGrid = Record<string, readonly unknown[]> | readonly Record<string, readonly unknown[]>[];

export const GRID_SEARCH_OPTIONS = ['cv', 'scoring', 'seed', 'refit', 'onCandidate', 'onFold', 'workers', 'budget', 'clock'] as const satisfies readonly (keyof GridSearchOptions)[];

/** Options of GridSearchCV: the parameter grid, folds, scoring, refit, workers and progress callbacks. */
export interface GridSearchOptions {
  cv?: number | Splitter;
  /** One name or several; with several, `refit` names the one that picks the best (default: the first). */
  scoring?: ScoringIdentifier | readonly ScoringIdentifier[];
  seed?: number;
  /** Refit the best parameters on all rows (default true): then predict/score use bestEstimator. Or a scoring name. */
  refit?: boolean | string;
  /** Called before each candidate's cross-validation. */
  onCandidate?: (event: { index: number; total: number; params: Record<string, unknown>; iter?: number }) => void | Promise<void>;
  onFold?: CrossValidateOptions['onFold'];
  /** Run each candidate's folds on worker threads, or all of them on a cluster with a Redis URL (see crossValidate's workers). */
  workers?: CrossValidateOptions['workers'];
  /**
   * Seconds the search may take: no candidate starts when the time spent plus its expected cost
   * (from the candidates run so far) would exceed it; the first always runs. `stoppedEarly` tells.
   * On a cluster every candidate of a round starts at once, so the budget is checked per round.
   */
  budget?: number;
  /** Milliseconds now, for the budget (default performance.now); tests inject a fake clock. */
  clock?: () => number;
}

/** One candidate of a grid search: its parameters and cross-validated scores. */
export interface GridResult {
  params: Record<string, unknown>;
  /** Per scoring name: per-fold scores, mean and std. */
  testScores: Record<string, number[]>;
  mean: Record<string, number>;
  std: Record<string, number>;
  meanFitTime: number;
  /** 1 = best by the refit scoring; ties share a rank (scikit-learn's 'min' rule). */
  rank: number;
  /** Successive halving: the round (0-based) and the resource the candidate was given in it. */
  iter?: number;
  nResources?: number;
}

/** scikit-learn's ParameterGrid: keys in sorted order, the last key varying fastest. */
export function expandGrid(grid: ParamGrid): Record<string, unknown>[] {
  const grids = Array.isArray(grid) ? grid : [grid];
  const out: Record<string, unknown>[] = [];
  for (const g of grids as Record<string, readonly unknown[]>[]) {
    if (typeof g !== 'object' || g === null) throw new WasmlpError('BAD_OPTION', `paramGrid must map parameter names to arrays of values; received ${describe(g)}.`, { option: 'paramGrid' });
    const keys = Object.keys(g).sort();
    for (const k of keys) {
      if (!Array.isArray(g[k]) || g[k].length === 0) {
        throw new WasmlpError('BAD_OPTION', `paramGrid: '${k}' must be a non-empty array of values to try; received ${describe(g[k])}. Wrap a single value: ${k}: [value].`, { option: `paramGrid.${k}` });
      }
    }
    let combos: Record<string, unknown>[] = [{}];
    for (const k of keys) combos = combos.flatMap((c) => g[k].map((v) => ({ ...c, [k]: v })));
    out.push(...combos);
  }
  return out;
}

/**
 * Exhaustive search over builder and fit parameters with cross-validation (scikit-learn's
 * GridSearchCV). Each candidate is `estimator.clone().setParams(params)`, cross-validated with fresh
 * models per fold; the best is refitted on all rows.
 *
 * @example
 * const gs = new GridSearchCV(pipe, { hidden: [[60], [30], [60, 30]], learningRate: [0.001, 0.01] }, { cv: 10, seed: 7 });
 * await gs.fit(x, y);
 * gs.bestParams; gs.bestScore; console.log(gs.resultsTable());
 */
export class GridSearchCV implements Estimator {
  readonly className: string = 'GridSearchCV';
  readonly candidates: Record<string, unknown>[];
  results: GridResult[] = [];
  bestIndex = -1;
  bestEstimator: Estimator | null = null;
  /** The time budget ran out before every candidate had run. */
  stoppedEarly = false;
  protected budget = new SearchBudget(undefined);
  protected readonly scoringNames: ScoringName[];
  protected readonly refitName: ScoringName;
  protected readonly greaterIsBetter: boolean;

  readonly options: GridSearchOptions;

  /** `owner` names the subclass in messages (RandomizedSearchCV passes its own name). */
  constructor(readonly estimator: Estimator, paramGrid: ParamGrid, options: WithSnakeCase<GridSearchOptions> = {}, owner = 'GridSearchCV') {
    this.options = options = normaliseOptions<GridSearchOptions>(owner, options, [...GRID_SEARCH_OPTIONS]);
    if (!isEstimator(estimator)) {
      throw new WasmlpError('BAD_OPTION', `${owner} needs an estimator (KerasClassifier, TabularClassifier or Pipeline); received ${describe(estimator)}.`, { option: 'estimator' });
    }
    this.candidates = expandGrid(paramGrid);
    this.budget = new SearchBudget(options.budget, options.clock); // checks the values now
    const scorers = getScorers(options.scoring);
    this.scoringNames = scorers.map((s) => s.name);
    const refit = typeof options.refit === 'string' ? getScorers(options.refit, 'refit')[0] : scorers[0];
    if (!this.scoringNames.includes(refit.name)) {
      throw new WasmlpError('BAD_OPTION', `${owner}: refit '${refit.name}' is not among the scoring names (${this.scoringNames.join(', ')}).`, { option: 'refit' });
    }
    this.refitName = refit.name;
    this.greaterIsBetter = refit.greaterIsBetter;
  }

  get bestParams(): Record<string, unknown> {
    return this.best().params;
  }

  /** Mean cross-validated score of the best candidate under the refit scoring. */
  get bestScore(): number {
    return this.best().mean[this.refitName];
  }

  get history(): History | null {
    return this.bestEstimator?.history ?? null;
  }

  get isFitted(): boolean {
    return this.bestEstimator?.isFitted ?? false;
  }

  private best(): GridResult {
    if (this.bestIndex < 0) throw new WasmlpError('NOT_FITTED', `This ${this.className} is not fitted yet: call fit(x, y) before reading bestParams or bestScore.`, { option: 'bestParams' });
    return this.results[this.bestIndex];
  }

  async fit(x: FeaturesLike, y: ArrayLike<number>): Promise<this> {
    const X: Features = toFeatures(x, 'x');
    this.reset();
    this.results = await this.withExecutor((pool) => this.evaluateCandidates(X, y, this.candidates, pool));
    return this.finish(X, y);
  }

  protected reset(): void {
    this.bestEstimator?.dispose();
    this.bestEstimator = null;
    this.results = [];
    this.bestIndex = -1;
    this.budget = new SearchBudget(this.options.budget, this.options.clock);
    this.stoppedEarly = false;
  }

  /**
   * Runs `search` with the executor `workers` asks for: one pool of threads (or one cluster
   * executor) serves every candidate of every round; none for workers: 1.
   */
  protected async withExecutor<T>(search: (pool: FoldExecutor | undefined) => Promise<T>): Promise<T> {
    const nSplits = typeof this.options.cv === 'object' ? this.options.cv.getNSplits() : this.options.cv ?? 5;
    const given = await executorFor(this.options.workers);
    const workers = given ? 1 : resolveWorkers(this.options.workers as number | 'auto' | undefined, nSplits);
    const lease = given ? { pool: given.executor, release: given.release } : workers > 1 ? (await import('./parallel.js')).acquirePool(workers) : undefined;
    try {
      return await search(lease?.pool);
    } finally {
      await lease?.release();
    }
  }

  /**
   * Cross-validates each parameter set (in order; all at once on a concurrent executor). `cv`
   * replaces the folds (successive halving's subsampled folds; its seed is then the splitter's);
   * `round` is passed to onCandidate; `weight` is a candidate's relative cost for the budget.
   * Stops at the first candidate the budget refuses (the results cover those that ran).
   */
  protected async evaluateCandidates(
    X: Features, y: ArrayLike<number>, candidates: readonly Record<string, unknown>[], pool: FoldExecutor | undefined,
    { cv = this.folds(), round, weight = 1 }: { cv?: { cv?: number | Splitter; seed?: number }; round?: number; weight?: number } = {},
  ): Promise<GridResult[]> {
    const dataKey = {}; // every candidate here cross-validates the same X and y: sent to the threads once
    const candidate = async (i: number): Promise<GridResult> => {
      const params = candidates[i];
      await this.options.onCandidate?.({ index: i, total: candidates.length, params, ...(round === undefined ? {} : { iter: round }) });
      const template = this.estimator.clone().setParams(params);
      const end = this.budget.begin(weight);
      try {
        const r = await crossValidate(template, X, y, { ...cv, scoring: this.scoringNames, onFold: this.options.onFold, pool, dataKey });
        return { params, testScores: r.testScores, mean: r.mean, std: r.std, meanFitTime: meanStd(r.fitTimes).mean, rank: 0 };
      } finally {
        end();
        template.dispose();
      }
    };
    // A cluster takes every candidate's folds at once (fold x candidate jobs); results keep candidate order.
    if (pool?.concurrent) return this.budget.allows(weight * candidates.length) ? Promise.all(candidates.map((_, i) => candidate(i))) : this.stop([]);
    const out: GridResult[] = [];
    for (let i = 0; i < candidates.length; i++) {
      if (!this.budget.allows(weight)) return this.stop(out);
      out.push(await candidate(i));
    }
    return out;
  }

  private stop(results: GridResult[]): GridResult[] {
    this.stoppedEarly = true;
    return results;
  }

  /** The folds every candidate uses: crossValidate's cv and seed. */
  protected folds(): { cv?: number | Splitter; seed?: number } {
    return { cv: this.options.cv, seed: this.options.seed };
  }

  /** Higher is better, for ranking: the refit score, negated for losses. */
  protected merit(r: GridResult): number {
    const v = this.greaterIsBetter ? r.mean[this.refitName] : -r.mean[this.refitName];
    return Number.isNaN(v) ? -Infinity : v; // a failed score ranks last, as in scikit-learn
  }

  /** Ranks the results (ties share a rank), picks the best and refits it on all rows unless refit is false. */
  protected async finish(X: Features, y: ArrayLike<number>): Promise<this> {
    const merit = this.results.map((r) => this.rankKey(r));
    this.results.forEach((r, i) => { r.rank = 1 + merit.filter((o) => better(o, merit[i])).length; });
    this.bestIndex = this.results.findIndex((r) => r.rank === 1);
    if (this.options.refit ?? true) {
      const best = this.estimator.clone().setParams(this.bestParams);
      await best.fit(X, y);
      this.bestEstimator = best;
    }
    return this;
  }

  /** What ranks a result, compared left to right (higher first); successive halving puts its round first. */
  protected rankKey(r: GridResult): number[] {
    return [this.merit(r)];
  }

  private refitted(call: string): Estimator {
    if (!this.bestEstimator) {
      throw new WasmlpError('NOT_FITTED', `${this.className}.${call} needs the refitted best estimator: call fit(x, y) with refit enabled (the default).`, { option: call });
    }
    return this.bestEstimator;
  }

  predictProba(x: FeaturesLike): Matrix { return this.refitted('predictProba').predictProba(x); }
  predict(x: FeaturesLike): Int32Array { return this.refitted('predict').predict(x); }
  score(x: FeaturesLike, y: ArrayLike<number>, scoring: ScoringIdentifier = this.refitName): number {
    return this.refitted('score').score(x, y, scoring);
  }

  clone(): GridSearchCV {
    return new GridSearchCV(this.estimator.clone(), this.candidates.map((c) => Object.fromEntries(Object.entries(c).map(([k, v]) => [k, [v]]))), this.options);
  }

  getParams(): Record<string, unknown> { return this.estimator.getParams(); }
  setParams(params: Record<string, unknown>): this { this.estimator.setParams(params); return this; }

  /** The results as a header and text rows by rank (what resultsTable prints and the CLI's HTML report shows). */
  resultsRows(): { header: string[]; rows: string[][] } {
    const halving = this.results.some((r) => r.iter !== undefined);
    const header = ['rank', ...(halving ? ['iter', 'resources'] : []), 'params', ...this.scoringNames.map((s) => `${s} mean (std)`), 'fit s'];
    const rows = [...this.results].sort((a, b) => a.rank - b.rank).map((r) => [
      String(r.rank), ...(halving ? [String(r.iter), String(r.nResources)] : []), formatParams(r.params),
      ...this.scoringNames.map((s) => `${r.mean[s].toFixed(4)} (${r.std[s].toFixed(4)})`),
      r.meanFitTime.toFixed(2),
    ]);
    return { header, rows };
  }

  /** Rows by rank: parameters, mean (std) of each scoring name, mean fit seconds. */
  resultsTable(): string {
    if (this.results.length === 0) return '(not fitted)';
    const { header, rows } = this.resultsRows();
    return formatTable(header, rows);
  }

  /**
   * scikit-learn's cv_results_ with its column names, so code written for it ports as is: params,
   * param_<name>, split<k>_test_<score>, mean_test_<score>, std_test_<score>, rank_test_<score>
   * (<score> is 'score' with one scoring name, else each name), mean_fit_time, and iter /
   * n_resources for successive halving. One entry per evaluated candidate, in evaluation order.
   */
  get cvResults(): Record<string, unknown[]> {
    const out: Record<string, unknown[]> = { params: this.results.map((r) => r.params) };
    const names = [...new Set(this.results.flatMap((r) => Object.keys(r.params)))].sort();
    for (const n of names) out[`param_${n}`] = this.results.map((r) => r.params[n]);
    for (const s of this.scoringNames) {
      const suffix = this.scoringNames.length === 1 ? 'score' : s;
      const nSplits = Math.max(0, ...this.results.map((r) => r.testScores[s].length));
      for (let k = 0; k < nSplits; k++) out[`split${k}_test_${suffix}`] = this.results.map((r) => r.testScores[s][k]);
      out[`mean_test_${suffix}`] = this.results.map((r) => r.mean[s]);
      out[`std_test_${suffix}`] = this.results.map((r) => r.std[s]);
      out[`rank_test_${suffix}`] = s === this.refitName ? this.results.map((r) => r.rank) : this.ranksBy(s);
    }
    out.mean_fit_time = this.results.map((r) => r.meanFitTime);
    if (this.results.some((r) => r.iter !== undefined)) {
      out.iter = this.results.map((r) => r.iter);
      out.n_resources = this.results.map((r) => r.nResources);
    }
    return out;
  }

  /** Ranks under another scoring name (a rounds' order still comes first). */
  private ranksBy(name: ScoringName): number[] {
    const sign = getScorers(name)[0].greaterIsBetter ? 1 : -1;
    const keys = this.results.map((r) => [...this.rankKey(r).slice(0, -1), Number.isNaN(r.mean[name]) ? -Infinity : sign * r.mean[name]]);
    return keys.map((k) => 1 + keys.filter((o) => better(o, k)).length);
  }

  toJSON(): unknown {
    return { className: this.className, results: this.results, bestIndex: this.bestIndex, best: this.bestEstimator?.toJSON() ?? null };
  }

  dispose(): void {
    this.bestEstimator?.dispose();
  }
}

/** a ranks strictly above b: compared left to right, higher first. */
function better(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] > b[i];
  return false;
}

export function formatParams(params: Record<string, unknown>): string {
  return Object.entries(params).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' ');
}

/** Left-aligned text columns separated by two spaces. */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export type { FoldEvent };
