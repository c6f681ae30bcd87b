import { normaliseOptions } from '../options.js';
import type { ScoringIdentifier } from '../metrics/scoring.js';
import { WasmlpError, describe } from '../errors.js';
import { SeededRandom } from '../random.js';
import { getScorer, type ScoringName } from '../metrics/scoring.js';
import { checkModel, classesOf, columnData, probaOf, type ColumnData, type ExplainableModel, type ExplainInput } from './model-view.js';

export interface PermutationImportanceOptions {
  /** Shuffles per column (default 5, scikit-learn's). */
  nRepeats?: number;
  /** A scoring name (default 'accuracy'); losses (logLoss, brierScore) count an increase as importance. */
  scoring?: ScoringIdentifier;
  /** Seeds the shuffles: the same seed gives the same result, with any number of workers. */
  seed?: number;
  /** Worker threads sharing the columns (Node; default 1). Results equal the single-thread run. */
  workers?: number | 'auto';
  /** Names of a matrix's columns (default: a pipeline's metadata.featureNames, else x0, x1, ...). A Table's own names are used. */
  featureNames?: readonly string[];
}

export interface PermutationImportanceResult {
  /** One per input column: the raw columns given (a Table's names), before any encoding. */
  featureNames: string[];
  /** Mean drop in score when the column is shuffled (higher = more important). */
  importancesMean: number[];
  /** Standard deviation over the repeats (ddof 0, as numpy's). */
  importancesStd: number[];
  /** Every repeat's drop, per column: importances[column][repeat]. */
  importances: number[][];
  /** Score on the unshuffled data. */
  baselineScore: number;
  scoring: ScoringName;
  nRepeats: number;
}

const OPTION_KEYS = ['nRepeats', 'scoring', 'seed', 'workers', 'featureNames'] as const;

/** The shuffle seed of one column: a function of (seed, column) only, so workers can split columns. */
export function columnSeed(seed: number, column: number): number {
  return (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(column + 1, 0x85ebca6b)) >>> 0;
}

/**
 * Scores of one column's repeats: each repeat shuffles the row order again (the shuffles compound,
 * as scikit-learn's do) and scores the model with that column's values in the shuffled order.
 */
export function columnScores(model: ExplainableModel, data: ColumnData, j: number, nRepeats: number, seed: number, score: (x: ExplainInput) => number): number[] {
  const rng = new SeededRandom(columnSeed(seed, j));
  const order = Array.from({ length: data.rows }, (_, i) => i);
  const original = data.column(j);
  const out: number[] = [];
  for (let k = 0; k < nRepeats; k++) {
    for (let i = order.length - 1; i > 0; i--) {
      const r = rng.int(i + 1);
      const t = order[i]; order[i] = order[r]; order[r] = t;
    }
    const shuffled = original instanceof Float64Array ? Float64Array.from(order, (i) => original[i]) : order.map((i) => (original as readonly (string | null)[])[i]);
    out.push(score(data.withColumn(j, shuffled)));
  }
  return out;
}

/**
 * Permutation importance (scikit-learn's `permutation_importance`): how much the score drops when
 * one input column's values are shuffled across rows, breaking its link with the label. Columns
 * are the raw inputs the model takes: with a Pipeline, a Table's columns are shuffled before the
 * pipeline encodes them, so a one-hot encoded column is judged as the one column it came from.
 *
 * Unknown scoring names are a WasmlpError (UNKNOWN_SCORING) listing the valid ones.
 *
 * @example
 * const result = await permutationImportance(pipeline, xTest, yTest, { nRepeats: 10, scoring: 'rocAuc', seed: 1 });
 * result.featureNames.forEach((name, j) => console.log(name, result.importancesMean[j], '±', result.importancesStd[j]));
 */
export async function permutationImportance(model: ExplainableModel, x: ExplainInput, y: ArrayLike<number>, options: PermutationImportanceOptions = {}): Promise<PermutationImportanceResult> {
  const caller = 'permutationImportance';
  const m = checkModel(model, caller);
  options = normaliseOptions<PermutationImportanceOptions>(caller, options, OPTION_KEYS);
  const scorer = getScorer(options.scoring ?? 'accuracy');
  const nRepeats = options.nRepeats ?? 5;
  if (!Number.isInteger(nRepeats) || nRepeats < 1) throw new WasmlpError('BAD_OPTION', `${caller}: nRepeats must be an integer >= 1; received ${describe(nRepeats)}.`, { option: 'nRepeats' });
  const seed = options.seed ?? 0;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new WasmlpError('BAD_OPTION', `${caller}: seed must be an integer in [0, 2^32); received ${describe(seed)}.`, { option: 'seed' });
  const workers = resolveWorkers(options.workers, caller);
  const data = columnData(m, x, options.featureNames, caller);
  if (!y || typeof y.length !== 'number' || y.length !== data.rows) {
    throw new WasmlpError('LENGTH_MISMATCH', `${caller}: y needs one label per row of x (${data.rows}); received ${describe(y)}.`, { option: 'y' });
  }
  const classes = classesOf(m, y);
  const index = new Map(classes.map((c, i) => [c, i]));
  const ids = Int32Array.from(y, (v, r) => {
    const id = index.get(v);
    if (id === undefined) throw new WasmlpError('UNKNOWN_LABEL', `${caller}: y[${r}] is ${v}, not one of the model's classes (${classes.join(', ')}).`, { row: r, option: 'y' });
    return id;
  });
  const score = (input: ExplainInput) => scorer.score(ids, probaOf(m, input));
  const baselineScore = score(data.original);
  const columns = data.names.map((_, j) => j);
  let scores: number[][];
  if (workers > 1 && columns.length > 1) {
    const { scoreColumnsInWorkers } = await import('./importance-pool.js');
    scores = await scoreColumnsInWorkers(m, data.original, y, { columns, nRepeats, seed, scoring: scorer.name, workers: Math.min(workers, columns.length) });
  } else {
    scores = columns.map((j) => columnScores(m, data, j, nRepeats, seed, score));
  }
  const sign = scorer.greaterIsBetter ? 1 : -1;
  const importances = scores.map((s) => s.map((v) => sign * (baselineScore - v)));
  const importancesMean = importances.map((d) => d.reduce((a, b) => a + b, 0) / d.length);
  const importancesStd = importances.map((d, j) => Math.sqrt(d.reduce((a, b) => a + (b - importancesMean[j]) ** 2, 0) / d.length));
  return { featureNames: data.names, importancesMean, importancesStd, importances, baselineScore, scoring: scorer.name, nRepeats };
}

function resolveWorkers(value: unknown, caller: string): number {
  if (value === undefined) return 1;
  if (value === 'auto') {
    const os = (globalThis as { process?: { getBuiltinModule?: (n: string) => unknown } }).process?.getBuiltinModule?.('node:os') as { availableParallelism?: () => number } | undefined;
    return os?.availableParallelism?.() ?? 1;
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new WasmlpError('BAD_OPTION', `${caller}: workers must be an integer >= 1 or 'auto'; received ${describe(value)}.`, { option: 'workers' });
  }
  return value;
}
