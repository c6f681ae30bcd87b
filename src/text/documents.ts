import { WasmlpError, describe } from '../errors.js';
import { isTable, type Table } from '../data/table.js';
import type { FeaturesLike } from '../data/rows.js';

/**
 * What a vectorizer reads: texts (null = empty), or a table whose single string column holds them
 * (as TableTransformer and Pipeline pass it). Other feature containers are refused (TEXT_NOT_STRING).
 */
export type Documents = readonly (string | null)[] | Table | FeaturesLike;

/** The texts, checked: every entry a string or null (missing = empty text). */
export function documentsOf(docs: unknown, who: string): readonly (string | null)[] {
  if (isTable(docs)) return tableTexts(docs, who);
  if (!Array.isArray(docs)) {
    throw new WasmlpError('TEXT_NOT_STRING', `${who} takes an array of texts (strings, null for a missing text) or a table with one text column; received ${describe(docs)}.`, { option: 'x' });
  }
  for (let i = 0; i < docs.length; i++) {
    const d = docs[i];
    if (d !== null && d !== undefined && typeof d !== 'string') {
      throw new WasmlpError('TEXT_NOT_STRING', `${who}: text ${i} is ${describe(d)}, not a string. Pass one string per document (null for a missing one); convert numbers with String(value) if they are meant as text.`, { row: i, option: 'x' });
    }
  }
  return docs as readonly (string | null)[];
}

function tableTexts(t: Table, who: string): readonly (string | null)[] {
  const strings = t.columns.filter((c) => c.type === 'string');
  if (t.columns.length !== 1 || strings.length !== 1) {
    throw new WasmlpError('TEXT_NOT_STRING', `${who}: a table passed as texts must have exactly one string column; this one has ${t.columns.length} columns (${t.columns.map((c) => `${c.name}: ${c.type}`).slice(0, 8).join(', ')}). Select the text column, or use a TableTransformer, which vectorizes each text column.`, { option: 'x', column: t.columns[0]?.name });
  }
  return strings[0].values as readonly (string | null)[];
}
