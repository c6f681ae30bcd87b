import { normaliseOptions } from '../options.js';
import { WasmlpError } from '../errors.js';
import { optionAdvice } from '../advice.js';
import { buildLabels } from './csv-labels.js';
import type { Task } from './dataset.js';
import { selectTableRows, type Table } from './table.js';
import { columnIndex, type ColumnRef } from './table-columns.js';

/** A table split into feature columns and encoded labels (the Table counterpart of a Dataset). */
export interface LabelledTable {
  /** The feature columns (label removed). */
  x: Table;
  /** Class ids (Int32Array) for classification, values (Float32Array) for regression. */
  y: Int32Array | Float32Array;
  labelName: string;
  /** Class id -> label text; null for regression. */
  classes: string[] | null;
  task: Task;
  /** Rows left out because their label was missing (dropMissingLabels). */
  droppedRows: number;
  encodeLabel(label: string | number): number;
  decodeLabel(id: number): string;
}

/** Options of splitLabel: the label column and how its values become classes. */
export interface SplitLabelOptions {
  /** For a two-class label, the value that becomes class 1 (default: the second in sorted order). */
  positiveClass?: string | number;
  /** 'auto' (default): text and integer labels are classes, a non-integer number is regression. */
  task?: 'auto' | Task;
  /** Leave out rows whose label is missing instead of refusing them (default false). */
  dropMissingLabels?: boolean;
}

/**
 * Takes the label column (by name or 0-based index, anywhere in the table) out of a table and
 * encodes it as loadCsv does: classes sorted (numerically when all are numbers), two classes binary.
 */
export function splitLabel(t: Table, label: ColumnRef, options: SplitLabelOptions = {}): LabelledTable {
  options = normaliseOptions<SplitLabelOptions>('splitLabel', options, ['positiveClass', 'task', 'dropMissingLabels']);
  const li = columnIndex(t, label, 'label');
  const col = t.columns[li];
  const texts: (string | null)[] = col.type === 'number' ? Array.from(col.values, (v) => (Number.isNaN(v) ? null : String(v))) : [...col.values];
  const keep: number[] = [];
  texts.forEach((v, i) => {
    if (v !== null) keep.push(i);
    else if (!options.dropMissingLabels) {
      throw new WasmlpError('MISSING_LABEL', `Row ${i} has no value in the label column '${col.name}'. Labels cannot be imputed: remove such rows, or leave them out (${optionAdvice('missing', 'drop')}).`, { row: i, column: col.name, option: 'missing' });
    }
  });
  if (keep.length === 0) throw new WasmlpError('EMPTY_DATA', `The label column '${col.name}' has no values at all. Check ${optionAdvice('label')}.`, { column: col.name, option: 'label' });
  const rest: Table = { format: 'table', rows: t.rows, columns: t.columns.filter((_, i) => i !== li) };
  const x = keep.length === t.rows ? rest : selectTableRows(rest, keep);
  const dictionary = new Map<string, number>();
  const ids = new Int32Array(keep.length), values = new Float32Array(keep.length);
  let numeric = col.type === 'number';
  keep.forEach((row, i) => {
    const text = texts[row]!;
    let id = dictionary.get(text);
    if (id === undefined) dictionary.set(text, (id = dictionary.size));
    ids[i] = id;
    values[i] = col.type === 'number' ? col.values[row] : NaN;
  });
  if (!numeric) numeric = false;
  if (x.columns.length === 0) {
    throw new WasmlpError('TOO_FEW_COLUMNS', `The table has only the label column '${col.name}'; a model needs at least one feature column. Check the delimiter or ${optionAdvice('label')}.`, { option: 'label' });
  }
  const labels = buildLabels({
    ids, values, dictionary, numeric, task: options.task ?? 'auto', positiveClass: options.positiveClass,
    labelName: col.name, where: '', place: { column: col.name },
  });
  return { x, labelName: col.name, droppedRows: t.rows - keep.length, ...labels };
}
