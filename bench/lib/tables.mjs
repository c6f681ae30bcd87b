// The seven shared tables for the recipe's evaluation and its bench row (issue 13), as columns,
// and a stand-in fold encoder for the mixed ones (median / most-frequent imputation, one-hot of
// string columns), fitted on the training rows only. It stands in for the tables helper's
// TableTransformer until that is wired into the recipe's evaluation.
import { readFileSync } from 'node:fs';
import { dataPath } from './data.mjs';

function readCsv(file) {
  return readFileSync(dataPath(file), 'utf8').trim().split(/\r?\n/).map((l) => l.split(','));
}

/** Numeric UCI files: no header, label last. */
function numeric(file) {
  const rows = readCsv(file);
  const labels = [...new Set(rows.map((r) => r.at(-1)))].sort();
  return { columns: rows[0].slice(0, -1).map((_, j) => ({ kind: 'number', values: rows.map((r) => Number(r[j])) })), y: rows.map((r) => labels.indexOf(r.at(-1))) };
}

/** Header files with strings and empty cells; `label` names the class column, `drop` leaks. */
function mixed(file, label, drop = []) {
  const [header, ...rows] = readCsv(file);
  const li = header.indexOf(label);
  const labels = [...new Set(rows.map((r) => r[li]))].sort();
  const columns = [];
  header.forEach((name, j) => {
    if (j === li || drop.includes(name)) return;
    const cells = rows.map((r) => (r[j] === '' ? null : r[j]));
    const isNum = cells.every((c) => c === null || Number.isFinite(Number(c)));
    columns.push(isNum ? { kind: 'number', values: cells.map((c) => (c === null ? NaN : Number(c))) } : { kind: 'string', values: cells });
  });
  return { columns, y: rows.map((r) => labels.indexOf(r[li])) };
}

/** Each table's file, and for the header files the label column and the columns dropped (leaks). */
export const TABLE_SOURCES = {
  sonar: { file: 'sonar.csv' },
  banknote: { file: 'banknote_authentication.csv' },
  pima: { file: 'pima-indians-diabetes.csv' },
  ionosphere: { file: 'ionosphere.csv' },
  iris: { file: 'iris.csv' },
  titanic: { file: 'titanic.csv', label: 'survived', drop: ['alive'] },
  penguins: { file: 'penguins.csv', label: 'species' },
};

export const TABLES = Object.fromEntries(Object.entries(TABLE_SOURCES).map(([name, t]) => [name, () => (t.label ? mixed(t.file, t.label, t.drop) : numeric(t.file))]));

/** Fitted on the training rows only: medians, most frequent values and category lists. */
export function fitEncoder(columns, rows) {
  return columns.map((c) => {
    if (c.kind === 'number') {
      const v = rows.map((r) => c.values[r]).filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
      const median = v.length ? (v[(v.length - 1) >> 1] + v[v.length >> 1]) / 2 : 0;
      return { kind: 'number', median };
    }
    const counts = new Map();
    for (const r of rows) if (c.values[r] !== null) counts.set(c.values[r], (counts.get(c.values[r]) ?? 0) + 1);
    const categories = [...counts.keys()].sort();
    const mode = categories.reduce((a, b) => (counts.get(b) > counts.get(a) ? b : a), categories[0]);
    return { kind: 'string', categories, mode };
  });
}

export function encode(columns, enc, rows) {
  const width = enc.reduce((w, e) => w + (e.kind === 'number' ? 1 : e.categories.length), 0);
  const data = new Float32Array(rows.length * width);
  rows.forEach((r, i) => {
    let j = 0;
    columns.forEach((c, k) => {
      const e = enc[k];
      if (e.kind === 'number') { const v = c.values[r]; data[i * width + j++] = Number.isNaN(v) ? e.median : v; }
      else { const v = c.values[r] ?? e.mode; const at = e.categories.indexOf(v); if (at >= 0) data[i * width + j + at] = 1; j += e.categories.length; }
    });
  });
  return { data, rows: rows.length, cols: width };
}


/** One fold's encoded matrices. */
export function encodeFold(table, train, test) {
  const enc = fitEncoder(table.columns, train);
  return { xTrain: encode(table.columns, enc, train), yTrain: train.map((r) => table.y[r]), xTest: encode(table.columns, enc, test), yTest: test.map((r) => table.y[r]) };
}
