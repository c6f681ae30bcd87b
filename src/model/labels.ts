import { WasmlpError, describe } from '../errors.js';
import type { LossName } from '../losses.js';
import { isMatrix, toMatrix, type Matrix } from '../data/matrix.js';
import { argmaxRow } from '../metrics/scores.js';

/** Labels as the core reads them: rows x width floats, plus a class id per row where classes exist. */
export interface PreparedLabels {
  data: Float32Array;
  rows: number;
  width: number;
  /** Class per row for stratified splits and class weights; null for multi-label and regression. */
  classIds: Int32Array | null;
}

function asMatrix(y: unknown, units: number, what: string): Matrix {
  if (y instanceof Float32Array || y instanceof Int32Array || y instanceof Float64Array || y instanceof Uint8Array) {
    return { data: Float32Array.from(y as ArrayLike<number>), rows: y.length, cols: 1 };
  }
  if (Array.isArray(y) && y.length > 0 && !Array.isArray(y[0]) && !(y[0] instanceof Float32Array)) {
    const data = new Float32Array(y.length);
    for (let i = 0; i < y.length; i++) {
      if (typeof y[i] !== 'number') {
        throw new WasmlpError('NOT_A_NUMBER', `${what}: row ${i} is ${describe(y[i])}, not a number. Encode text labels as class ids first (LabelEncoder or loadCsv do it).`, { option: what, row: i });
      }
      data[i] = y[i];
    }
    return { data, rows: y.length, cols: 1 };
  }
  if (Array.isArray(y) && y.length === 0) throw new WasmlpError('EMPTY_DATA', `${what} is empty.`, { option: what });
  if (isMatrix(y) || Array.isArray(y)) return toMatrix(y, what);
  throw new WasmlpError('BAD_INPUT_TYPE', `${what} must be an array of labels, an array of label rows, or a Matrix; received ${describe(y)}.`, { option: what });
}

function checkFinite(m: Matrix, what: string): void {
  for (let i = 0; i < m.data.length; i++) {
    if (!Number.isFinite(m.data[i])) {
      const row = Math.floor(i / m.cols), column = i % m.cols;
      throw new WasmlpError('NON_FINITE', `${what}: row ${row}${m.cols > 1 ? `, column ${column}` : ''} is ${m.data[i]}. Labels must be finite numbers.`, { option: what, row, column });
    }
  }
}

/**
 * Checks labels against the loss and the output width and converts them for the core.
 * Each refusal names the row and the fix.
 */
export function prepareLabels(y: unknown, loss: LossName, units: number, rows: number, what = 'y'): PreparedLabels {
  const m = asMatrix(y, units, what);
  checkFinite(m, what);
  if (m.rows !== rows) {
    throw new WasmlpError('LENGTH_MISMATCH', `x has ${rows} rows but ${what} has ${m.rows}. Give one label (or label row) per input row.`, { option: what });
  }
  const d = m.data;
  if (loss === 'sparseCategoricalCrossentropy') {
    if (m.cols !== 1) {
      throw new WasmlpError('LABEL_SHAPE', `sparseCategoricalCrossentropy takes one integer class id per row, but ${what} has rows of width ${m.cols}. For one-hot rows use loss 'categoricalCrossentropy'.`, { option: what });
    }
    const ids = new Int32Array(rows);
    for (let i = 0; i < rows; i++) {
      const v = d[i];
      if (!Number.isInteger(v) || v < 0 || v >= units) {
        throw new WasmlpError('LABEL_RANGE', `${what}: row ${i} is ${v}, but sparseCategoricalCrossentropy with ${units} output units needs integer class ids 0..${units - 1}. Check the number of units of the last layer or encode labels with LabelEncoder.`, { option: what, row: i });
      }
      ids[i] = v;
    }
    return { data: d, rows, width: 1, classIds: ids };
  }
  if (loss === 'categoricalCrossentropy') {
    if (m.cols !== units) {
      const hint = m.cols === 1 ? ` These look like class ids: use loss 'sparseCategoricalCrossentropy', or one-hot encode them (OneHotEncoder).` : '';
      throw new WasmlpError('LABEL_SHAPE', `categoricalCrossentropy needs one-hot label rows of width ${units} (the output units), but ${what} has width ${m.cols}.${hint}`, { option: what });
    }
    for (let r = 0; r < rows; r++) {
      let sum = 0;
      for (let j = 0; j < units; j++) {
        const v = d[r * units + j];
        if (v < 0 || v > 1) throw notOneHot(what, r, d, units);
        sum += v;
      }
      if (Math.abs(sum - 1) > 1e-4) throw notOneHot(what, r, d, units);
    }
    const ids = new Int32Array(rows);
    for (let r = 0; r < rows; r++) ids[r] = argmaxRow(d, r, units);
    return { data: d, rows, width: units, classIds: ids };
  }
  if (m.cols !== units) {
    throw new WasmlpError('LABEL_SHAPE', `The last layer has ${units} unit${units === 1 ? '' : 's'} but ${what} has ${m.cols} value${m.cols === 1 ? '' : 's'} per row. Match the last layer's units to the labels${units === 1 && m.cols > 1 ? ", or for one-hot classes use a softmax output with 'categoricalCrossentropy'" : ''}.`, { option: what });
  }
  if (loss === 'binaryCrossentropy') {
    for (let i = 0; i < d.length; i++) {
      if (d[i] < 0 || d[i] > 1) {
        const row = Math.floor(i / units);
        throw new WasmlpError('LABEL_RANGE', `${what}: row ${row} is ${d[i]}, but binaryCrossentropy needs labels in [0, 1]. Encode the two classes as 0 and 1 (LabelEncoder), or for more classes use a softmax output with 'sparseCategoricalCrossentropy'.`, { option: what, row });
      }
    }
    if (units === 1) {
      const ids = new Int32Array(rows);
      for (let i = 0; i < rows; i++) ids[i] = d[i] >= 0.5 ? 1 : 0;
      return { data: d, rows, width: 1, classIds: ids };
    }
    return { data: d, rows, width: units, classIds: null };
  }
  return { data: d, rows, width: units, classIds: null };
}

/** Rows wider than this are summarised (nonzero count, sum, the first values) rather than printed whole. */
const SHOWN_VALUES = 8;

function notOneHot(what: string, row: number, d: Float32Array, units: number): WasmlpError {
  const values = Array.from(d.subarray(row * units, (row + 1) * units)).map((v) => +v.toFixed(4));
  let shown = `[${values.join(', ')}]`;
  if (units > SHOWN_VALUES) {
    const nonzero = values.filter((v) => v !== 0).length;
    const sum = values.reduce((a, b) => a + b, 0);
    const outside = values.findIndex((v) => v < 0 || v > 1);
    shown = `a row of ${units} values with ${nonzero} nonzero summing to ${+sum.toFixed(4)}${outside >= 0 ? ` (value ${values[outside]} at column ${outside})` : ''}, starting [${values.slice(0, SHOWN_VALUES).join(', ')}, ...]`;
  }
  return new WasmlpError('LABEL_NOT_ONE_HOT', `${what}: row ${row} is ${shown}, not a one-hot row: categoricalCrossentropy needs exactly one class per row (values in [0, 1] summing to 1). For several labels per row use sigmoid outputs with 'binaryCrossentropy'.`, { option: what, row });
}
