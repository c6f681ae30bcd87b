// The shared numeric tables trained and exported as a user would: 'wasmlp train' (standard scaling
// + network), 'wasmlp export --onnx', and 'wasmlp predict --json' for wasmlp's own probabilities.
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { join } from 'node:path';
import { expect } from 'vitest';
import { parseRows } from '../../src/cli/commands/predict.js';
import { loadSavedModel } from '../../src/cli/load-model.js';
import { dataPath } from '../helpers/data-dir.js';
import { cli } from '../cli/io.js';

export const NUMERIC_TABLES: [string, string][] = [
  ['sonar', 'sonar.csv'], ['banknote', 'banknote_authentication.csv'], ['pima', 'pima-indians-diabetes.csv'],
  ['ionosphere', 'ionosphere.csv'], ['iris', 'iris.csv'],
];

export interface ExportedTable {
  name: string;
  onnx: Uint8Array;
  /** Raw feature rows, row-major, as 'wasmlp predict' read them. */
  rows: Float32Array;
  width: number;
  classNames: string[];
  /** wasmlp predict's probabilities (rows x classes) and predicted class names. */
  proba: Float64Array;
  labels: string[];
}

/** Runs the three CLI commands in-process (WASMLP_DATA_DIR must point at the shared data); trainFlags default to a hand-built network. */
export async function trainAndExport(name: string, file: string, dir: string, trainFlags = ['--layers', '16,8', '--epochs', '15', '--batch-size', '16', '--scale', 'standard', '--seed', '5'], tag = name): Promise<ExportedTable> {
  const model = join(dir, `${tag}.json`), onnx = join(dir, `${tag}.onnx`);
  const trained = await cli(['train', name, ...trainFlags, '--out', model, '--quiet']);
  expect(trained.code, trained.stderr).toBe(0);
  const exported = await cli(['export', model, '--onnx', onnx]);
  expect(exported.code, exported.stderr).toBe(0);
  const predicted = await cli(['predict', model, dataPath(file), '--json']);
  expect(predicted.code, predicted.stderr).toBe(0);
  const out = JSON.parse(predicted.stdout) as { prediction: string; probabilities: Record<string, number> }[];
  const saved = await loadSavedModel(model, process.cwd());
  saved.pipe.dispose();
  const rows = parseRows(readFileSync(dataPath(file), 'utf8'), saved.nFeatures, file);
  expect(rows.length).toBe(out.length);
  return {
    name, onnx: readFileSync(onnx), rows: Float32Array.from(rows.flat()), width: saved.nFeatures, classNames: saved.classNames,
    proba: Float64Array.from(out.flatMap((r) => saved.classNames.map((c) => r.probabilities[c]))),
    labels: out.map((r) => r.prediction),
  };
}

export function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** titanic.csv plus rows a deployed model meets: an unseen port, every category missing, age and port missing. */
export function titanicRows(): string {
  const text = readFileSync(dataPath('titanic.csv'), 'utf8').trimEnd();
  const extra = [
    '0,3,male,30.0,0,0,8.05,X,Third,man,True,,Southampton,no,True', // embarked 'X': never seen in training
    '1,1,female,,1,0,80.0,,First,woman,False,B,,yes,False', // age and embarked (and embark_town) missing
    '0,2,,,0,0,13.0,,,,,,,,', // every category missing, age missing
    '1,3,female,4.0,1,1,16.7,Z,Third,child,False,Q,Atlantis,yes,False', // unseen port, deck and town
  ];
  return `${text}\n${extra.join('\n')}\n`;
}

/** A table model's exported inputs, one per column: numbers (null = missing, for JSON) or categories ('' = missing). */
export type ColumnFeeds = Record<string, { type: 'float32' | 'string'; values: (number | null)[] | string[] }>;

export interface ExportedColumns {
  onnx: Uint8Array;
  feeds: ColumnFeeds;
  rows: number;
  classNames: string[];
  proba: Float64Array;
  labels: string[];
}

/** 'wasmlp train' on titanic.csv (the default recipe), 'export --onnx', 'predict --json' on titanicRows(), and the rows as per-column feeds. */
export async function trainAndExportTitanic(dir: string): Promise<ExportedColumns> {
  const model = join(dir, 'titanic.json'), onnx = join(dir, 'titanic.onnx'), rowsFile = join(dir, 'titanic-rows.csv');
  const text = titanicRows();
  writeFileSync(rowsFile, text);
  const trained = await cli(['train', dataPath('titanic.csv'), '--label', 'survived', '--drop', 'alive', '--seed', '3', '--out', model, '--quiet']);
  expect(trained.code, trained.stderr).toBe(0);
  const exported = await cli(['export', model, '--onnx', onnx, '--json']);
  expect(exported.code, exported.stderr).toBe(0);
  const inputs = (JSON.parse(exported.stdout) as { inputs: Record<string, { type: 'float' | 'string' }> }).inputs;
  const predicted = await cli(['predict', model, rowsFile, '--json']);
  expect(predicted.code, predicted.stderr).toBe(0);
  const out = JSON.parse(predicted.stdout) as { prediction: string; probabilities: Record<string, number> }[];
  const saved = await loadSavedModel(model, process.cwd());
  saved.pipe.dispose();
  const records = parse(text, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  const feeds: ColumnFeeds = Object.fromEntries(Object.entries(inputs).map(([name, { type }]) => [name, type === 'string'
    ? { type: 'string', values: records.map((r) => r[name]) }
    : { type: 'float32', values: records.map((r) => (r[name] === '' ? null : Number(r[name]))) }]));
  return {
    onnx: readFileSync(onnx), feeds, rows: records.length, classNames: saved.classNames,
    proba: Float64Array.from(out.flatMap((r) => saved.classNames.map((c) => r.probabilities[c]))),
    labels: out.map((r) => r.prediction),
  };
}
