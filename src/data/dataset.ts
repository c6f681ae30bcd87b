import type { Matrix } from './matrix.js';

/** What a label column is used for: resolved once by the loader and named in the Dataset. */
export type Task = 'binary' | 'multiclass' | 'regression';

/** A loaded table: features, encoded labels, and the names needed to read results back. */
export interface Dataset {
  /** Feature rows (label column removed; text columns one-hot encoded when asked). */
  readonly x: Matrix;
  /** Class ids (Int32Array) for classification, target values (Float32Array) for regression. */
  readonly y: Int32Array | Float32Array;
  readonly featureNames: string[];
  readonly labelName: string;
  /** Class id -> original label text; null for regression. */
  readonly classes: string[] | null;
  readonly task: Task;
  /** Original label text (or number) -> class id; throws UNKNOWN_LABEL for an unseen label. */
  encodeLabel(label: string | number): number;
  /** Class id -> original label text; for regression, the value as text. */
  decodeLabel(id: number): string;
}

/** Options of {@link loadCsv}. */
export interface CsvOptions {
  /** Label column: 'last' (default), a 0-based column index (negative counts from the end), or a header name. */
  label?: 'last' | number | string;
  /**
   * 'auto' (default): the first line is a header when some feature column holds text there
   * and a number on the second line. true/false force it.
   */
  header?: 'auto' | boolean;
  /** 'auto' (default) picks comma, semicolon or tab, whichever the first line has most of. */
  delimiter?: 'auto' | string;
  /** For a two-class label, the value that becomes class 1 (default: the second in sorted order). */
  positiveClass?: string | number;
  /**
   * Missing cells (`?`, empty, `NA`, `NaN`, `null`): 'error' (default), 'drop' the row,
   * or impute the column 'mean' / 'median' (the most frequent category for text columns).
   */
  missing?: 'error' | 'drop' | 'mean' | 'median';
  /** Text feature columns: 'error' (default) or 'onehot' (one 0/1 column per category, sorted). */
  categorical?: 'error' | 'onehot';
  /**
   * 'auto' (default): text labels and integer labels are classes (binary for two), a numeric
   * label with a non-integer value is regression. Set it to override.
   */
  task?: 'auto' | Task;
  /** 'utf-8' (default: invalid bytes are an error), 'latin1', or 'auto' (UTF-8, else Latin-1 with a warning). */
  encoding?: 'utf-8' | 'latin1' | 'auto';
  /** Name shown in error messages (set automatically for file paths and File objects). */
  fileName?: string;
}
