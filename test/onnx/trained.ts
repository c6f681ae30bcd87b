// The shared numeric tables trained and exported as a user would: 'wasmlp train' (standard scaling
// + network), 'wasmlp export --onnx', and 'wasmlp predict --json' for wasmlp's own probabilities.
import { readFileSync } from 'node:fs';
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
