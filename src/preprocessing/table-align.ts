import { WasmlpError, describe } from '../errors.js';
import { warn } from '../warnings.js';
import { parseNumber } from '../data/csv-cells.js';
import { isTable, type Column, type Table } from '../data/table.js';
import { tableFromObjects } from '../data/table-objects.js';

/** A column as fit saw it: its name and storage. */
export interface ColumnSignature {
  name: string;
  type: 'number' | 'string';
}

export function signatureOf(t: Table): ColumnSignature[] {
  return t.columns.map((c) => ({ name: c.name, type: c.type }));
}

/** A Table, or rows as plain objects (raw rows at predict time). */
export function asTable(x: unknown, caller: string): Table {
  if (isTable(x)) return x;
  if (Array.isArray(x) && x.length > 0 && typeof x[0] === 'object' && x[0] !== null && !Array.isArray(x[0]) && !ArrayBuffer.isView(x[0])) {
    return tableFromObjects(x as Record<string, unknown>[]);
  }
  throw new WasmlpError('BAD_INPUT_TYPE', `${caller} takes a Table (loadTable, tableFromObjects) or rows as plain objects; received ${describe(x)}.`, { option: 'x' });
}

/**
 * The given table's columns in fit's order and storage, so raw rows (objects with numbers as
 * text, a file with its columns reordered) transform as the training rows did. A number column
 * that arrives as text is parsed (a cell that is not a number is an error); a category that
 * arrives as a number becomes its text. With `absentAsMissing`, a column the rows lack is read
 * as missing throughout (with a warning), else it is an error naming it.
 */
export function alignTable(x: Table, expected: readonly ColumnSignature[], caller: string, absentAsMissing: boolean): Table {
  const byName = new Map(x.columns.map((c) => [c.name, c]));
  const columns = expected.map((sig): Column => {
    const c = byName.get(sig.name);
    if (!c) {
      if (!absentAsMissing) {
        throw new WasmlpError('UNKNOWN_COLUMN', `${caller}: the rows have no column '${sig.name}', which fit used. Their columns are: ${x.columns.map((k) => k.name).slice(0, 30).join(', ')}.`, { column: sig.name });
      }
      warn('ABSENT_COLUMN', `${caller}: the rows have no column '${sig.name}'; it is read as missing in every row (as a missing cell was at training).`);
      return sig.type === 'number' ? { name: sig.name, type: 'number', values: new Float64Array(x.rows).fill(NaN) } : { name: sig.name, type: 'string', values: new Array(x.rows).fill(null) };
    }
    if (c.type === sig.type) return c;
    if (sig.type === 'string') return { name: c.name, type: 'string', values: Array.from(c.values as Float64Array, (v) => (Number.isNaN(v) ? null : String(v))) };
    const values = new Float64Array(x.rows);
    (c.values as readonly (string | null)[]).forEach((cell, r) => {
      if (cell === null) return void (values[r] = NaN);
      const v = parseNumber(cell.trim());
      if (!Number.isFinite(v)) {
        throw new WasmlpError('NOT_A_NUMBER', `${caller}: row ${r}, column '${c.name}' is ${JSON.stringify(cell)}, but the column held numbers in fit. Give a number, or leave the cell empty (missing).`, { row: r, column: c.name });
      }
      values[r] = v;
    });
    return { name: c.name, type: 'number', values };
  });
  return { format: 'table', rows: x.rows, columns };
}
