import { WasmlpError } from '../errors.js';
import type { Matrix } from './matrix.js';
import type { Table } from './table.js';

/**
 * A table of numeric columns as a float32 matrix (column order kept). A text column or a missing
 * cell is refused by name: matrix steps (scalers, the network) need numbers everywhere.
 */
export function tableToMatrix(t: Table, what: string): Matrix {
  const cols = t.columns.length, data = new Float32Array(t.rows * cols);
  t.columns.forEach((c, j) => {
    if (c.type !== 'number') {
      throw new WasmlpError('TEXT_OUTPUT', `${what}: column '${c.name}' holds text; encode it first (OneHotEncoder, OrdinalEncoder, TableTransformer).`, { column: c.name });
    }
    for (let r = 0; r < t.rows; r++) {
      const v = c.values[r];
      if (Number.isNaN(v)) {
        throw new WasmlpError('MISSING_VALUE', `${what}: row ${r}, column '${c.name}' is missing. Fill it first (SimpleImputer).`, { row: r, column: c.name });
      }
      data[r * cols + j] = v;
    }
  });
  return { data, rows: t.rows, cols };
}
