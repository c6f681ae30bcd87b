import type { WarningCode } from '../error-codes.js';
import { optionAdvice } from '../advice.js';
import { warn } from '../warnings.js';
import { checkOptionKeys } from './option-keys.js';
import type { Column, Table } from './table.js';
import { columnIndex, columnNames, type ColumnRef } from './table-columns.js';

/**
 * How a column is read: a measured number; a category (few distinct strings, or numbers the user
 * calls categories); free text; an identifier (unique per row: reported, never used); or a constant.
 */
export type ColumnKind = 'number' | 'category' | 'text' | 'id' | 'constant';
/** The kinds a table column can be read as: number, category, text or id. */
export const COLUMN_KINDS: readonly ColumnKind[] = ['number', 'category', 'text', 'id', 'constant'];

/** How one table column is read: its name, its kind (number, category, text, id) and why. */
export interface ColumnSchema {
  name: string;
  index: number;
  /** Storage in the table. */
  type: 'number' | 'string';
  kind: ColumnKind;
  role: 'feature' | 'label' | 'dropped';
  missing: number;
  /** Distinct present values. */
  distinct: number;
  /** Up to five distinct values, most frequent first. */
  examples: string[];
  /** What the default pipeline (TableTransformer) does with the column. */
  action: string;
}

/** A remark inferSchema makes about a column (for example an id-like or a constant column). */
export interface SchemaWarning {
  code: WarningCode;
  column?: string;
  message: string;
}

/** How a table's columns are read: one ColumnSchema per column, and remarks. */
export interface TableSchema {
  rows: number;
  label: string | null;
  columns: ColumnSchema[];
  warnings: SchemaWarning[];
}

/** Options of inferSchema: columns forced to a kind, and the limits used to tell categories from text and ids. */
export interface SchemaOptions {
  /** The label column (name or 0-based index); it is reported, never a feature. */
  label?: ColumnRef;
  /** Columns left out. */
  drop?: readonly ColumnRef[];
  /** Columns read as categories whatever they hold (booleans, small-integer codes such as pclass). */
  categorical?: readonly ColumnRef[];
  /** Columns read as free text. */
  text?: readonly ColumnRef[];
  /** Emit the warnings through the warning handler as well (default true). */
  warn?: boolean;
}

const SCHEMA_OPTION_KEYS = ['label', 'drop', 'categorical', 'text', 'warn'];

/** Rows needed before "unique per row" means an identifier rather than a small sample. */
const ID_MIN_ROWS = 20;

/**
 * Reads each column's kind from its values (scikit-learn users do this by eye; Keras' FeatureSpace
 * asks for it): strings with few distinct values are categories, long multi-word strings are text,
 * a column unique per row is an ID, one with a single value is constant. Also reports the
 * warnings a careful user wants before training: a column that restates the label, an ID column,
 * a constant column, a class with a single member.
 *
 * @example
 * const s = inferSchema(titanic, { label: 'survived' });
 * s.columns.find((c) => c.name === 'deck'); // { kind: 'category', missing: 688, ... }
 */
export function inferSchema(t: Table, options: SchemaOptions = {}): TableSchema {
  checkOptionKeys('inferSchema', options, SCHEMA_OPTION_KEYS);
  const labelIndex = options.label === undefined ? -1 : columnIndex(t, options.label, 'label');
  const dropped = new Set(columnNames(t, options.drop, 'drop'));
  const forcedCategory = new Set(columnNames(t, options.categorical, 'categorical'));
  const forcedText = new Set(columnNames(t, options.text, 'text'));
  const warnings: SchemaWarning[] = [];
  const columns = t.columns.map((c, index): ColumnSchema => {
    const stats = columnStats(c);
    const kind: ColumnKind = forcedText.has(c.name) ? 'text' : forcedCategory.has(c.name) ? 'category' : kindOf(c, stats, t.rows);
    const role = index === labelIndex ? 'label' : dropped.has(c.name) ? 'dropped' : 'feature';
    return { name: c.name, index, type: c.type, kind, role, missing: stats.missing, distinct: stats.counts.size, examples: stats.top, action: actionOf(kind, role, stats) };
  });
  const label = labelIndex >= 0 ? t.columns[labelIndex] : null;
  for (const col of columns) {
    if (col.role !== 'feature') continue;
    if (col.kind === 'id') warnings.push({ code: 'ID_COLUMN', column: col.name, message: `Column '${col.name}' looks like an identifier (a different value on each of its rows), so it is not used as a feature. Drop it (${optionAdvice('drop', [col.name])}), or if it is a real category or measurement, say so (${optionAdvice('categorical', [col.name])}).` });
    if (col.kind === 'constant') warnings.push({ code: 'CONSTANT_COLUMN', column: col.name, message: `Column '${col.name}' holds ${col.distinct === 0 ? 'no values' : `a single value (${JSON.stringify(col.examples[0])})`}, so it carries no information and is not used. Drop it (${optionAdvice('drop', [col.name])}).` });
    if (label && (col.kind === 'category' || col.kind === 'number') && restatesLabel(t.columns[col.index], label)) {
      warnings.push({ code: 'LABEL_LEAK', column: col.name, message: `Column '${col.name}' restates the label '${label.name}': each of its values goes with a single label value, so a model would learn it and nothing else, and scores would be meaningless. Drop it (${optionAdvice('drop', [col.name])}).` });
    }
  }
  if (label) {
    const counts = columnStats(label).counts;
    for (const [value, n] of counts) {
      if (n === 1) warnings.push({ code: 'SINGLETON_CLASS', column: label.name, message: `Label '${label.name}' has a single row of class ${JSON.stringify(value)}: stratified folds cannot put it in both training and test rows, and a model cannot learn it. Remove that row or merge the class.` });
    }
  }
  if (options.warn ?? true) for (const w of warnings) warn(w.code, w.message);
  return { rows: t.rows, label: label?.name ?? null, columns, warnings };
}

interface Stats {
  missing: number;
  counts: Map<string, number>;
  top: string[];
  meanTokens: number;
  meanLength: number;
  integers: boolean;
  min: number;
  max: number;
}

function columnStats(c: Column): Stats {
  const counts = new Map<string, number>();
  let missing = 0, tokens = 0, length = 0, integers = true, min = Infinity, max = -Infinity;
  for (let i = 0; i < c.values.length; i++) {
    const v = c.values[i];
    if (v === null || (typeof v === 'number' && Number.isNaN(v))) {
      missing++;
      continue;
    }
    const key = String(v);
    counts.set(key, (counts.get(key) ?? 0) + 1);
    if (typeof v === 'number') {
      if (!Number.isInteger(v)) integers = false;
      if (v < min) min = v;
      if (v > max) max = v;
    } else {
      length += v.length;
      tokens += v.split(/\s+/).filter(Boolean).length;
    }
  }
  const present = c.values.length - missing;
  const top = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 5).map(([k]) => k);
  return { missing, counts, top, meanTokens: present ? tokens / present : 0, meanLength: present ? length / present : 0, integers, min, max };
}

function kindOf(c: Column, s: Stats, rows: number): ColumnKind {
  const present = rows - s.missing;
  if (s.counts.size <= 1) return 'constant';
  const unique = s.counts.size === present && present >= ID_MIN_ROWS && s.missing === 0;
  if (c.type === 'number') {
    const looksNamed = /(^|[_\s-])id$|^id$|index|^row/i.test(c.name);
    if (unique && s.integers && (looksNamed || s.max - s.min + 1 <= 1.1 * present)) return 'id';
    return 'number';
  }
  if (s.meanTokens >= 4 || s.meanLength >= 40) return 'text';
  if (unique) return 'id';
  return 'category';
}

function actionOf(kind: ColumnKind, role: ColumnSchema['role'], s: Stats): string {
  if (role === 'label') return `label (${s.counts.size} classes)`;
  if (role === 'dropped') return 'dropped (asked)';
  switch (kind) {
    case 'number': return s.missing > 0 ? 'impute median + missing indicator, standardize' : 'standardize';
    case 'category': return `one-hot (${s.counts.size} categories${s.missing > 0 ? ' + missing' : ''})`;
    case 'text': return 'TF-IDF';
    case 'id': return 'dropped (ID-like: unique per row)';
    default: return 'dropped (constant)';
  }
}

/** True when every present value of `col` goes with one label value, over at least two values. */
function restatesLabel(col: Column, label: Column): boolean {
  const pairs = new Map<string, string>();
  const labels = new Set<string>();
  let present = 0;
  for (let i = 0; i < col.values.length; i++) {
    const v = col.values[i], y = label.values[i];
    if (v === null || y === null || (typeof v === 'number' && Number.isNaN(v)) || (typeof y === 'number' && Number.isNaN(y))) continue;
    present++;
    const key = String(v), target = String(y);
    const seen = pairs.get(key);
    if (seen === undefined) pairs.set(key, target);
    else if (seen !== target) return false;
    labels.add(target);
  }
  return pairs.size >= 2 && labels.size >= 2 && pairs.size <= 4 * labels.size && present >= 0.9 * col.values.length;
}
