import { normaliseOptions } from '../options.js';
import { WasmlpError, describe } from '../errors.js';
import { checkModel, columnData, probaOf, type ColumnData, type ExplainableModel, type ExplainInput } from './model-view.js';

/** Options of {@link partialDependence}: grid resolution, percentile range and column names. */
export interface PartialDependenceOptions {
  /** Grid points per numeric column (default 20); a column with fewer distinct values uses them all. */
  gridResolution?: number;
  /** The grid spans these percentiles of the column (default [0.05, 0.95], scikit-learn's). */
  percentiles?: readonly [number, number];
  /** Names of a matrix's columns (default: a pipeline's metadata.featureNames, else x0, x1, ...). */
  featureNames?: readonly string[];
}

/** What {@link partialDependence} returns: the grid per column and the mean predicted probability at each point. */
export interface PartialDependenceResult {
  /** The one or two columns, by name. */
  features: string[];
  /** Grid values per feature: numbers for numeric columns, categories (sorted) for string columns. */
  grid: (number[] | string[])[];
  /**
   * Mean predicted probability over all rows with the feature(s) set to each grid point:
   * average[output][point], one output (the positive class) for two classes, else one per class.
   * For two features the points run over the first feature's grid, then the second's
   * (index = i * grid[1].length + j).
   */
  average: number[][];
  /** Class column of predictProba each output refers to. */
  outputs: number[];
}

/** Empirical quantile of sorted values as scipy's mquantiles (alphap = betap = 0.4), which scikit-learn's grid uses. */
function percentile(sorted: Float64Array, p: number): number {
  const n = sorted.length;
  if (n === 1) return sorted[0];
  const aleph = n * p + 0.4 + p * 0.2;
  const k = Math.floor(Math.min(Math.max(aleph, 1), n - 1));
  const gamma = Math.min(Math.max(aleph - k, 0), 1);
  return (1 - gamma) * sorted[k - 1] + gamma * sorted[k];
}

/** scikit-learn's _grid_from_X: the distinct values when fewer than the resolution, else evenly spaced between two percentiles. */
function gridOf(data: ColumnData, j: number, resolution: number, percentiles: readonly [number, number], caller: string): number[] | string[] {
  const values = data.column(j);
  if (!(values instanceof Float64Array)) {
    const cats = [...new Set(values.filter((v): v is string => v !== null))].sort();
    return cats;
  }
  const present = Float64Array.from(values.filter((v) => !Number.isNaN(v))).sort();
  if (present.length === 0) throw new WasmlpError('EMPTY_DATA', `${caller}: column '${data.names[j]}' has no values (all missing).`, { column: data.names[j] });
  const distinct = [...new Set(present)];
  if (distinct.length < resolution) return distinct;
  const lo = percentile(present, percentiles[0]), hi = percentile(present, percentiles[1]);
  if (lo === hi) throw new WasmlpError('BAD_OPTION', `${caller}: the percentiles ${percentiles.join(', ')} of column '${data.names[j]}' are equal (${lo}); widen them.`, { option: 'percentiles', column: data.names[j] });
  return Array.from({ length: resolution }, (_, k) => lo + ((hi - lo) * k) / (resolution - 1));
}

function columnIndex(data: ColumnData, feature: unknown, caller: string): number {
  if (typeof feature === 'number' && Number.isInteger(feature) && feature >= 0 && feature < data.names.length) return feature;
  const j = typeof feature === 'string' ? data.names.indexOf(feature) : -1;
  if (j < 0) throw new WasmlpError('UNKNOWN_COLUMN', `${caller}: no column ${describe(feature)}. Columns: ${data.names.slice(0, 30).join(', ')}${data.names.length > 30 ? ', …' : ''} (or their 0-based indices).`, { option: 'features', column: String(feature) });
  return j;
}

/**
 * Partial dependence (scikit-learn's `partial_dependence`, method 'brute'): the model's mean
 * predicted probability when one column (or two together) is set to each value of a grid for every
 * row, the other columns left as they are. With a Pipeline and a Table, the raw column is set
 * before the pipeline encodes it, so categories are points of the grid.
 *
 * @example
 * const pd = partialDependence(pipeline, x, 'age', { gridResolution: 30 });
 * pd.grid[0].forEach((age, i) => console.log(age, pd.average[0][i]));
 * const both = partialDependence(pipeline, x, ['age', 'fare']); // a 2-D grid
 */
export function partialDependence(model: ExplainableModel, x: ExplainInput, features: string | number | readonly (string | number)[], options: PartialDependenceOptions = {}): PartialDependenceResult {
  const caller = 'partialDependence';
  const m = checkModel(model, caller);
  options = normaliseOptions<PartialDependenceOptions>(caller, options, ['gridResolution', 'percentiles', 'featureNames']);
  const resolution = options.gridResolution ?? 20;
  if (!Number.isInteger(resolution) || resolution < 2) throw new WasmlpError('BAD_OPTION', `${caller}: gridResolution must be an integer >= 2; received ${describe(resolution)}.`, { option: 'gridResolution' });
  const percentiles = options.percentiles ?? [0.05, 0.95];
  if (!Array.isArray(percentiles) || percentiles.length !== 2 || !(percentiles[0] >= 0 && percentiles[0] < percentiles[1] && percentiles[1] <= 1)) {
    throw new WasmlpError('BAD_OPTION', `${caller}: percentiles must be [low, high] with 0 <= low < high <= 1; received ${describe(percentiles)}.`, { option: 'percentiles' });
  }
  const list = Array.isArray(features) ? features : [features];
  if (list.length < 1 || list.length > 2) throw new WasmlpError('BAD_OPTION', `${caller}: give one column or two (a 2-D grid); received ${describe(features)}.`, { option: 'features' });
  const data = columnData(m, x, options.featureNames, caller);
  const cols = list.map((f) => columnIndex(data, f, caller));
  if (cols.length === 2 && cols[0] === cols[1]) throw new WasmlpError('BAD_OPTION', `${caller}: the two columns are the same ('${data.names[cols[0]]}').`, { option: 'features' });
  const grids = cols.map((j) => gridOf(data, j, resolution, percentiles, caller));
  const points: (number | string)[][] = cols.length === 1
    ? (grids[0] as (number | string)[]).map((v) => [v])
    : (grids[0] as (number | string)[]).flatMap((a) => (grids[1] as (number | string)[]).map((b) => [a, b]));
  let outputs: number[] | null = null;
  const sums: number[][] = [];
  for (const point of points) {
    let input: ExplainInput = data.original;
    let view = data;
    cols.forEach((j, k) => {
      const v = point[k];
      const filled = typeof v === 'number' ? new Float64Array(data.rows).fill(v) : new Array<string | null>(data.rows).fill(v);
      input = view.withColumn(j, filled);
      view = columnData(m, input, undefined, caller);
    });
    const p = probaOf(m, input);
    outputs ??= p.cols === 2 ? [1] : Array.from({ length: p.cols }, (_, c) => c);
    outputs.forEach((c, o) => {
      let s = 0;
      for (let r = 0; r < p.rows; r++) s += p.data[r * p.cols + c];
      (sums[o] ??= []).push(s / p.rows);
    });
  }
  return { features: cols.map((j) => data.names[j]), grid: grids, average: sums, outputs: outputs ?? [] };
}
