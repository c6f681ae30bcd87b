// ONNX export of pipelines trained on mixed-type tables (TableTransformer: imputation + missing
// indicators, one-hot or ordinal categories, scaling; then the recipe's ensemble or a hand-built
// network): one graph input per column, run in onnxruntime-node on raw CSV rows (with missing
// numbers, missing categories and a category never seen in training) against 'wasmlp predict'.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { exportOnnx } from '../../src/onnx/index.js';
import { loadSavedModel } from '../../src/cli/load-model.js';
import { ColumnTransformer, KerasClassifier, MinMaxScaler, OneHotEncoder, Pipeline, SimpleImputer, StandardScaler, TableTransformer, tableFromObjects, Dense, Sequential } from '../../src/index.js';
import { dataDir, dataPath } from '../helpers/data-dir.js';
import { expectWasmlpError } from '../helpers/expect-error.js';
import { cli } from '../cli/io.js';
import { maxDiff, titanicRows } from './trained.js';

const dir = mkdtempSync(join(tmpdir(), 'wasmlp-onnx-table-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(() => {
  vi.stubEnv('WASMLP_DATA_DIR', dataDir());
  vi.stubEnv('WASMLP_CACHE_DIR', join(dir, 'cache'));
});

const TOLERANCE = 1e-5;

/** The graph's inputs fed from CSV records: float [N, 1] (NaN for '') or string [N, 1] ('' stays ''). */
function feeds(session: ort.InferenceSession, records: Record<string, string>[]): Record<string, ort.Tensor> {
  const out: Record<string, ort.Tensor> = {};
  for (const name of session.inputNames) {
    const meta = (session.inputMetadata as unknown as { name: string; isTensor: boolean; type: string }[]).find((m) => m.name === name)!;
    const cells = records.map((r) => r[name] ?? '');
    out[name] = meta.type === 'string'
      ? new ort.Tensor('string', cells, [cells.length, 1])
      : new ort.Tensor('float32', Float32Array.from(cells, (c) => (c === '' ? NaN : Number(c))), [cells.length, 1]);
  }
  return out;
}

async function runTable(onnx: Uint8Array, records: Record<string, string>[]) {
  const session = await ort.InferenceSession.create(onnx);
  try {
    return { inputs: [...session.inputNames], out: await session.run(feeds(session, records)) };
  } finally {
    await session.release();
  }
}

/** train -> export --onnx -> predict --json, then the ONNX file in onnxruntime-node on the same rows. */
async function trainExportCompare(name: string, trainArgs: string[], rowsCsv: string) {
  const model = join(dir, `${name}.json`), onnx = join(dir, `${name}.onnx`), rows = join(dir, `${name}-rows.csv`);
  writeFileSync(rows, rowsCsv);
  const trained = await cli(['train', ...trainArgs, '--out', model, '--quiet']);
  expect(trained.code, trained.stderr).toBe(0);
  const exported = await cli(['export', model, '--onnx', onnx, '--json']);
  expect(exported.code, exported.stderr).toBe(0);
  const predicted = await cli(['predict', model, rows, '--json']);
  expect(predicted.code, predicted.stderr).toBe(0);
  const wasmlp = JSON.parse(predicted.stdout) as { prediction: string; probabilities: Record<string, number> }[];
  const saved = await loadSavedModel(model, process.cwd());
  saved.pipe.dispose();
  const records = parse(rowsCsv, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  expect(records.length).toBe(wasmlp.length);
  const { inputs, out } = await runTable(readFileSync(onnx), records);
  const expected = Float64Array.from(wasmlp.flatMap((r) => saved.classNames.map((c) => r.probabilities[c])));
  expect(out.probabilities.dims).toEqual([records.length, saved.classNames.length]);
  const diff = maxDiff(out.probabilities.data as Float32Array, expected);
  console.log(`[onnx table ${name}] ${records.length} rows, inputs ${inputs.join(',')}, ${readFileSync(onnx).length} bytes, max |p_onnx - p_wasmlp| = ${diff.toExponential(2)}`);
  expect(diff).toBeLessThan(TOLERANCE);
  expect(Array.from(out.label.data as string[])).toEqual(wasmlp.map((r) => r.prediction));
  return { inputs, exported: JSON.parse(exported.stdout) as { inputs: Record<string, unknown> } };
}

describe('wasmlp train on titanic -> wasmlp export --onnx -> onnxruntime-node, one input per column', () => {
  const columns = ['pclass', 'sex', 'age', 'sibsp', 'parch', 'fare', 'embarked', 'class', 'who', 'adult_male', 'deck', 'embark_town', 'alone'];

  it('the default recipe (5 networks averaged) on the raw rows, with missing ages and ports and unseen ports', async () => {
    const { inputs, exported } = await trainExportCompare('titanic-recipe', [dataPath('titanic.csv'), '--label', 'survived', '--drop', 'alive', '--seed', '3'], titanicRows());
    expect(inputs).toEqual(columns);
    expect(exported.inputs.age).toEqual({ type: 'float', shape: ['N', 1] });
    expect(exported.inputs.sex).toEqual({ type: 'string', shape: ['N', 1] });
  });

  it('a hand-built network (--layers 16, standard scaling), pclass read as a category code (--as-category)', async () => {
    const { inputs } = await trainExportCompare('titanic-layers', [dataPath('titanic.csv'), '--label', 'survived', '--drop', 'alive,deck', '--as-category', 'pclass', '--layers', '16', '--epochs', '20', '--seed', '4'], titanicRows());
    expect(inputs).toEqual(columns.filter((c) => c !== 'deck'));
  });

  it('ordinal category codes (--categorical ordinal), number columns read as category codes', async () => {
    await trainExportCompare('titanic-ordinal', [dataPath('titanic.csv'), '--label', 'survived', '--drop', 'alive', '--categorical', 'ordinal', '--as-category', 'pclass,parch', '--layers', '8', '--epochs', '10', '--seed', '5'], titanicRows());
  });

  it('penguins (three classes, missing numbers and categories) through the recipe', async () => {
    const text = readFileSync(dataPath('penguins.csv'), 'utf8');
    await trainExportCompare('penguins', [dataPath('penguins.csv'), '--label', 'species', '--seed', '2'], text);
  });
});

describe('wasmlp export refuses a text column in the CLI\'s terms', () => {
  it('names the column and the flags that fix it', async () => {
    const file = join(dir, 'notes.csv'), model = join(dir, 'notes.json');
    const words = ['late', 'fine', 'broken', 'good', 'slow', 'quick'];
    writeFileSync(file, 'size,note,ok\n' + Array.from({ length: 60 }, (_, i) => `${i % 9},${words[i % 6]} parcel ${words[(i * 5) % 6]} service,${i % 2}`).join('\n') + '\n');
    const trained = await cli(['train', file, '--label', 'ok', '--text', 'note', '--layers', '4', '--epochs', '2', '--out', model, '--quiet']);
    expect(trained.code, trained.stderr).toBe(0);
    const r = await cli(['export', model, '--onnx', join(dir, 'notes.onnx')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("column 'note'");
    expect(r.stderr).toContain('--drop note');
    expect(r.stderr).toContain('--as-category note');
  });
});

describe('exportOnnx of table pipelines built in code', () => {
  const rows = Array.from({ length: 80 }, (_, i) => ({
    size: i % 7 === 0 ? null : (i * 37) % 50 / 5,
    colour: i % 11 === 0 ? null : ['red', 'green', 'blue', 'teal'][i % 4] + (i % 23 === 0 ? '-rare' : ''),
    code: [1, 2, 3, 2.5][i % 4],
  }));
  const y = rows.map((r, i) => ((r.size ?? 5) > 4 !== (i % 4 === 1) ? 1 : 0));

  function network() {
    return new KerasClassifier({
      build: ({ nFeatures, seed }) => {
        const m = new Sequential([new Dense({ units: 6, activation: 'tanh', inputDim: nFeatures }), new Dense({ units: 1, activation: 'sigmoid' })], { seed });
        m.compile({ loss: 'binaryCrossentropy', optimizer: 'adam' });
        return m;
      },
      epochs: 5, batchSize: 16, seed: 1,
    });
  }

  it('infrequent groups (minFrequency), min-max scaling and non-integer category codes match predictProba', async () => {
    const pipe = new Pipeline([['table', new TableTransformer({ categorical: ['code'], minFrequency: 5, scale: 'minmax' })], network()]);
    await pipe.fit(tableFromObjects(rows), y);
    const records = rows.map((r) => ({ size: r.size === null ? '' : String(r.size), colour: r.colour ?? '', code: String(r.code) }));
    records.push({ size: '3', colour: 'violet', code: '7' }, { size: '', colour: '', code: '' });
    const test = tableFromObjects(records.map((r) => ({ size: r.size === '' ? null : Number(r.size), colour: r.colour || null, code: r.code === '' ? null : Number(r.code) })));
    const { out } = await runTable(exportOnnx(pipe), records);
    expect(maxDiff(out.probabilities.data as Float32Array, pipe.predictProba(test).data)).toBeLessThan(TOLERANCE);
    pipe.dispose();
  });

  it('a hand-built ColumnTransformer: imputer + scaler, a scaler alone, one-hot, passthrough and remainder columns', async () => {
    const data = rows.map((r, i) => ({ ...r, weight: (i * 13) % 17, count: i % 5, extra: (i * 7) % 3 - 1 }));
    const ct = new ColumnTransformer([
      ['numbers', [new SimpleImputer({ strategy: 'mean', addIndicator: true }), new StandardScaler()], ['size']],
      ['weights', new MinMaxScaler({ featureRange: [-1, 1] }), ['weight']],
      ['colours', new OneHotEncoder({ handleUnknown: 'ignore' }), ['colour']],
      ['counts', 'passthrough', ['count']],
    ], { remainder: 'passthrough' });
    const pipe = new Pipeline([['columns', ct], network()]);
    await pipe.fit(tableFromObjects(data), y);
    const onnx = exportOnnx(pipe);
    const records = data.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null ? '' : String(v)])));
    records.push({ size: '', weight: '3', colour: 'violet', code: '1', count: '2', extra: '0' });
    const test = tableFromObjects(records.map((r) => ({ size: r.size === '' ? null : Number(r.size), weight: Number(r.weight), colour: r.colour || null, code: Number(r.code), count: Number(r.count), extra: Number(r.extra) })));
    const { inputs, out } = await runTable(onnx, records);
    // 'code' and 'extra' are in no part: remainder 'passthrough' hands them on, so all six columns are inputs.
    expect([...inputs].sort()).toEqual(['code', 'colour', 'count', 'extra', 'size', 'weight']);
    expect(maxDiff(out.probabilities.data as Float32Array, pipe.predictProba(test).data)).toBeLessThan(TOLERANCE);
    pipe.dispose();
  });

  it('a text column (TF-IDF) or a column named like an output is ONNX_UNSUPPORTED_STEP naming the column', async () => {
    const texts = rows.map((r, i) => ({ ...r, note: `note number ${i} about ${r.colour ?? 'nothing'} things and more words` }));
    const pipe = new Pipeline([['table', new TableTransformer({ text: ['note'] })], network()]);
    await pipe.fit(tableFromObjects(texts), y);
    await expectWasmlpError(() => exportOnnx(pipe), 'ONNX_UNSUPPORTED_STEP', ["column 'note'", 'TF-IDF', "drop: ['note']", "categorical: ['note']"], { column: 'note', option: 'steps.table' });
    pipe.dispose();
    // A column named like an output would clash with it in the graph.
    const clash = new Pipeline([['table', new TableTransformer()], network()]);
    await clash.fit(tableFromObjects(rows.map((r) => ({ size: r.size, label: r.colour }))), y);
    await expectWasmlpError(() => exportOnnx(clash), 'ONNX_UNSUPPORTED_STEP', ["column 'label'", 'rename'], { column: 'label' });
    clash.dispose();
  });
});
