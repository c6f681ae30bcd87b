import { WasmlpError, describe } from '../errors.js';
import { optionAdvice } from '../advice.js';
import { closestName } from './option-keys.js';
import type { Table } from './table.js';

/** A column named, or numbered (0-based; negative counts from the end). */
export type ColumnRef = string | number;

/**
 * The index of a column given by name or by position. A string that is not a name but reads as an
 * integer is a position, so `--label 0` works on a file without a header.
 */
export function columnIndex(t: Table, ref: ColumnRef, option: string): number {
  const names = t.columns.map((c) => c.name);
  if (typeof ref === 'string') {
    const i = names.indexOf(ref);
    if (i >= 0) return i;
    if (/^-?\d+$/.test(ref.trim())) return columnIndex(t, Number(ref), option);
    const near = closestName(ref, names);
    throw new WasmlpError('UNKNOWN_COLUMN', `No column named ${JSON.stringify(ref)} (${optionAdvice(option)}).${near ? ` Did you mean ${JSON.stringify(near)}?` : ''} The columns are: ${names.slice(0, 40).join(', ')}${names.length > 40 ? ', …' : ''}; give a name or a 0-based index.`, { option, column: ref });
  }
  if (typeof ref === 'number' && Number.isInteger(ref)) {
    const i = ref < 0 ? names.length + ref : ref;
    if (i >= 0 && i < names.length) return i;
    throw new WasmlpError('UNKNOWN_COLUMN', `Column index ${ref} (${optionAdvice(option)}) is outside the table's ${names.length} columns (0..${names.length - 1}, or negative from the end).`, { option, column: ref });
  }
  throw new WasmlpError('BAD_OPTION', `${optionAdvice(option)} must name a column or give its 0-based index; received ${describe(ref)}.`, { option });
}

/** Names of the referenced columns, in the order given, without repeats. */
export function columnNames(t: Table, refs: readonly ColumnRef[] | undefined, option: string): string[] {
  if (refs === undefined) return [];
  if (!Array.isArray(refs)) {
    throw new WasmlpError('BAD_OPTION', `${optionAdvice(option)} must be a list of column names or indices; received ${describe(refs)}.`, { option });
  }
  return [...new Set(refs.map((r) => t.columns[columnIndex(t, r, option)].name))];
}
