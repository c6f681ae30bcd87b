import { WasmlpError, describe } from '../errors.js';
import { normaliseOptions } from '../options.js';
import { parseNumber } from './csv-cells.js';
import { buildLabels } from './csv-labels.js';
import type { Task } from './dataset.js';
import { table, type Column, type Table } from './table.js';

// Structural views of apache-arrow's classes: wasmlp reads Arrow data without importing the
// apache-arrow package, so any version (or another Arrow implementation with its shape) works.

/** An Arrow data type: `typeId` from Arrow's Type enum, plus the parameters wasmlp reads. */
export interface ArrowTypeLike {
  readonly typeId: number;
  readonly bitWidth?: number;
  readonly precision?: number;
  readonly scale?: number;
  readonly dictionary?: ArrowTypeLike;
  toString(): string;
}

/** One contiguous chunk of a column (apache-arrow's `Data`). */
export interface ArrowChunkLike {
  readonly length: number;
  readonly offset: number;
  readonly nullCount: number;
  /** The value buffer (a typed array for numeric types); `unknown` so apache-arrow's own `Data` type fits. */
  readonly values?: unknown;
  readonly nullBitmap?: Uint8Array | null;
}

/** A column (apache-arrow's `Vector`): chunks, and `get(i)` for any type. */
export interface ArrowVectorLike {
  readonly length: number;
  readonly type: ArrowTypeLike;
  readonly data: readonly ArrowChunkLike[];
  get(index: number): unknown;
}

/** An apache-arrow `Table` or `RecordBatch`. */
export interface ArrowTableLike {
  readonly schema: { readonly fields: readonly { readonly name: string; readonly type: ArrowTypeLike }[] };
  readonly numRows: number;
  getChildAt(index: number): ArrowVectorLike | null;
}

/** Options of {@link fromArrow}: which column is the label and which columns are features. */
export interface FromArrowOptions {
  /** Label column: removed from the features and encoded as classes (sorted, as loadCsv does). */
  label?: string;
  /** Feature columns to keep, in this order (default: every column but the label). */
  columns?: readonly string[];
  /** For a two-class label, the value that becomes class 1 (default: the second in sorted order). */
  positiveClass?: string | number;
  /** 'auto' (default): text, boolean and integer labels are classes; non-integer numbers are a regression target. */
  task?: 'auto' | Task;
}

/** What {@link fromArrow} returns: the features as a typed Table and, with `label`, the encoded labels. */
export interface ArrowData {
  /** Feature columns with their Arrow names: numbers as Float64Array (NaN = null), everything else as strings (null = null). */
  readonly x: Table;
  /** Class ids (Int32Array) or regression targets (Float32Array); null without `label`. */
  readonly y: Int32Array | Float32Array | null;
  readonly featureNames: string[];
  readonly labelName: string | null;
  /** Class id -> label text; null for regression or without `label`. */
  readonly classes: string[] | null;
  readonly task: Task | null;
}

/** Arrow's Type enum (format/Schema.fbs), the ids wasmlp reads. */
const T = { Null: 1, Int: 2, Float: 3, Utf8: 5, Bool: 6, Decimal: 7, LargeUtf8: 20, Utf8View: 24, Dictionary: -1 } as const;
const NUMERIC = new Set<number>([T.Int, T.Float, T.Decimal, T.Null]);
const TEXT = new Set<number>([T.Utf8, T.LargeUtf8, T.Utf8View]);

/** The broad kind a column becomes, or null for a type wasmlp does not read. */
function kindOf(type: ArrowTypeLike): 'number' | 'string' | 'boolean' | null {
  if (NUMERIC.has(type.typeId)) return 'number';
  if (TEXT.has(type.typeId)) return 'string';
  if (type.typeId === T.Bool) return 'boolean';
  if (type.typeId === T.Dictionary && type.dictionary) {
    const inner = kindOf(type.dictionary);
    return inner === 'boolean' ? 'string' : inner;
  }
  return null;
}

function isArrowTableLike(v: unknown): v is ArrowTableLike {
  const t = v as ArrowTableLike;
  return typeof t === 'object' && t !== null && typeof t.getChildAt === 'function' && typeof t.numRows === 'number' && Array.isArray(t.schema?.fields);
}

/**
 * An Apache Arrow table (or its record batches) as a wasmlp Table, ready for a pipeline's column
 * transformers. Column names are kept. Numbers (ints, floats, decimals) become Float64Array
 * columns, copied chunk by chunk, with NaN for nulls; strings and dictionary-encoded strings
 * become string columns (categories or text) with null for nulls; booleans become the categories
 * 'true' / 'false'. Lists, structs, maps, dates, timestamps, binary and other types are refused
 * with ARROW_UNSUPPORTED_TYPE naming the column. Integers beyond 2^53 lose precision (float64).
 *
 * With `label`, that column is encoded as loadCsv encodes labels: sorted class names (`classes`)
 * and class ids (`y`), or a regression target.
 *
 * @example
 * import { tableFromIPC } from 'apache-arrow';
 * import { fromArrow } from 'wasmlp/arrow';
 * const { x, y, classes } = fromArrow(tableFromIPC(bytes), { label: 'survived' });
 * // x.columns: [{ name: 'pclass', type: 'number', values: Float64Array }, { name: 'sex', type: 'string', ... }, ...]
 */
export function fromArrow(source: ArrowTableLike | readonly ArrowTableLike[], options: FromArrowOptions = {}): ArrowData {
  const o = normaliseOptions<FromArrowOptions>('fromArrow', options, ['label', 'columns', 'positiveClass', 'task']);
  const parts = Array.isArray(source) ? source : [source];
  if (!parts.every(isArrowTableLike)) {
    throw new WasmlpError('BAD_INPUT_TYPE', `fromArrow takes an apache-arrow Table or an array of RecordBatches; received ${describe(source)}.`, { option: 'table' });
  }
  if (parts.length === 0) throw new WasmlpError('EMPTY_DATA', 'fromArrow received no record batches.', { option: 'table' });
  const fields = parts[0].schema.fields;
  parts.forEach((p, b) => {
    const same = p.schema.fields.length === fields.length && p.schema.fields.every((f, i) => f.name === fields[i].name && f.type.typeId === fields[i].type.typeId);
    if (!same) throw new WasmlpError('ARROW_SCHEMA_MISMATCH', `fromArrow: record batch ${b} has columns (${p.schema.fields.map((f) => `${f.name}: ${f.type}`).join(', ')}), unlike batch 0 (${fields.map((f) => `${f.name}: ${f.type}`).join(', ')}). Pass batches of one table.`, { option: 'table' });
  });
  const names = fields.map((f) => f.name);
  const indexOf = (name: unknown, option: string): number => {
    const i = typeof name === 'string' ? names.indexOf(name) : -1;
    if (i < 0) throw new WasmlpError('UNKNOWN_COLUMN', `fromArrow: no column named ${describe(name)} (option '${option}'). The Arrow table's columns are: ${names.slice(0, 30).join(', ')}${names.length > 30 ? ', …' : ''}.`, { option, column: String(name) });
    return i;
  };
  const labelIndex = o.label === undefined ? -1 : indexOf(o.label, 'label');
  let featureIndices: number[];
  if (o.columns !== undefined) {
    if (!Array.isArray(o.columns) || o.columns.length === 0) throw new WasmlpError('BAD_OPTION', `fromArrow: 'columns' must be a non-empty array of column names; received ${describe(o.columns)}.`, { option: 'columns' });
    featureIndices = o.columns.map((c) => indexOf(c, 'columns'));
    if (featureIndices.includes(labelIndex)) throw new WasmlpError('BAD_OPTION', `fromArrow: the label column '${o.label}' is also listed in 'columns'; a feature cannot be the label.`, { option: 'columns', column: o.label });
  } else {
    featureIndices = names.map((_, i) => i).filter((i) => i !== labelIndex);
  }
  if (featureIndices.length === 0) throw new WasmlpError('EMPTY_DATA', 'fromArrow: no feature columns are left besides the label.', { option: 'columns' });
  for (const i of [...featureIndices, ...(labelIndex >= 0 ? [labelIndex] : [])]) {
    if (kindOf(fields[i].type) === null) {
      throw new WasmlpError('ARROW_UNSUPPORTED_TYPE', `fromArrow: column '${names[i]}' has Arrow type ${fields[i].type}, which wasmlp does not read. Numbers, strings, dictionaries and booleans are read; cast or drop the column in the query (e.g. CAST(${names[i]} AS VARCHAR), or epoch(${names[i]}) for a timestamp).`, { column: names[i] });
    }
  }
  const rows = parts.reduce((n, p) => n + p.numRows, 0);
  const vectors = (i: number) => parts.map((p) => p.getChildAt(i)!);
  const columns: Column[] = featureIndices.map((i) => {
    const kind = kindOf(fields[i].type);
    return kind === 'number'
      ? { name: names[i], type: 'number', values: numbers(vectors(i), rows) }
      : { name: names[i], type: 'string', values: strings(vectors(i), rows) };
  });
  const x = table(columns);
  if (labelIndex < 0) return { x, y: null, featureNames: columns.map((c) => c.name), labelName: null, classes: null, task: null };

  const labelName = names[labelIndex];
  const labelKind = kindOf(fields[labelIndex].type);
  const texts = labelKind === 'number' ? Array.from(numbers(vectors(labelIndex), rows), (v) => (Number.isNaN(v) ? null : String(v))) : strings(vectors(labelIndex), rows);
  const ids = new Int32Array(rows), values = new Float32Array(rows);
  const dictionary = new Map<string, number>();
  let numeric = true;
  texts.forEach((text, r) => {
    if (text === null) throw new WasmlpError('MISSING_LABEL', `fromArrow: row ${r}, label '${labelName}' is null. Labels cannot be imputed: filter those rows out (WHERE ${labelName} IS NOT NULL).`, { row: r, column: labelName });
    let id = dictionary.get(text);
    if (id === undefined) dictionary.set(text, (id = dictionary.size));
    ids[r] = id;
    values[r] = parseNumber(text);
    if (Number.isNaN(values[r])) numeric = false;
  });
  const labels = buildLabels({
    ids, values, dictionary, numeric, task: o.task ?? 'auto', positiveClass: o.positiveClass, labelName,
    where: 'fromArrow: ', place: { column: labelName },
  });
  return { x, y: labels.y, featureNames: columns.map((c) => c.name), labelName, classes: labels.classes, task: labels.task };
}

/** True where the chunk's row i holds a value (Arrow validity bitmaps are LSB first). */
function valid(chunk: ArrowChunkLike, i: number): boolean {
  if (chunk.nullCount === 0 || !chunk.nullBitmap || chunk.nullBitmap.length === 0) return true;
  const bit = chunk.offset + i;
  return ((chunk.nullBitmap[bit >> 3] >> (bit & 7)) & 1) === 1;
}

/**
 * A numeric column as float64, chunk by chunk: ints and floats are copied straight from the
 * chunk's value buffer; decimals, half floats and dictionaries go through `get`.
 */
function numbers(vectors: ArrowVectorLike[], rows: number): Float64Array {
  const out = new Float64Array(rows);
  let at = 0;
  for (const vector of vectors) {
    const type = vector.type;
    const direct = type.typeId === T.Int || (type.typeId === T.Float && type.precision !== 0);
    const base = at;
    for (const chunk of vector.data) {
      const v = chunk.values as ArrayLike<number | bigint> | undefined;
      // values[i] is row i of the chunk (apache-arrow slices value buffers; builders pad them at the end).
      if (direct && v && v.length >= chunk.length) {
        if (v instanceof BigInt64Array || v instanceof BigUint64Array) {
          for (let i = 0; i < chunk.length; i++) out[at + i] = Number(v[i]);
        } else {
          out.set((v as Float64Array).subarray(0, chunk.length), at);
        }
        if (chunk.nullCount > 0) for (let i = 0; i < chunk.length; i++) if (!valid(chunk, i)) out[at + i] = NaN;
      } else {
        for (let i = 0; i < chunk.length; i++) out[at + i] = toNumber(vector.get(at - base + i), type);
      }
      at += chunk.length;
    }
  }
  return out;
}

function toNumber(value: unknown, type: ArrowTypeLike): number {
  if (value === null || value === undefined) return NaN;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (type.typeId === T.Decimal || (type.typeId === T.Dictionary && type.dictionary?.typeId === T.Decimal)) {
    const t = type.typeId === T.Decimal ? type : type.dictionary!;
    return decimal(value as Uint32Array, t.bitWidth ?? 128, t.scale ?? 0);
  }
  return Number(value);
}

/** A two's-complement little-endian decimal (words of 32 bits) divided by 10^scale. */
function decimal(words: ArrayLike<number>, bitWidth: number, scale: number): number {
  let big = 0n;
  const n = bitWidth / 32;
  for (let k = n - 1; k >= 0; k--) big = (big << 32n) | BigInt(words[k] >>> 0);
  if (big >= 1n << BigInt(bitWidth - 1)) big -= 1n << BigInt(bitWidth);
  return Number(big) / 10 ** scale;
}

/** A text, dictionary or boolean column as strings (null for nulls). */
function strings(vectors: ArrowVectorLike[], rows: number): (string | null)[] {
  const out = new Array<string | null>(rows);
  let at = 0;
  for (const vector of vectors) {
    for (let i = 0; i < vector.length; i++) {
      const v = vector.get(i);
      out[at + i] = v === null || v === undefined ? null : String(v);
    }
    at += vector.length;
  }
  return out;
}
