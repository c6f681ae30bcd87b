import { WasmlpError, describe } from '../errors.js';
import { cleanCell, parseNumber } from './csv-cells.js';
import type { Dataset, Task } from './dataset.js';
import type { ErrorPlace } from '../errors.js';

/** What the builder collected about the label column while streaming. */
export interface LabelColumn {
  /** Provisional id per row (first-seen order); empty when `dictionary` is null. */
  ids: Int32Array;
  /** Numeric value per row (NaN for text). */
  values: Float32Array;
  /** Label text -> provisional id; null once there were too many distinct numbers to keep. */
  dictionary: Map<string, number> | null;
  numeric: boolean;
  task: 'auto' | Task;
  positiveClass: string | number | undefined;
  labelName: string;
  where: string;
  place: ErrorPlace;
}

type LabelPart = Pick<Dataset, 'y' | 'classes' | 'task' | 'encodeLabel' | 'decodeLabel'>;

/**
 * Resolves the task once and encodes the labels:
 * text or integer labels are classes, sorted (numerically when every label is a number, so
 * '-1' < '1' and '2' < '10'); a numeric label with any non-integer value is regression.
 * With two classes, `positiveClass` (default: the second in sorted order) gets id 1.
 */
export function buildLabels(col: LabelColumn): LabelPart {
  const integers = col.numeric && col.values.every(Number.isInteger);
  if (col.task === 'regression' || (col.task === 'auto' && col.numeric && (!integers || col.dictionary === null))) {
    return regression(col);
  }
  if (!col.dictionary) {
    throw new WasmlpError('TOO_MANY_CLASSES', `${col.where}label ${JSON.stringify(col.labelName)} has more than 10000 distinct values; that is a regression target, not classes. Set task: 'regression' or pick another label column.`, { ...col.place, option: 'task' });
  }
  return classification(col, col.dictionary, col.task === 'auto' ? null : col.task);
}

function regression(col: LabelColumn): LabelPart {
  if (!col.numeric) {
    const bad = [...(col.dictionary?.keys() ?? [])].find((t) => Number.isNaN(parseNumber(t)));
    throw new WasmlpError('LABEL_NOT_NUMERIC', `${col.where}task: 'regression' needs a numeric label, but ${JSON.stringify(col.labelName)} holds text such as ${describe(bad)}. Use task: 'auto' for classes.`, { ...col.place, option: 'task' });
  }
  if (col.positiveClass !== undefined) {
    throw new WasmlpError('BAD_OPTION', `${col.where}positiveClass applies to a two-class label, but ${JSON.stringify(col.labelName)} is a regression target (non-integer values). Remove positiveClass, or set task: 'binary'.`, { option: 'positiveClass' });
  }
  return {
    y: col.values,
    classes: null,
    task: 'regression',
    encodeLabel: (label) => {
      const v = typeof label === 'number' ? label : parseNumber(cleanCell(label));
      if (!Number.isFinite(v)) throw new WasmlpError('UNKNOWN_LABEL', `encodeLabel: ${describe(label)} is not a finite number; this dataset's label is a regression target.`, {});
      return v;
    },
    decodeLabel: (value) => String(value),
  };
}

function classification(col: LabelColumn, dictionary: Map<string, number>, forced: Task | null): LabelPart {
  // Group texts into classes: numerically equal texts ('1', '1.0') are one class, named by the first seen.
  const classOf = new Map<string, string>(); // text -> class text
  const classTexts: string[] = [];
  const byValue = new Map<number, string>();
  for (const text of dictionary.keys()) {
    if (col.numeric) {
      const v = parseNumber(text);
      const existing = byValue.get(v);
      if (existing !== undefined) {
        classOf.set(text, existing);
        continue;
      }
      byValue.set(v, text);
    }
    classOf.set(text, text);
    classTexts.push(text);
  }
  const classes = col.numeric
    ? classTexts.sort((a, b) => parseNumber(a) - parseNumber(b))
    : classTexts.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const rows = col.ids.length;
  if (classes.length < 2) {
    throw new WasmlpError('SINGLE_CLASS', `${col.where}label ${JSON.stringify(col.labelName)} has a single class, ${JSON.stringify(classes[0])}, in all ${rows} row${rows === 1 ? '' : 's'}; classification needs at least two. Check the label option (the label is column 'last' by default) or that the file is complete.`, { ...col.place, option: 'label' });
  }
  if (forced === 'binary' && classes.length !== 2) {
    throw new WasmlpError('NOT_BINARY', `${col.where}task: 'binary' needs two classes, but ${JSON.stringify(col.labelName)} has ${classes.length}: ${classes.slice(0, 10).join(', ')}. Use task: 'multiclass'.`, { ...col.place, option: 'task' });
  }
  if (col.positiveClass !== undefined) {
    if (classes.length !== 2) {
      throw new WasmlpError('BAD_OPTION', `${col.where}positiveClass applies to a two-class label, but ${JSON.stringify(col.labelName)} has ${classes.length} classes: ${classes.slice(0, 10).join(', ')}.`, { option: 'positiveClass' });
    }
    const want = String(col.positiveClass);
    const pos = classes.findIndex((c) => c === want || (col.numeric && parseNumber(c) === parseNumber(cleanCell(want))));
    if (pos < 0) {
      throw new WasmlpError('BAD_OPTION', `${col.where}positiveClass ${JSON.stringify(col.positiveClass)} is not a label of ${JSON.stringify(col.labelName)}; its labels are ${classes.map((c) => JSON.stringify(c)).join(' and ')}.`, { option: 'positiveClass' });
    }
    if (pos === 0) classes.reverse();
  }
  const idOfClass = new Map(classes.map((c, i) => [c, i]));
  const remap = new Int32Array(dictionary.size);
  for (const [text, provisional] of dictionary) remap[provisional] = idOfClass.get(classOf.get(text)!)!;
  const y = new Int32Array(rows);
  for (let i = 0; i < rows; i++) y[i] = remap[col.ids[i]];
  const task: Task = forced ?? (classes.length === 2 ? 'binary' : 'multiclass');
  return {
    y,
    classes,
    task,
    encodeLabel: (label) => {
      const text = typeof label === 'number' ? String(label) : cleanCell(label);
      const cls = classOf.get(text) ?? (col.numeric ? byValue.get(parseNumber(text)) : undefined);
      const id = cls === undefined ? undefined : idOfClass.get(cls);
      if (id === undefined) {
        throw new WasmlpError('UNKNOWN_LABEL', `encodeLabel: ${describe(label)} is not a class of ${JSON.stringify(col.labelName)}; its classes are ${classes.slice(0, 20).map((c) => JSON.stringify(c)).join(', ')}.`, {});
      }
      return id;
    },
    decodeLabel: (id) => {
      if (!Number.isInteger(id) || id < 0 || id >= classes.length) {
        throw new WasmlpError('UNKNOWN_LABEL', `decodeLabel: ${describe(id)} is not a class id; ids run 0..${classes.length - 1}.`, {});
      }
      return classes[id];
    },
  };
}
