import { WasmlpError, unknownName } from '../errors.js';
import type { UnknownNameKind } from '../error-codes.js';
import { cleanCell, isMissing, parseNumber } from './csv-cells.js';
import type { CsvOptions, Dataset } from './dataset.js';
import { GrowableArray } from './growable.js';
import { buildLabels } from './csv-labels.js';


const MISSING_MODES = ['error', 'drop', 'mean', 'median'] as const;
const CATEGORICAL_MODES = ['error', 'onehot'] as const;
const TASKS = ['auto', 'binary', 'multiclass', 'regression'] as const;
/** Above this many distinct numeric labels we stop keeping a dictionary: it is a regression target. */
const MAX_LABEL_DICTIONARY = 10000;

/** Per feature column: numbers, or (with categorical: 'onehot') category ids into `categories`. */
interface ColumnState {
  numericSeen: number; // first line holding a number, 0 if none yet
  categories: Map<string, number> | null;
  missing: number;
}

/**
 * Receives parsed CSV records one at a time (from the sync or the streaming parser) and builds a
 * Dataset without ever keeping the records: feature values go straight into float32 chunks.
 * Line numbers are 1-based, counted from the records (a quoted line break counts as a line).
 */
export class DatasetBuilder {
  private readonly label: 'last' | number | string;
  private header: 'auto' | boolean;
  private readonly missing: (typeof MISSING_MODES)[number];
  private readonly categorical: (typeof CATEGORICAL_MODES)[number];
  private readonly task: (typeof TASKS)[number];
  private readonly file: string | undefined;

  private width = -1; // fields per record, from the first record
  private firstLine = 0;
  private labelIndex = -1;
  private names: string[] | null = null;
  private pending: { record: string[]; line: number } | null = null;
  private columns: ColumnState[] = [];
  private readonly values = new GrowableArray((n) => new Float32Array(n));
  private readonly labelIds = new GrowableArray((n) => new Int32Array(n));
  private readonly labelValues = new GrowableArray((n) => new Float32Array(n));
  private labelDictionary: Map<string, number> | null = new Map();
  private labelsNumeric = true;
  private rows = 0;
  private dropped = 0;
  private records = 0;
  private nextLine = 1;

  constructor(private readonly options: CsvOptions) {
    this.label = options.label ?? 'last';
    this.header = options.header ?? 'auto';
    this.missing = checkChoice(options.missing ?? 'error', MISSING_MODES, 'missing', 'missing mode');
    this.categorical = checkChoice(options.categorical ?? 'error', CATEGORICAL_MODES, 'categorical', 'categorical mode');
    this.task = checkChoice(options.task ?? 'auto', TASKS, 'task', 'task mode');
    this.file = options.fileName;
    if (this.header !== 'auto' && typeof this.header !== 'boolean') {
      throw new WasmlpError('BAD_OPTION', `Option 'header' must be 'auto', true or false; received ${JSON.stringify(this.header)}.`, { option: 'header' });
    }
    if (typeof this.label === 'string' && this.label !== 'last') {
      if (this.header === false) {
        throw new WasmlpError('BAD_OPTION', `label: ${JSON.stringify(this.label)} names a header column, but header is false. Use a column index (label: 0 for the first column) or set header: true.`, { option: 'label' });
      }
      this.header = true; // a label given by name implies a header line
    } else if (typeof this.label === 'number' && !Number.isInteger(this.label)) {
      throw new WasmlpError('BAD_OPTION', `label must be 'last', an integer column index or a header name; received ${this.label}.`, { option: 'label' });
    }
  }

  /**
   * Feeds one record, empty lines included (as ['']): the builder counts lines itself, because
   * csv-parse's per-record info objects cost more than the rest of the loading together.
   */
  add(record: string[]): void {
    const start = this.nextLine;
    this.nextLine += 1 + countNewlines(record);
    if (record.length === 1 && record[0] === '') return; // an empty line
    this.records++;
    if (this.width < 0) {
      this.width = record.length;
      this.firstLine = start;
      this.resolveLabelIndex(record, start);
      if (this.header === 'auto') {
        this.pending = { record, line: start };
        return;
      }
      if (this.header === true) {
        this.names = record.map(cleanCell);
        this.resolveLabelByName();
        return;
      }
      this.addRow(record, start);
      return;
    }
    if (this.pending) {
      const first = this.pending;
      this.pending = null;
      if (this.looksLikeHeader(first.record, record)) {
        this.names = first.record.map(cleanCell);
      } else {
        this.addRow(first.record, first.line);
      }
    }
    this.addRow(record, start);
  }

  /** Ends the input and returns the Dataset. */
  finish(): Dataset {
    if (this.records === 0) {
      throw new WasmlpError('EMPTY_FILE', `${this.where()}is empty: it has no CSV rows. Check the path or the text you passed.`, this.place({}));
    }
    if (this.pending) {
      const first = this.pending;
      this.pending = null;
      // A lone line with text in a feature column is a header with no data under it.
      if (this.featureIndices().some((c) => isText(cleanCell(first.record[c])))) this.names = first.record.map(cleanCell);
      else this.addRow(first.record, first.line);
    }
    if (this.rows === 0) {
      if (this.dropped > 0) {
        throw new WasmlpError('EMPTY_DATA', `${this.where()}every one of its ${this.dropped} data rows has a missing value, so missing: 'drop' left no rows. Use missing: 'mean' or 'median' to impute instead.`, this.place({ option: 'missing' }));
      }
      throw new WasmlpError('HEADER_ONLY', `${this.where()}has a header line (line ${this.firstLine}) but no data rows below it.`, this.place({ line: this.firstLine }));
    }
    const features = this.featureIndices();
    const values = this.values.toArray();
    this.impute(values, features.length);
    const { x, featureNames } = this.expandCategories(values, features);
    const labels = buildLabels({
      ids: this.labelIds.toArray(),
      values: this.labelValues.toArray(),
      dictionary: this.labelDictionary,
      numeric: this.labelsNumeric,
      task: this.task,
      positiveClass: this.options.positiveClass,
      labelName: this.labelName(),
      where: this.where(),
      place: this.place({}),
    });
    return { x, featureNames, labelName: this.labelName(), ...labels };
  }

  private resolveLabelIndex(record: string[], line: number): void {
    const n = record.length;
    if (n < 2) {
      throw new WasmlpError('TOO_FEW_COLUMNS', `${this.where()}line ${line} has ${n} column; a dataset needs at least one feature column and a label column. If the file uses another delimiter, set delimiter (',', ';' or '\\t').`, this.place({ line }));
    }
    if (this.label === 'last') this.labelIndex = n - 1;
    else if (typeof this.label === 'number') {
      const i = this.label < 0 ? n + this.label : this.label;
      if (i < 0 || i >= n) {
        throw new WasmlpError('BAD_OPTION', `label: ${this.label} is outside the ${n} columns of line ${line}. Use 0..${n - 1}, a negative index from the end, 'last', or a header name.`, { option: 'label', line });
      }
      this.labelIndex = i;
    }
  }

  private resolveLabelByName(): void {
    if (typeof this.label !== 'string' || this.label === 'last') return;
    const i = this.names!.indexOf(this.label);
    if (i < 0) throw unknownName('label column', this.label, this.names!, 'label');
    if (this.names!.indexOf(this.label, i + 1) >= 0) {
      throw new WasmlpError('DUPLICATE_COLUMN', `${this.where()}the header names column ${JSON.stringify(this.label)} more than once (columns ${i + 1} and ${this.names!.indexOf(this.label, i + 1) + 1}), so label: ${JSON.stringify(this.label)} is ambiguous. Rename one of them, or give the label as a 0-based index.`, this.place({ option: 'label', column: i + 1 }));
    }
    this.labelIndex = i;
  }

  private featureIndices(): number[] {
    const out: number[] = [];
    for (let c = 0; c < this.width; c++) if (c !== this.labelIndex) out.push(c);
    return out;
  }

  private looksLikeHeader(first: string[], second: string[]): boolean {
    if (second.length !== first.length) return false;
    for (const c of this.featureIndices()) {
      const a = cleanCell(first[c]), b = cleanCell(second[c]);
      if (isText(a) && !isMissing(b) && !Number.isNaN(parseNumber(b))) return true;
    }
    // A numbered header (0,1,2,3,... or 1,2,3,4,... over at least four feature columns) names
    // columns, unless the second line counts the same way.
    const count = (r: string[]) => this.featureIndices().map((c) => parseNumber(cleanCell(r[c])));
    const a = count(first), b = count(second);
    const counting = a.length >= 4 && a.every((v, i) => Number.isInteger(v) && (i === 0 ? v === 0 || v === 1 : v === a[i - 1] + 1));
    return counting && !b.every((v, i) => v === a[i]);
  }

  private addRow(record: string[], line: number): void {
    if (record.length !== this.width) {
      throw new WasmlpError('RAGGED_ROW', `${this.where()}line ${line} has ${record.length} fields but line ${this.firstLine} has ${this.width}. Every row needs the same number of fields; check for a stray or missing delimiter, or quote fields that contain one.`, this.place({ line, column: Math.min(record.length, this.width) + 1 }));
    }
    if (this.columns.length === 0) {
      for (let i = 0; i < this.width - 1; i++) this.columns.push({ numericSeen: 0, categories: null, missing: 0 });
    }
    // Label first: a missing label drops or fails the row before any feature is stored.
    const labelCell = cleanCell(record[this.labelIndex]);
    if (isMissing(labelCell)) {
      if (this.missing === 'drop') {
        this.dropped++;
        return;
      }
      throw new WasmlpError('MISSING_LABEL', `${this.where()}line ${line}, column ${this.labelIndex + 1} (label ${JSON.stringify(this.labelName())}) is missing (${JSON.stringify(record[this.labelIndex])}). Labels cannot be imputed: remove the row or set missing: 'drop'.`, this.place({ line, column: this.labelIndex + 1, option: 'missing' }));
    }
    if (this.missing === 'drop') {
      // Check the whole row first, so a dropped row leaves no trace (not even a new category).
      for (let c = 0; c < this.width; c++) {
        if (isMissing(cleanCell(record[c]))) {
          this.dropped++;
          return;
        }
      }
    }
    let f = 0;
    for (let c = 0; c < this.width; c++) {
      if (c === this.labelIndex) continue;
      const col = this.columns[f++];
      const cell = cleanCell(record[c]);
      if (isMissing(cell)) {
        if (this.missing === 'error') {
          throw new WasmlpError('MISSING_VALUE', `${this.where()}line ${line}, column ${this.columnName(c)} is missing (${JSON.stringify(record[c])}). Set missing: 'drop' to skip such rows, or missing: 'mean' / 'median' to fill them.`, this.place({ line, column: c + 1, option: 'missing' }));
        }
        col.missing++;
        this.values.push(NaN);
        continue;
      }
      if (col.categories) {
        this.values.push(categoryId(col.categories, cell));
        continue;
      }
      const v = parseNumber(cell);
      if (Number.isNaN(v)) {
        if (col.numericSeen > 0) {
          throw new WasmlpError('NOT_A_NUMBER', `${this.where()}line ${line}, column ${this.columnName(c)} is ${JSON.stringify(cell)}, not a number, while the column held numbers before (line ${col.numericSeen}). Fix the cell, or mark it missing ('?', 'NA' or empty) and set the missing option.`, this.place({ line, column: c + 1 }));
        }
        if (this.categorical !== 'onehot') {
          throw new WasmlpError('TEXT_COLUMN', `${this.where()}line ${line}, column ${this.columnName(c)} holds text (${JSON.stringify(cell)}), not a number. Set categorical: 'onehot' to encode text columns as one 0/1 column per category, or drop the column.`, this.place({ line, column: c + 1, option: 'categorical' }));
        }
        col.categories = new Map();
        this.values.push(categoryId(col.categories, cell));
        continue;
      }
      if (!Number.isFinite(v)) {
        throw new WasmlpError('NON_FINITE', `${this.where()}line ${line}, column ${this.columnName(c)} is ${JSON.stringify(cell)}, which is infinite or beyond float32 (±3.4e38). Rescale the column or mark the cell missing.`, this.place({ line, column: c + 1 }));
      }
      if (col.numericSeen === 0) col.numericSeen = line;
      this.values.push(v);
    }
    this.addLabel(labelCell, line);
    this.rows++;
  }

  private addLabel(cell: string, line: number): void {
    const v = parseNumber(cell);
    if (Number.isNaN(v)) {
      this.labelsNumeric = false;
      if (!this.labelDictionary) {
        throw new WasmlpError('TOO_MANY_CLASSES', `${this.where()}line ${line}: label ${JSON.stringify(cell)} is text, but the label column already held more than ${MAX_LABEL_DICTIONARY} distinct numbers. Check that label points at the right column.`, this.place({ line, column: this.labelIndex + 1, option: 'label' }));
      }
    } else if (!Number.isFinite(v)) {
      throw new WasmlpError('NON_FINITE', `${this.where()}line ${line}, label column ${this.labelIndex + 1} is ${JSON.stringify(cell)}, which is infinite or beyond float32.`, this.place({ line, column: this.labelIndex + 1 }));
    }
    this.labelValues.push(v);
    if (this.labelDictionary) {
      let id = this.labelDictionary.get(cell);
      if (id === undefined) {
        id = this.labelDictionary.size;
        if (id >= MAX_LABEL_DICTIONARY && this.labelsNumeric) this.labelDictionary = null;
        else this.labelDictionary.set(cell, id);
      }
      this.labelIds.push(id);
    }
  }

  private impute(values: Float32Array, width: number): void {
    if (this.missing !== 'mean' && this.missing !== 'median') return;
    for (let f = 0; f < width; f++) {
      const col = this.columns[f];
      if (col.missing === 0) continue;
      const present: number[] = [];
      for (let i = f; i < values.length; i += width) if (!Number.isNaN(values[i])) present.push(values[i]);
      if (present.length === 0) {
        const c = this.featureIndices()[f];
        throw new WasmlpError('ALL_MISSING', `${this.where()}column ${this.columnName(c)} has no values at all, so missing: '${this.missing}' cannot fill it. Remove the column.`, this.place({ column: c + 1, option: 'missing' }));
      }
      const fill = col.categories ? mode(present) : this.missing === 'mean' ? mean(present) : median(present);
      for (let i = f; i < values.length; i += width) if (Number.isNaN(values[i])) values[i] = fill;
    }
  }

  private expandCategories(values: Float32Array, features: number[]) {
    const width = features.length;
    const baseNames = features.map((c) => this.names?.[c] ?? `x${c}`);
    if (!this.columns.some((col) => col.categories)) {
      return { x: { data: values, rows: this.rows, cols: width }, featureNames: baseNames };
    }
    // Sorted categories give a stable column order whatever order rows arrive in.
    const plans = this.columns.map((col) => {
      if (!col.categories) return null;
      const texts = [...col.categories.keys()].sort();
      const remap = new Int32Array(texts.length);
      texts.forEach((t, sorted) => (remap[col.categories!.get(t)!] = sorted));
      return { texts, remap };
    });
    const featureNames: string[] = [];
    plans.forEach((p, f) => (p ? p.texts.forEach((t) => featureNames.push(`${baseNames[f]}=${t}`)) : featureNames.push(baseNames[f])));
    const cols = featureNames.length;
    const data = new Float32Array(this.rows * cols);
    for (let r = 0; r < this.rows; r++) {
      let o = r * cols;
      for (let f = 0; f < width; f++) {
        const v = values[r * width + f];
        const p = plans[f];
        if (p) {
          data[o + p.remap[v]] = 1;
          o += p.texts.length;
        } else data[o++] = v;
      }
    }
    return { x: { data, rows: this.rows, cols }, featureNames };
  }

  private labelName(): string {
    return this.names?.[this.labelIndex] ?? 'y';
  }

  private columnName(c: number): string {
    const name = this.names?.[c];
    return name !== undefined && name !== '' ? `${c + 1} (${JSON.stringify(name)})` : `${c + 1}`;
  }

  private where(): string {
    return this.file !== undefined ? `CSV ${this.file}: ` : 'CSV: ';
  }

  private place(p: { line?: number; column?: number; option?: string }) {
    return this.file !== undefined ? { ...p, file: this.file } : p;
  }
}

function checkChoice<T extends string>(value: unknown, valid: readonly T[], option: string, kind: UnknownNameKind): T {
  if (!valid.includes(value as T)) throw unknownName(kind, value, valid, option);
  return value as T;
}

function isText(cell: string): boolean {
  return !isMissing(cell) && Number.isNaN(parseNumber(cell));
}

function countNewlines(record: string[]): number {
  let n = 0;
  for (const field of record) {
    let i = field.indexOf('\n');
    while (i >= 0) {
      n++;
      i = field.indexOf('\n', i + 1);
    }
  }
  return n;
}

function categoryId(categories: Map<string, number>, cell: string): number {
  let id = categories.get(cell);
  if (id === undefined) categories.set(cell, (id = categories.size));
  return id;
}

function mean(v: number[]): number {
  let s = 0;
  for (const x of v) s += x;
  return s / v.length;
}

function median(v: number[]): number {
  v.sort((a, b) => a - b);
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

function mode(v: number[]): number {
  const counts = new Map<number, number>();
  let best = v[0], bestCount = 0;
  for (const x of v) {
    const c = (counts.get(x) ?? 0) + 1;
    counts.set(x, c);
    if (c > bestCount) [best, bestCount] = [x, c];
  }
  return best;
}
