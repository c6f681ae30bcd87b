import { WasmlpError, describe } from '../errors.js';
import { isMatrix, toMatrix, type Matrix, type MatrixLike } from '../data/matrix.js';
import type { Features, FeaturesLike } from '../data/rows.js';
import { isSparse } from '../data/sparse.js';
import { isTable, type Column, type Table } from '../data/table.js';
import { checkOptionKeys } from '../data/option-keys.js';
import type { Transformer, TransformerJSON } from './transformer.js';
import { alignTable, asTable, signatureOf, type ColumnSignature } from './table-align.js';

/** Every SimpleImputer strategy name. */
export const IMPUTE_STRATEGIES = ['mean', 'median', 'mostFrequent', 'constant'] as const;
/** How SimpleImputer fills a missing cell. */
export type ImputeStrategy = (typeof IMPUTE_STRATEGIES)[number];

/** Options of SimpleImputer: the strategy (median, mean, most frequent, constant) and missing indicators. */
export interface SimpleImputerConfig {
  /** 'mean' (default) or 'median' for numbers; 'mostFrequent'; 'constant' (fillValue). Text columns use mostFrequent unless 'constant'. */
  strategy?: ImputeStrategy;
  /** The value for 'constant' (default 0 for numbers, 'missing' for text). */
  fillValue?: number | string;
  /** Append a 0/1 column `${name}_missing` for each column that had missing cells in fit (default false). */
  addIndicator?: boolean;
}

/** The fitted state of a SimpleImputer: the fill value of each column. */
export interface SimpleImputerState {
  /** Table input: the columns as fit saw them; null for a matrix. */
  columns: ColumnSignature[] | null;
  nFeatures: number;
  /** Fill value per column (numbers, or text for text columns). */
  fill: (number | string)[];
  /** Columns that had missing cells in fit (they get indicators). */
  hadMissing: boolean[];
}

const CONFIG_KEYS = ['strategy', 'fillValue', 'addIndicator'];

/**
 * Fills missing cells (NaN in numbers, null in text) with a statistic of the fit rows, as
 * scikit-learn's SimpleImputer: mean, median, most frequent, or a constant; optionally with
 * missing-indicator columns. Takes a Table (returns a Table, indicators appended as number
 * columns) or a dense Matrix with NaN for missing (returns a Matrix). Inside a Pipeline the
 * statistics come from each fold's training rows only.
 */
export class SimpleImputer implements Transformer {
  readonly className = 'SimpleImputer';
  private state: SimpleImputerState | null = null;
  private readonly config: SimpleImputerConfig;

  constructor(config: SimpleImputerConfig = {}) {
    checkOptionKeys('SimpleImputer', config, CONFIG_KEYS);
    const strategy = config.strategy ?? 'mean';
    if (!IMPUTE_STRATEGIES.includes(strategy)) {
      throw new WasmlpError('BAD_OPTION', `SimpleImputer: strategy must be one of ${IMPUTE_STRATEGIES.join(', ')}; received ${describe(strategy)}.`, { option: 'strategy' });
    }
    if (config.fillValue !== undefined && typeof config.fillValue !== 'string' && !(typeof config.fillValue === 'number' && Number.isFinite(config.fillValue))) {
      throw new WasmlpError('BAD_OPTION', `SimpleImputer: fillValue must be a finite number or a string; received ${describe(config.fillValue)}.`, { option: 'fillValue' });
    }
    this.config = { ...config };
  }

  get isFitted(): boolean {
    return this.state !== null;
  }

  getConfig(): SimpleImputerConfig {
    return { ...this.config };
  }

  fit(x: FeaturesLike | readonly Record<string, unknown>[], _y?: unknown): this {
    if (isSparse(x)) throw sparseRefused();
    const strategy = this.config.strategy ?? 'mean';
    if (isTable(x) || isObjectRows(x)) {
      const t = asTable(x, 'SimpleImputer.fit');
      const fill = t.columns.map((c) => fillFor(c, strategy, this.config.fillValue));
      this.state = { columns: signatureOf(t), nFeatures: t.columns.length, fill, hadMissing: t.columns.map(hasMissing) };
      return this;
    }
    const m = withMissing(x, 'SimpleImputer.fit x');
    const fill: number[] = [], had: boolean[] = [];
    for (let c = 0; c < m.cols; c++) {
      const values = new Float64Array(m.rows);
      for (let r = 0; r < m.rows; r++) values[r] = m.data[r * m.cols + c];
      const col: Column = { name: `x${c}`, type: 'number', values };
      fill.push(fillFor(col, strategy, this.config.fillValue) as number);
      had.push(hasMissing(col));
    }
    this.state = { columns: null, nFeatures: m.cols, fill, hadMissing: had };
    return this;
  }

  transform(x: FeaturesLike | readonly Record<string, unknown>[]): Features {
    const s = this.fitted('transform');
    const indicators = this.config.addIndicator ?? false;
    if (s.columns) {
      const t = alignTable(asTable(x, 'SimpleImputer.transform'), s.columns, 'SimpleImputer.transform', true);
      const filled: Column[] = t.columns.map((c, j) => {
        if (c.type === 'number') return { name: c.name, type: 'number', values: Float64Array.from(c.values, (v) => (Number.isNaN(v) ? (s.fill[j] as number) : v)) };
        return { name: c.name, type: 'string', values: c.values.map((v) => v ?? String(s.fill[j])) };
      });
      if (indicators) {
        t.columns.forEach((c, j) => {
          if (!s.hadMissing[j]) return;
          const flag = new Float64Array(t.rows);
          for (let r = 0; r < t.rows; r++) flag[r] = isMissingAt(c, r) ? 1 : 0;
          filled.push({ name: `${c.name}_missing`, type: 'number', values: flag });
        });
      }
      return { format: 'table', rows: t.rows, columns: filled } satisfies Table;
    }
    if (isTable(x) || isSparse(x)) {
      throw new WasmlpError('BAD_INPUT_TYPE', 'SimpleImputer.transform: this imputer was fitted on a matrix; pass a matrix with the same columns.', { option: 'x' });
    }
    const m = withMissing(x, 'SimpleImputer.transform x');
    if (m.cols !== s.nFeatures) {
      throw new WasmlpError('WIDTH_MISMATCH', `SimpleImputer.transform: fitted on ${s.nFeatures} columns, received ${m.cols}. Pass rows with the same columns, in the same order, as in fit.`, { option: 'transform', column: m.cols });
    }
    const flagged = indicators ? s.hadMissing.flatMap((h, c) => (h ? [c] : [])) : [];
    const cols = m.cols + flagged.length;
    const out = new Float32Array(m.rows * cols);
    for (let r = 0; r < m.rows; r++) {
      for (let c = 0; c < m.cols; c++) {
        const v = m.data[r * m.cols + c];
        out[r * cols + c] = Number.isNaN(v) ? (s.fill[c] as number) : v;
      }
      flagged.forEach((c, k) => (out[r * cols + m.cols + k] = Number.isNaN(m.data[r * m.cols + c]) ? 1 : 0));
    }
    return { data: out, rows: m.rows, cols } satisfies Matrix;
  }

  fitTransform(x: FeaturesLike | readonly Record<string, unknown>[], y?: unknown): Features {
    return this.fit(x, y).transform(x);
  }

  featureNamesOut(): string[] {
    const s = this.fitted('featureNamesOut');
    const names = s.columns ? s.columns.map((c) => c.name) : s.fill.map((_, c) => `x${c}`);
    const flags = (this.config.addIndicator ?? false) ? names.filter((_, j) => s.hadMissing[j]).map((n) => `${n}_missing`) : [];
    return [...names, ...flags];
  }

  toJSON(): TransformerJSON<SimpleImputerConfig, SimpleImputerState> {
    return { className: this.className, config: this.getConfig(), state: this.state };
  }

  static fromJSON(json: TransformerJSON<SimpleImputerConfig, SimpleImputerState>): SimpleImputer {
    if (json?.className !== 'SimpleImputer') {
      throw new WasmlpError('BAD_JSON', `SimpleImputer.fromJSON received className ${describe(json?.className)}.`, { option: 'className' });
    }
    const imp = new SimpleImputer(json.config ?? {});
    const s = json.state;
    if (s !== null && s !== undefined) {
      const ok = Array.isArray(s.fill) && Array.isArray(s.hadMissing) && s.fill.length === s.nFeatures && s.hadMissing.length === s.nFeatures
        && (s.columns === null || (Array.isArray(s.columns) && s.columns.length === s.nFeatures && s.columns.every((c, j) => typeof c?.name === 'string' && (c.type === 'number' ? typeof s.fill[j] === 'number' && Number.isFinite(s.fill[j]) : c.type === 'string' && typeof s.fill[j] === 'string'))))
        && (s.columns !== null || s.fill.every((v) => typeof v === 'number' && Number.isFinite(v)));
      if (!ok) throw new WasmlpError('BAD_JSON', 'SimpleImputer.fromJSON: the fitted state is damaged (fill values must match the columns, numbers finite).', { option: 'state' });
      imp.state = structuredClone(s);
    }
    return imp;
  }

  private fitted(call: string): SimpleImputerState {
    if (!this.state) throw new WasmlpError('NOT_FITTED', `This SimpleImputer is not fitted yet: call fit(x) before ${call}(x).`, { option: call });
    return this.state;
  }
}

/** Rows or a Matrix where NaN marks a missing cell (toMatrix refuses NaN, which is what this step fills). */
function withMissing(x: unknown, what: string): Matrix {
  if (isMatrix(x)) return x;
  if (Array.isArray(x) && x.length > 0 && Array.isArray(x[0])) {
    const rows = x as number[][], cols = rows[0].length;
    const data = new Float32Array(rows.length * cols);
    rows.forEach((row, r) => {
      if (!Array.isArray(row) || row.length !== cols) throw new WasmlpError('RAGGED_ROW', `${what}: row ${r} has ${Array.isArray(row) ? row.length : 'no'} values; row 0 has ${cols}.`, { row: r });
      row.forEach((v, c) => {
        const n = v === null || v === undefined ? NaN : v;
        if (typeof n !== 'number' || n === Infinity || n === -Infinity) throw new WasmlpError('NOT_A_NUMBER', `${what}: row ${r}, column ${c} is ${describe(v)}; cells must be numbers (NaN or null for missing).`, { row: r, column: c });
        data[r * cols + c] = n;
      });
    });
    return { data, rows: rows.length, cols };
  }
  return toMatrix(x as MatrixLike, what);
}

function sparseRefused(): WasmlpError {
  return new WasmlpError('BAD_INPUT_TYPE', 'SimpleImputer takes a Table or a dense Matrix; a SparseMatrix has no missing cells to fill.', { option: 'x' });
}

function isObjectRows(x: unknown): boolean {
  return Array.isArray(x) && x.length > 0 && typeof x[0] === 'object' && x[0] !== null && !Array.isArray(x[0]) && !ArrayBuffer.isView(x[0]);
}

function isMissingAt(c: Column, r: number): boolean {
  return c.type === 'number' ? Number.isNaN(c.values[r]) : c.values[r] === null;
}

function hasMissing(c: Column): boolean {
  for (let r = 0; r < c.values.length; r++) if (isMissingAt(c, r)) return true;
  return false;
}

/** The fit statistic of one column; a column with no value at all gets 0 (numbers) or 'missing' (text). */
function fillFor(c: Column, strategy: ImputeStrategy, fillValue: number | string | undefined): number | string {
  if (c.type === 'string') {
    if (strategy === 'constant') return fillValue === undefined ? 'missing' : String(fillValue);
    const counts = new Map<string, number>();
    for (const v of c.values) if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
    let best: string | null = null, n = 0;
    for (const [k, m] of counts) if (m > n || (m === n && best !== null && k < best)) [best, n] = [k, m];
    return best ?? 'missing';
  }
  if (strategy === 'constant') {
    if (typeof fillValue === 'string') {
      throw new WasmlpError('BAD_OPTION', `SimpleImputer: fillValue ${JSON.stringify(fillValue)} is text but column '${c.name}' holds numbers. Use a number for fillValue.`, { option: 'fillValue', column: c.name });
    }
    return fillValue ?? 0;
  }
  const present = Array.from(c.values as Float64Array).filter((v) => !Number.isNaN(v));
  if (present.length === 0) return 0;
  if (strategy === 'mean') return present.reduce((a, b) => a + b, 0) / present.length;
  if (strategy === 'median') {
    present.sort((a, b) => a - b);
    const m = present.length >> 1;
    return present.length % 2 ? present[m] : (present[m - 1] + present[m]) / 2;
  }
  const counts = new Map<number, number>();
  let best = present[0], n = 0;
  for (const v of present) {
    const k = (counts.get(v) ?? 0) + 1;
    counts.set(v, k);
    if (k > n || (k === n && v < best)) [best, n] = [v, k];
  }
  return best;
}
