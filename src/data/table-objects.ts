import { normaliseOptions } from '../options.js';
import { WasmlpError, describe } from '../errors.js';
import { cleanCell, MISSING_TOKENS, parseNumber } from './csv-cells.js';
import { table, type Column, type Table } from './table.js';

/** Options of {@link tableFromObjects} and {@link tableFromNdjson}. */
export interface ObjectRowsOptions {
  /** Text values that mean "missing" (default: empty, `?`, `NA`, `NaN`, `null`); null, undefined and NaN always are. */
  missingValues?: readonly string[];
}

/**
 * Rows as plain objects (`[{ age: 39, workclass: 'State-gov' }]`, or parsed JSON) to a Table.
 * Columns are the keys in first-seen order; a key absent from a row is a missing cell. A column is
 * numeric when every present value is a number (or text that reads as one), else text; booleans
 * become 'True'/'False' as pandas writes them to CSV.
 */
export function tableFromObjects(rows: readonly Record<string, unknown>[], options: ObjectRowsOptions = {}): Table {
  options = normaliseOptions<ObjectRowsOptions>('tableFromObjects', options, ['missingValues']);
  if (!Array.isArray(rows)) {
    throw new WasmlpError('BAD_INPUT_TYPE', `tableFromObjects needs an array of plain objects; received ${describe(rows)}.`, { option: 'rows' });
  }
  if (rows.length === 0) throw new WasmlpError('EMPTY_DATA', 'tableFromObjects received no rows.', { option: 'rows' });
  const missing = new Set((options.missingValues ?? MISSING_TOKENS).map((t) => String(t).trim().toLowerCase()));
  const names: string[] = [];
  const seen = new Set<string>();
  rows.forEach((row, r) => {
    if (typeof row !== 'object' || row === null || Array.isArray(row)) {
      throw new WasmlpError('BAD_INPUT_TYPE', `tableFromObjects: row ${r} is ${describe(row)}, not a plain object of column -> value.`, { row: r });
    }
    for (const key of Object.keys(row)) if (!seen.has(key)) (seen.add(key), names.push(key));
  });
  const columns = names.map((name): Column => {
    const cells = rows.map((row, r) => cellOf(row[name], r, name, missing));
    const numbers = new Float64Array(cells.length);
    let allNumbers = true, present = 0;
    for (let i = 0; i < cells.length && allNumbers; i++) {
      const c = cells[i];
      if (c === null) numbers[i] = NaN;
      else if (typeof c === 'number') (numbers[i] = c, present++);
      else {
        const v = parseNumber(c);
        if (Number.isFinite(v)) (numbers[i] = v, present++);
        else allNumbers = false;
      }
    }
    if (allNumbers && present > 0) return { name, type: 'number', values: numbers };
    return { name, type: 'string', values: cells.map((c) => (c === null ? null : String(c))) };
  });
  return table(columns);
}

function cellOf(v: unknown, row: number, column: string, missing: Set<string>): string | number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return null;
    if (!Number.isFinite(v)) {
      throw new WasmlpError('NON_FINITE', `Row ${row}, column '${column}' is ${v}. Remove the value or mark it missing (null).`, { row, column });
    }
    return v;
  }
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'string') {
    const s = cleanCell(v);
    return missing.has(s.toLowerCase()) ? null : s;
  }
  throw new WasmlpError('BAD_INPUT_TYPE', `Row ${row}, column '${column}' holds ${describe(v)}; cells must be numbers, strings, booleans or null.`, { row, column });
}

/** Newline-delimited JSON (one object per line, blank lines skipped) to a Table. */
export function tableFromNdjson(text: string, options: ObjectRowsOptions & { fileName?: string } = {}): Table {
  options = normaliseOptions<ObjectRowsOptions & { fileName?: string }>('tableFromNdjson', options, ['missingValues', 'fileName']);
  if (typeof text !== 'string') throw new WasmlpError('BAD_INPUT_TYPE', `tableFromNdjson needs text; received ${describe(text)}.`, { option: 'text' });
  const rows: Record<string, unknown>[] = [];
  const file = options.fileName;
  text.replace(/^\ufeff/, '').split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      throw new WasmlpError('BAD_NDJSON', `${file ? `${file}: ` : ''}line ${i + 1} is not JSON (${(e as Error).message}). NDJSON holds one JSON object per line.`, { line: i + 1, ...(file ? { file } : {}) });
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new WasmlpError('BAD_NDJSON', `${file ? `${file}: ` : ''}line ${i + 1} is ${describe(value)}, not a JSON object. NDJSON holds one object per line.`, { line: i + 1, ...(file ? { file } : {}) });
    }
    rows.push(value as Record<string, unknown>);
  });
  if (rows.length === 0) throw new WasmlpError('EMPTY_FILE', `${file ? `${file}: ` : ''}the NDJSON text has no rows.`, file ? { file } : {});
  return tableFromObjects(rows, options);
}
