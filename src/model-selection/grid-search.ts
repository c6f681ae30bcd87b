import type { ScoringIdentifier } from '../metrics/scoring.js';
import type { WithSnakeCase } from '../names.js';
import { WasmlpError, describe } from '../errors.js';
import type { Matrix } from '../data/matrix.js';
import { toFeatures, type Features, type FeaturesLike } from '../data/rows.js';
import type { History } from '../callbacks/history.js';
import { getScorers, type ScoringName } from '../metrics/scoring.js';
import { isEstimator, type Estimator } from './estimator.js';
import { crossValidate, meanStd, resolveWorkers, type CrossValidateOptions, type FoldEvent, type Splitter } from './cross-validate.js';
import { normaliseOptions } from '../options.js';
import { executorFor, type FoldExecutor } from './executor.js';

/** Parameter name -> values to try; a list of grids searches their union. */
export type ParamGrid = Record<string, readonly unknown[]> | readonly Record<string, readonly unknown[]>[];

/** Options of GridSearchCV: the parameter grid, folds, scoring, refit, workers and progress callbacks. */
export interface GridSearchOptions {
  cv?: number | Splitter;
  /** One name or several; with several, `refit` names the one that picks the best (default: the first). */
  scoring?: ScoringIdentifier | readonly ScoringIdentifier[];
  seed?: number;
  /** Refit the best parameters on all rows (default true): then predict/score use bestEstimator. Or a scoring name. */
  refit?: boolean | string;
  /** Called before each candidate's cross-validation. */
  onCandidate?: (event: { index: number; total: number; params: Record<string, unknown> }) => void | Promise<void>;
  onFold?: CrossValidateOptions['onFold'];
  /** Run each candidate's folds on worker threads, or all of them on a cluster with a Redis URL (see crossValidate's workers). */
  workers?: CrossValidateOptions['workers'];
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
  readonly className = 'GridSearchCV';
  readonly candidates: Record<string, unknown>[];
  results: GridResult[] = [];
  bestIndex = -1;
  bestEstimator: Estimator | null = null;
  private readonly scoringNames: ScoringName[];
  private readonly refitName: ScoringName;
  private readonly greaterIsBetter: boolean;

  readonly options: GridSearchOptions;

  constructor(readonly estimator: Estimator, paramGrid: ParamGrid, options: WithSnakeCase<GridSearchOptions> = {}) {
    this.options = options = normaliseOptions<GridSearchOptions>('GridSearchCV', options, ['cv', 'scoring', 'seed', 'refit', 'onCandidate', 'onFold', 'workers']);
    if (!isEstimator(estimator)) {
      throw new WasmlpError('BAD_OPTION', `GridSearchCV needs an estimator (KerasClassifier or Pipeline); received ${describe(estimator)}.`, { option: 'estimator' });
    }
    this.candidates = expandGrid(paramGrid);
    const scorers = getScorers(options.scoring);
    this.scoringNames = scorers.map((s) => s.name);
    const refit = typeof options.refit === 'string' ? getScorers(options.refit, 'refit')[0] : scorers[0];
    if (!this.scoringNames.includes(refit.name)) {
      throw new WasmlpError('BAD_OPTION', `GridSearchCV: refit '${refit.name}' is not among the scoring names (${this.scoringNames.join(', ')}).`, { option: 'refit' });
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
    if (this.bestIndex < 0) throw new WasmlpError('NOT_FITTED', 'This GridSearchCV is not fitted yet: call fit(x, y) before reading bestParams or bestScore.', { option: 'bestParams' });
    return this.results[this.bestIndex];
  }

  async fit(x: FeaturesLike, y: ArrayLike<number>): Promise<this> {
    const X: Features = toFeatures(x, 'x');
    this.bestEstimator?.dispose();
    this.bestEstimator = null;
    this.results = [];
    // With workers, one pool of threads (or one cluster executor) serves every candidate.
    const nSplits = typeof this.options.cv === 'object' ? this.options.cv.getNSplits() : this.options.cv ?? 5;
    const given = await executorFor(this.options.workers);
    const workers = given ? 1 : resolveWorkers(this.options.workers as number | 'auto' | undefined, nSplits);
    const lease = given ? { pool: given.executor, release: given.release } : workers > 1 ? (await import('./parallel.js')).acquirePool(workers) : undefined;
    const pool: FoldExecutor | undefined = lease?.pool;
    const candidate = async (i: number): Promise<GridResult> => {
      const params = this.candidates[i];
      await this.options.onCandidate?.({ index: i, total: this.candidates.length, params });
      const template = this.estimator.clone().setParams(params);
      try {
        const r = await crossValidate(template, X, y, { cv: this.options.cv, seed: this.options.seed, scoring: this.scoringNames, onFold: this.options.onFold, pool });
        return { params, testScores: r.testScores, mean: r.mean, std: r.std, meanFitTime: meanStd(r.fitTimes).mean, rank: 0 };
      } finally {
        template.dispose();
      }
    };
    try {
      if (pool?.concurrent) {
        // A cluster takes every candidate's folds at once (fold x candidate jobs); results keep candidate order.
        this.results = await Promise.all(this.candidates.map((_, i) => candidate(i)));
      } else {
        for (let i = 0; i < this.candidates.length; i++) this.results.push(await candidate(i));
      }
    } finally {
      await lease?.release();
    }
    const key = (r: GridResult) => (this.greaterIsBetter ? -r.mean[this.refitName] : r.mean[this.refitName]);
    for (const r of this.results) r.rank = 1 + this.results.filter((o) => key(o) < key(r)).length;
    this.bestIndex = this.results.findIndex((r) => r.rank === 1);
    if (this.options.refit ?? true) {
      const best = this.estimator.clone().setParams(this.bestParams);
      await best.fit(X, y);
      this.bestEstimator = best;
    }
    return this;
  }

  private refitted(call: string): Estimator {
    if (!this.bestEstimator) {
      throw new WasmlpError('NOT_FITTED', `GridSearchCV.${call} needs the refitted best estimator: call fit(x, y) with refit enabled (the default).`, { option: call });
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

  /** Rows by rank: parameters, mean (std) of each scoring name, mean fit seconds. */
  resultsTable(): string {
    if (this.results.length === 0) return '(not fitted)';
    const header = ['rank', 'params', ...this.scoringNames.map((s) => `${s} mean (std)`), 'fit s'];
    const rows = [...this.results].sort((a, b) => a.rank - b.rank).map((r) => [
      String(r.rank), formatParams(r.params),
      ...this.scoringNames.map((s) => `${r.mean[s].toFixed(4)} (${r.std[s].toFixed(4)})`),
      r.meanFitTime.toFixed(2),
    ]);
    return formatTable(header, rows);
  }

  toJSON(): unknown {
    return { className: 'GridSearchCV', results: this.results, bestIndex: this.bestIndex, best: this.bestEstimator?.toJSON() ?? null };
  }

  dispose(): void {
    this.bestEstimator?.dispose();
  }
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
