import { WasmlpError, describe } from '../errors.js';

/**
 * A table with named, typed columns: what real files hold before any encoding.
 * Numbers are float64 with NaN for a missing cell; strings keep their text with null for a missing
 * cell. A Table is immutable by convention: row selection copies (see {@link selectTableRows}).
 *
 * The *kind* of a column (number, category, text, id) is a reading of its values, made by
 * `inferSchema`; it is kept apart from the storage so the same table can be read differently
 * when the user says so (`categorical: ['pclass']`).
 */
export interface NumberColumn {
  readonly name: string;
  readonly type: 'number';
  /** One value per row; NaN marks a missing cell. */
  readonly values: Float64Array;
}

/** A table column of text or categories: one string per row, null where the cell is missing. */
export interface StringColumn {
  readonly name: string;
  readonly type: 'string';
  /** One value per row (trimmed text); null marks a missing cell. */
  readonly values: readonly (string | null)[];
}

/** A column of a Table: numbers (Float64Array, NaN = missing) or strings (null = missing). */
export type Column = NumberColumn | StringColumn;

/** A table of named, typed columns (numbers and strings, with missing cells), as loaded from CSV, Arrow or built by hand; encoded inside each fold by a pipeline. */
export interface Table {
  /** Brand for {@link isTable}: a table is told apart from a Matrix or a SparseMatrix by it. */
  readonly format: 'table';
  readonly rows: number;
  readonly columns: readonly Column[];
}

/** Builds a table, checking that names are unique and every column has `rows` values. */
export function table(columns: readonly Column[]): Table {
  if (!Array.isArray(columns) || columns.length === 0) {
    throw new WasmlpError('EMPTY_DATA', `A table needs at least one column; received ${describe(columns)}.`, { option: 'columns' });
  }
  const rows = columns[0].values.length;
  const seen = new Set<string>();
  for (const c of columns) {
    if (seen.has(c.name)) {
      throw new WasmlpError('DUPLICATE_COLUMN', `Column name '${c.name}' appears twice. Rename one of the columns so every name is unique.`, { column: c.name });
    }
    seen.add(c.name);
    if (c.values.length !== rows) {
      throw new WasmlpError('RAGGED_ROW', `Column '${c.name}' has ${c.values.length} values but column '${columns[0].name}' has ${rows}. Every column needs one value per row.`, { column: c.name });
    }
  }
  return { format: 'table', rows, columns };
}

/** True for a Table (as opposed to a Matrix, rows of numbers or a SparseMatrix). */
export function isTable(value: unknown): value is Table {
  return typeof value === 'object' && value !== null && (value as Table).format === 'table' && Array.isArray((value as Table).columns);
}

/** The column called `name`; an unknown name is an error that lists the columns. */
export function getColumn(t: Table, name: string, option = 'column'): Column {
  const c = t.columns.find((col) => col.name === name);
  if (!c) {
    const names = t.columns.map((col) => col.name);
    throw new WasmlpError('UNKNOWN_COLUMN', `No column named ${JSON.stringify(name)} (option '${option}'). The table's columns are: ${names.slice(0, 30).join(', ')}${names.length > 30 ? ', …' : ''}.`, { option, column: name });
  }
  return c;
}

/** A copy of the given rows (in the given order) of every column. */
export function selectTableRows(t: Table, indices: ArrayLike<number>): Table {
  const n = indices.length;
  const columns = t.columns.map((c): Column => {
    if (c.type === 'number') {
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = c.values[indices[i]];
      return { name: c.name, type: 'number', values: out };
    }
    const out = new Array<string | null>(n);
    for (let i = 0; i < n; i++) out[i] = c.values[indices[i]];
    return { name: c.name, type: 'string', values: out };
  });
  return { format: 'table', rows: n, columns };
}

/** The table without the named columns (unknown names are an error). */
export function dropColumns(t: Table, names: readonly string[], option = 'drop'): Table {
  for (const name of names) getColumn(t, name, option);
  const drop = new Set(names);
  return { format: 'table', rows: t.rows, columns: t.columns.filter((c) => !drop.has(c.name)) };
}
