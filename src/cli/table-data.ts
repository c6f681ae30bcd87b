import { statSync } from 'node:fs';
import { WasmlpError } from '../errors.js';
import { setOptionRenderer, type OptionRenderer } from '../advice.js';
import '../data/csv-node.js';
import { readTable, type TableInfo } from '../data/table-loader.js';
import { inferSchema, type TableSchema } from '../data/schema.js';
import { splitLabel } from '../data/table-label.js';
import { columnIndex } from '../data/table-columns.js';
import { selectTableRows, type Table } from '../data/table.js';
import type { Encoding } from '../data/encoding.js';
import type { TableTransformerConfig } from '../preprocessing/table-transformer.js';
import { UsageError, type FlagSpecs } from './args.js';
import { isSparse } from '../data/sparse.js';
import type { Matrix } from '../data/matrix.js';
import type { Features } from '../data/rows.js';

/** Flags of the table path (cv, train, grid): what the user may override in the inferred schema. */
export const TABLE_FLAGS: FlagSpecs = {
  drop: { kind: 'list', value: 'cols', help: 'columns to leave out, comma-separated names or 0-based indices (e.g. --drop alive,deck)' },
  missing: { kind: 'enum', value: 'how', choices: ['median', 'mean', 'most-frequent', 'drop', 'error'], help: 'missing numbers: filled per fold with the median (default), mean or most frequent value; drop the rows; or error', default: 'median' },
  categorical: { kind: 'enum', value: 'how', choices: ['onehot', 'ordinal'], help: 'category columns: one 0/1 column per category (onehot, default) or one code column (ordinal)', default: 'onehot' },
  'as-category': { kind: 'list', value: 'cols', help: 'columns to read as categories although they hold numbers (codes such as pclass, 0/1 flags)' },
  text: { kind: 'list', value: 'cols', help: 'columns to read as free text (TF-IDF)' },
  encoding: { kind: 'enum', value: 'name', choices: ['utf-8', 'latin1', 'auto'], help: "file encoding: utf-8 (default; invalid bytes are an error), latin1, or auto (UTF-8, else Latin-1)" },
};

/** API option -> CLI flag, for advice in messages raised while the CLI runs. */
const FLAG_OF: Record<string, string> = {
  label: 'label', drop: 'drop', missing: 'missing', categorical: 'as-category', text: 'text', encoding: 'encoding',
  classWeight: 'class-weight', positiveClass: 'positive-class', maxCategories: 'max-categories', header: 'header', delimiter: 'delimiter',
};

/** `--drop alive` instead of `drop: ['alive']`; options without a flag keep their API spelling. */
export const cliOption: OptionRenderer = (option, value) => {
  const flag = FLAG_OF[option];
  if (!flag) return value === undefined ? option : `${option}: ${JSON.stringify(value)}`;
  if (value === undefined) return `--${flag}`;
  return `--${flag} ${Array.isArray(value) ? value.join(',') : String(value)}`;
};

/** Runs `fn` with advice rendered as CLI flags (restored afterwards, also on errors). */
export async function withCliAdvice<T>(fn: () => Promise<T>): Promise<T> {
  const previous = setOptionRenderer(cliOption);
  try {
    return await fn();
  } finally {
    setOptionRenderer(previous);
  }
}

export interface TableData {
  x: Table;
  y: Int32Array;
  labelName: string;
  classNames: string[];
  schema: TableSchema;
  info: TableInfo;
  /** The column kinds of the whole file and the flags' choices, for each fold's TableTransformer. */
  transformer: TableTransformerConfig;
  /** Feature columns in file order (the label left out). */
  columns: string[];
  /** Every column of the file in order (predict maps header-less rows by position). */
  allColumns: string[];
  /** Rows left out by --missing drop (missing feature or label). */
  droppedRows: number;
}

/** A directory: a text folder (one subfolder per class). */
export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Reads a CSV/TSV file as a typed table, infers its schema (label by --label, default the last
 * column), applies --drop/--as-category/--text, and, for --missing drop/error, handles missing
 * cells up front. Imputation itself happens per fold in the pipeline.
 */
export async function loadTableData(path: string, flags: Record<string, unknown>): Promise<TableData> {
  const { table: t, info } = await readTable(path, { ...(flags.encoding ? { encoding: flags.encoding as Encoding } : {}) });
  const labelFlag = flags.label as string | undefined;
  const labelIndex = labelFlag === undefined || labelFlag === 'last' ? t.columns.length - 1 : columnIndex(t, labelFlag, 'label');
  const labelName = t.columns[labelIndex].name;
  const drop = (flags.drop as string[] | undefined) ?? [];
  for (const d of drop) {
    if (t.columns[columnIndex(t, d, 'drop')].name === labelName) {
      throw new WasmlpError('BAD_OPTION', `--drop names the label column '${labelName}'. Leave it out of --drop, or pick another label with --label.`, { option: 'drop', column: labelName });
    }
  }
  const schema = inferSchema(t, { label: labelIndex, drop, categorical: flags['as-category'] as string[] | undefined, text: flags.text as string[] | undefined });
  let x = t;
  const missing = flags.missing as string | undefined;
  let droppedRows = 0;
  const features = schema.columns.filter((c) => c.role === 'feature' && c.kind !== 'id' && c.kind !== 'constant');
  if (missing === 'error' || missing === 'drop') {
    const keep: number[] = [];
    for (let r = 0; r < t.rows; r++) {
      const hole = features.find((c) => isMissingCell(t, c.index, r));
      if (!hole) keep.push(r);
      else if (missing === 'error') {
        throw new WasmlpError('MISSING_VALUE', `${path}: line ${info.firstDataLine + r} (data row ${r + 1}), column '${hole.name}' is missing. Use --missing median (the default: filled per fold), --missing drop to leave such rows out, or drop the column with --drop ${hole.name}.`, { row: r, column: hole.name, option: 'missing', file: path });
      }
    }
    if (keep.length === 0) throw new WasmlpError('EMPTY_DATA', `${path}: every row has a missing cell, so --missing drop leaves nothing. Use --missing median, or --drop the columns with most missing cells.`, { option: 'missing', file: path });
    droppedRows = t.rows - keep.length;
    if (droppedRows > 0) x = selectTableRows(t, keep);
  }
  const labelled = splitLabel(x, labelName, { dropMissingLabels: missing === 'drop', ...(flags['positive-class'] !== undefined ? { positiveClass: flags['positive-class'] as string } : {}) });
  if (labelled.task === 'regression' || !labelled.classes) {
    throw new WasmlpError('NOT_CLASSIFICATION', `${path}: the label column '${labelName}' holds continuous values; the wasmlp CLI trains classifiers. Pick the class column with --label.`, { option: 'label' });
  }
  const kinds = Object.fromEntries(schema.columns.filter((c) => c.role === 'feature').map((c) => [c.name, c.kind]));
  const impute = missing === 'mean' ? 'mean' : missing === 'most-frequent' ? 'mostFrequent' : 'median';
  return {
    x: labelled.x, y: labelled.y as Int32Array, labelName, classNames: labelled.classes, schema, info,
    transformer: { kinds, drop: schema.columns.filter((c) => c.role === 'dropped').map((c) => c.name), impute, categories: flags.categorical === 'ordinal' ? 'ordinal' : 'onehot' },
    columns: labelled.x.columns.map((c) => c.name), allColumns: t.columns.map((c) => c.name),
    droppedRows: droppedRows + labelled.droppedRows,
  };
}

function isMissingCell(t: Table, c: number, r: number): boolean {
  const col = t.columns[c];
  return col.type === 'number' ? Number.isNaN(col.values[r]) : col.values[r] === null;
}

/** The schema as printed by `wasmlp inspect` (and listed in reports). */
export function formatSchema(schema: TableSchema): string[][] {
  return schema.columns.map((c) => [c.name, c.role === 'feature' ? c.kind : c.role === 'label' ? 'label' : `${c.kind} (dropped)`, String(c.missing), String(c.distinct), c.examples.slice(0, 3).map((e) => (e.length > 18 ? e.slice(0, 17) + '…' : e)).join(', '), c.action]);
}

/** Training flags shared by cv, train and grid. */
export const FIT_FLAGS: FlagSpecs = {
  'class-weight': { kind: 'enum', value: 'how', choices: ['balanced'], help: 'weight classes by n / (k * count) so rare classes count as much as common ones' },
  patience: { kind: 'int', value: 'n', min: 1, help: 'stop after n epochs without a better validation loss on a stratified 10% of the training rows (--validation-split to change), keeping the best weights' },
};

/** What the pipeline's TableTransformer is told (null for a numeric dataset). */
export function tableSpec(table: TableData | null): TableTransformerConfig | null {
  return table ? table.transformer : null;
}

/** Report lines: what was done to each column. */
export function schemaFacts(table: TableData | null): [string, string][] {
  if (!table) return [];
  return table.schema.columns.map((c): [string, string] => [`column ${c.name}`, `${c.role === 'label' ? 'label' : c.kind}, ${c.missing} missing, ${c.distinct} distinct: ${c.action}`]);
}

/** Rows --explain can perturb column by column: a dense matrix or a table with named columns (not sparse rows). */
export function explainable(x: Features, command: string): Matrix | Table {
  if (isSparse(x)) throw new UsageError('--explain needs rows with columns (a numeric file or a table); sparse rows (a folder of texts) cannot be shuffled column by column.', command);
  return x;
}
