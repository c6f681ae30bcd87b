import { unknownOption } from '../options.js';
import { WasmlpError, describe } from '../errors.js';
import type { Matrix } from '../data/matrix.js';
import type { Features, FeaturesLike } from '../data/rows.js';
import { isSparse, type SparseMatrix } from '../data/sparse.js';
import { isTable, type Table } from '../data/table.js';
import { hstack } from '../data/hstack.js';
import { COLUMN_KINDS, inferSchema, type ColumnKind } from '../data/schema.js';
import { columnIndex, type ColumnRef } from '../data/table-columns.js';
import type { Transformer, TransformerJSON } from './transformer.js';
import { alignTable, asTable, signatureOf, type ColumnSignature } from './table-align.js';

/** Which columns a part takes: names or 0-based indices, or every column of some inferred kinds. */
export type ColumnSelector = readonly ColumnRef[] | { kind: ColumnKind | readonly ColumnKind[] };
export type PartSteps = Transformer | readonly Transformer[] | 'passthrough' | 'drop';
export type ColumnPart = readonly [name: string, steps: PartSteps, columns: ColumnSelector];

export interface ColumnTransformerOptions {
  /** Columns no part selects: 'drop' (default) or 'passthrough' (numeric columns only). */
  remainder?: 'drop' | 'passthrough';
  /** A column fit used but the rows to transform lack is read as all missing (true) or refused (false, default). */
  absentAsMissing?: boolean;
}

interface SavedPart {
  name: string;
  columns: ColumnSelector;
  /** Unfitted configs of the steps, or 'passthrough' / 'drop'. */
  steps: TransformerJSON[] | 'passthrough' | 'drop';
}

export interface ColumnTransformerConfig extends ColumnTransformerOptions {
  parts: SavedPart[];
}

export interface ColumnTransformerState {
  /** The columns each part was fitted on, as fit saw them. */
  parts: { columns: ColumnSignature[]; steps: TransformerJSON[] | 'passthrough' | 'drop' }[];
  /** remainder 'passthrough' columns. */
  remainder: ColumnSignature[];
  namesOut: string[];
}

interface LivePart {
  name: string;
  selector: ColumnSelector;
  steps: Transformer[] | 'passthrough' | 'drop';
}

interface FittedPart {
  columns: ColumnSignature[];
  steps: Transformer[] | 'passthrough' | 'drop';
}

/**
 * scikit-learn's ColumnTransformer: each part sends some columns of a Table (by name, index or
 * inferred kind) through its own chain of transformers, and the outputs are placed side by side:
 * a dense Matrix, or a SparseMatrix when any part is sparse (text). Everything is fitted on the
 * rows given to fit, so inside a Pipeline each fold fits its own statistics.
 *
 * @example
 * new ColumnTransformer([
 *   ['numbers', [new SimpleImputer({ strategy: 'median', addIndicator: true }), new StandardScaler()], { kind: 'number' }],
 *   ['categories', new OneHotEncoder({ minFrequency: 5 }), ['embarked', 'sex']],
 * ]);
 */
export class ColumnTransformer implements Transformer {
  readonly className = 'ColumnTransformer';
  private readonly parts: LivePart[];
  private readonly options: ColumnTransformerOptions;
  private fitted: FittedPart[] | null = null;
  private remainderColumns: ColumnSignature[] = [];
  private namesOut: string[] = [];

  constructor(parts: readonly ColumnPart[], options: ColumnTransformerOptions = {}) {
    if (!Array.isArray(parts) || parts.length === 0) {
      throw new WasmlpError('BAD_OPTION', `ColumnTransformer takes a non-empty list of parts [name, transformer(s), columns]; received ${describe(parts)}.`, { option: 'parts' });
    }
    for (const key of Object.keys(options ?? {})) {
      if (key !== 'remainder' && key !== 'absentAsMissing') throw unknownOption('ColumnTransformer', key, ['remainder', 'absentAsMissing']);
    }
    if (options.remainder !== undefined && options.remainder !== 'drop' && options.remainder !== 'passthrough') {
      throw new WasmlpError('BAD_OPTION', `ColumnTransformer: remainder must be 'drop' or 'passthrough'; received ${describe(options.remainder)}.`, { option: 'remainder' });
    }
    const names = new Set<string>();
    this.parts = parts.map((p, i) => {
      if (!Array.isArray(p) || p.length !== 3 || typeof p[0] !== 'string' || p[0] === '') {
        throw new WasmlpError('BAD_OPTION', `ColumnTransformer part ${i} must be [name, transformer or list of transformers or 'passthrough' or 'drop', columns]; received ${describe(p)}.`, { option: 'parts' });
      }
      const [name, steps, selector] = p;
      if (names.has(name)) throw new WasmlpError('BAD_OPTION', `ColumnTransformer: part name '${name}' appears twice; names must be unique.`, { option: 'parts' });
      names.add(name);
      checkSelector(selector, name);
      const list = steps === 'passthrough' || steps === 'drop' ? steps : (Array.isArray(steps) ? [...steps] : [steps as Transformer]);
      if (list !== 'passthrough' && list !== 'drop') {
        list.forEach((t: Transformer) => {
          if (typeof t?.fit !== 'function' || typeof t?.transform !== 'function' || typeof t?.toJSON !== 'function') {
            throw new WasmlpError('BAD_OPTION', `ColumnTransformer part '${name}': every step must be a transformer with fit, transform and toJSON; received ${describe(t)}.`, { option: 'parts' });
          }
        });
      }
      return { name, selector, steps: list };
    });
    this.options = { ...options };
  }

  get isFitted(): boolean {
    return this.fitted !== null;
  }

  fit(x: FeaturesLike | readonly Record<string, unknown>[], y?: unknown): this {
    this.fitTransform(x, y);
    return this;
  }

  fitTransform(x: FeaturesLike | readonly Record<string, unknown>[], y?: unknown): Features {
    const t = asTable(x, 'ColumnTransformer.fit');
    const needsKinds = this.parts.some((p) => !Array.isArray(p.selector));
    const kinds = needsKinds ? new Map(inferSchema(t, { warn: false }).columns.map((c) => [c.name, c.kind])) : null;
    const used = new Set<string>();
    const fitted: FittedPart[] = [], blocks: (Matrix | SparseMatrix)[] = [], names: string[] = [];
    for (const part of this.parts) {
      const cols = selectColumns(t, part.selector, kinds, part.name);
      cols.forEach((c) => used.add(c));
      const sub = subTable(t, cols);
      if (part.steps === 'drop' || cols.length === 0) {
        fitted.push({ columns: signatureOf(sub), steps: part.steps === 'drop' ? 'drop' : part.steps === 'passthrough' ? 'passthrough' : part.steps.map(cloneStep) });
        continue;
      }
      const steps = part.steps === 'passthrough' ? 'passthrough' : part.steps.map(cloneStep);
      let out: Features = sub;
      if (steps !== 'passthrough') for (const s of steps) out = s.fitTransform(out, y);
      const block = asBlock(out, part.name);
      blocks.push(block);
      names.push(...partNames(steps, sub, block, part.name));
      fitted.push({ columns: signatureOf(sub), steps });
    }
    this.remainderColumns = [];
    if (this.options.remainder === 'passthrough') {
      const rest = subTable(t, t.columns.map((c) => c.name).filter((n) => !used.has(n)));
      if (rest.columns.length > 0) {
        blocks.push(asBlock(rest, 'remainder'));
        names.push(...rest.columns.map((c) => c.name));
        this.remainderColumns = signatureOf(rest);
      }
    }
    if (blocks.length === 0) {
      throw new WasmlpError('NO_FEATURES', 'ColumnTransformer: no part produced any column (every selection was empty or dropped). Select at least one column.', { option: 'parts' });
    }
    this.fitted = fitted;
    this.namesOut = names;
    return hstack(blocks, t.rows);
  }

  transform(x: FeaturesLike | readonly Record<string, unknown>[]): Features {
    const fitted = this.fitted;
    if (!fitted) throw new WasmlpError('NOT_FITTED', 'This ColumnTransformer is not fitted yet: call fit(x) before transform(x).', { option: 'transform' });
    const t = asTable(x, 'ColumnTransformer.transform');
    const blocks: (Matrix | SparseMatrix)[] = [];
    for (let i = 0; i < fitted.length; i++) {
      const part = fitted[i];
      if (part.steps === 'drop' || part.columns.length === 0) continue;
      let out: Features = alignTable(t, part.columns, 'ColumnTransformer.transform', this.options.absentAsMissing ?? false);
      if (part.steps !== 'passthrough') for (const s of part.steps) out = s.transform(out);
      blocks.push(asBlock(out, this.parts[i].name));
    }
    if (this.remainderColumns.length) blocks.push(asBlock(alignTable(t, this.remainderColumns, 'ColumnTransformer.transform', this.options.absentAsMissing ?? false), 'remainder'));
    return hstack(blocks, t.rows);
  }

  featureNamesOut(): string[] {
    if (!this.fitted) throw new WasmlpError('NOT_FITTED', 'This ColumnTransformer is not fitted yet: call fit(x) before featureNamesOut().', { option: 'featureNamesOut' });
    return [...this.namesOut];
  }

  /** Per part: its name, the columns it took, and its output width (for reports). */
  describeParts(): { name: string; columns: string[]; steps: string[] }[] {
    const fitted = this.fitted;
    return this.parts.map((p, i) => ({
      name: p.name,
      columns: fitted ? fitted[i].columns.map((c) => c.name) : Array.isArray(p.selector) ? p.selector.map(String) : [],
      steps: p.steps === 'passthrough' || p.steps === 'drop' ? [p.steps] : p.steps.map((s) => s.toJSON().className),
    }));
  }

  toJSON(): TransformerJSON<ColumnTransformerConfig, ColumnTransformerState> {
    const config: ColumnTransformerConfig = {
      ...this.options,
      parts: this.parts.map((p) => ({ name: p.name, columns: p.selector, steps: p.steps === 'passthrough' || p.steps === 'drop' ? p.steps : p.steps.map((s) => { const j = s.toJSON(); return { className: j.className, config: j.config, state: null }; }) })),
    };
    const state: ColumnTransformerState | null = this.fitted && {
      parts: this.fitted.map((f) => ({ columns: f.columns, steps: f.steps === 'passthrough' || f.steps === 'drop' ? f.steps : f.steps.map((s) => s.toJSON()) })),
      remainder: this.remainderColumns,
      namesOut: this.namesOut,
    };
    return { className: this.className, config, state };
  }

  static fromJSON(json: TransformerJSON<ColumnTransformerConfig, ColumnTransformerState>): ColumnTransformer {
    const bad = (what: string) => new WasmlpError('BAD_JSON', `ColumnTransformer.fromJSON: ${what}.`, { option: 'state' });
    if (json?.className !== 'ColumnTransformer' || typeof json.config !== 'object' || json.config === null || !Array.isArray(json.config.parts)) throw bad('expected { className: "ColumnTransformer", config: { parts } }');
    const { parts, ...options } = json.config;
    const live = parts.map((p): ColumnPart => {
      if (typeof p !== 'object' || p === null) throw bad('a part is not an object');
      const steps = p.steps === 'passthrough' || p.steps === 'drop' ? p.steps : Array.isArray(p.steps) ? p.steps.map((s) => restoreStep(s)) : null;
      if (steps === null) throw bad(`part '${p.name}' has no steps`);
      return [p.name, steps, p.columns];
    });
    const ct = new ColumnTransformer(live, options);
    const s = json.state;
    if (s) {
      if (!Array.isArray(s.parts) || s.parts.length !== parts.length || !Array.isArray(s.namesOut) || !Array.isArray(s.remainder)) throw bad('the fitted parts do not match the configured parts');
      ct.fitted = s.parts.map((f, i) => {
        if (!Array.isArray(f?.columns) || !f.columns.every((c) => typeof c?.name === 'string' && (c.type === 'number' || c.type === 'string'))) throw bad(`part ${i} has damaged columns`);
        const cfg = parts[i].steps;
        if ((f.steps === 'passthrough' || f.steps === 'drop' || cfg === 'passthrough' || cfg === 'drop') ? f.steps !== cfg : !Array.isArray(f.steps) || f.steps.length !== cfg.length) throw bad(`part ${i}'s fitted steps do not match its configuration`);
        const steps = f.steps === 'passthrough' || f.steps === 'drop' ? f.steps : f.steps.map((j, k) => {
          if (j?.className !== (cfg as TransformerJSON[])[k].className) throw bad(`part ${i}, step ${k} changed class`);
          return restoreStep(j);
        });
        if (steps !== 'passthrough' && steps !== 'drop' && f.columns.length > 0 && !steps.every((t) => t.isFitted !== false)) throw bad(`part ${i} has an unfitted step`);
        return { columns: f.columns, steps };
      });
      ct.remainderColumns = s.remainder;
      ct.namesOut = [...s.namesOut];
    }
    return ct;
  }
}

function checkSelector(selector: unknown, part: string): void {
  if (Array.isArray(selector)) {
    if (!selector.every((r) => typeof r === 'string' || (typeof r === 'number' && Number.isInteger(r)))) {
      throw new WasmlpError('BAD_OPTION', `ColumnTransformer part '${part}': columns must be names or 0-based indices; received ${describe(selector)}.`, { option: 'parts' });
    }
    return;
  }
  const kinds = (selector as { kind?: unknown })?.kind;
  const list = Array.isArray(kinds) ? kinds : [kinds];
  if (typeof selector !== 'object' || selector === null || !list.every((k) => COLUMN_KINDS.includes(k as ColumnKind))) {
    throw new WasmlpError('BAD_OPTION', `ColumnTransformer part '${part}': columns must be a list of names or indices, or { kind } with kind among ${COLUMN_KINDS.join(', ')}; received ${describe(selector)}.`, { option: 'parts' });
  }
}

function selectColumns(t: Table, selector: ColumnSelector, kinds: Map<string, ColumnKind> | null, part: string): string[] {
  if (Array.isArray(selector)) return [...new Set((selector as readonly ColumnRef[]).map((r) => t.columns[columnIndex(t, r, `parts.${part}`)].name))];
  const k = (selector as { kind: ColumnKind | readonly ColumnKind[] }).kind;
  const wanted = new Set<ColumnKind>(Array.isArray(k) ? k : [k as ColumnKind]);
  return t.columns.filter((c) => wanted.has(kinds!.get(c.name)!)).map((c) => c.name);
}

function subTable(t: Table, names: readonly string[]): Table {
  const byName = new Map(t.columns.map((c) => [c.name, c]));
  return { format: 'table', rows: t.rows, columns: names.map((n) => byName.get(n)!) };
}

/** A part's output as a matrix block; a Table output must be numbers only (an encoder must come last). */
function asBlock(out: Features, part: string): Matrix | SparseMatrix {
  if (!isTable(out)) return isSparse(out) ? out : out;
  const text = out.columns.find((c) => c.type === 'string');
  if (text) {
    throw new WasmlpError('TEXT_OUTPUT', `ColumnTransformer part '${part}' outputs the text column '${text.name}'; end the part with an encoder (OneHotEncoder, OrdinalEncoder, or a text vectorizer), or select only numeric columns.`, { column: text.name, option: 'parts' });
  }
  const cols = out.columns.length, data = new Float32Array(out.rows * cols);
  out.columns.forEach((c, j) => {
    for (let r = 0; r < out.rows; r++) {
      const v = c.values[r] as number;
      if (Number.isNaN(v)) {
        throw new WasmlpError('MISSING_VALUE', `ColumnTransformer part '${part}': column '${c.name}' still has a missing cell (row ${r}) after its steps. Add a SimpleImputer to the part.`, { row: r, column: c.name, option: 'parts' });
      }
      data[r * cols + j] = v;
    }
  });
  return { data, rows: out.rows, cols };
}

function partNames(steps: Transformer[] | 'passthrough', sub: Table, block: Matrix | SparseMatrix, part: string): string[] {
  let names: string[] | undefined;
  if (steps !== 'passthrough') {
    for (let i = steps.length - 1; i >= 0 && !names; i--) {
      const s = steps[i];
      if (typeof s.featureNamesOut === 'function') {
        try {
          names = s.featureNamesOut();
        } catch {
          names = undefined;
        }
      }
    }
  } else names = sub.columns.map((c) => c.name);
  if (!names || names.length !== block.cols) names = Array.from({ length: block.cols }, (_, i) => `${part}_${i}`);
  return names;
}

/**
 * Restores a saved step by class name. registry.ts (which knows every transformer, this one
 * included) installs it when it loads, so this file does not import the registry: no cycle.
 */
let restoreStep: (json: TransformerJSON) => Transformer = (json) => {
  throw new WasmlpError('BAD_JSON', `ColumnTransformer.fromJSON cannot restore '${String(json?.className)}': the transformer registry is not loaded.`, { option: 'state' });
};

/** @internal Called once by preprocessing/registry.ts. */
export function setStepRestorer(restore: (json: TransformerJSON) => Transformer): void {
  restoreStep = restore;
}

/** An unfitted copy of a step with the same configuration (its class's own fromJSON). */
function cloneStep(t: Transformer): Transformer {
  const json = t.toJSON();
  return restoreStep({ className: json.className, config: json.config, state: null });
}
