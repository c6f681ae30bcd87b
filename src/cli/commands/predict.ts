import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { WasmlpError } from '../../errors.js';
import { detectDelimiter } from '../../data/csv.js';
import { parseTable } from '../../data/table-loader.js';
import { tableFromNdjson } from '../../data/table-objects.js';
import type { Table } from '../../data/table.js';
import { parseArgs, UsageError, type FlagSpecs } from '../args.js';
import { OUTPUT_FLAGS, toJson, type CliIo } from '../common.js';
import { loadSavedModel } from '../load-model.js';

export const PREDICT_FLAGS: FlagSpecs = { json: OUTPUT_FLAGS.json };

export const PREDICT_HELP = `wasmlp predict <model.json> [rows.csv]

Predicts the class of each row (features only, or features then a label column that is ignored),
read from rows.csv or from standard input. Prints CSV: the class, then each class's probability.

  wasmlp predict model.json rows.csv
  echo "3.6216,8.6661,-2.8073,-0.44699" | wasmlp predict model.json`;

/** Rows of numbers from CSV text; a first line with only text in its feature cells is a header and is skipped. */
export function parseRows(text: string, nFeatures: number, source: string): number[][] {
  const body = text.replace(/^\uFEFF/, '');
  const firstLine = body.split(/\r?\n/, 1)[0] ?? '';
  let records: string[][];
  try {
    records = parse(body, { delimiter: detectDelimiter(firstLine), trim: true, skip_empty_lines: true, relax_column_count: true }) as string[][];
  } catch (e) {
    throw new WasmlpError('BAD_CSV', `${source}: ${(e as Error).message}`, { file: source });
  }
  const isNumber = (c: string) => c !== '' && Number.isFinite(Number(c));
  // A header has only text in its feature cells; a trailing label cell may be text in any row.
  if (records.length && !records[0].slice(0, nFeatures).some(isNumber)) records = records.slice(1);
  if (!records.length) throw new WasmlpError('EMPTY_DATA', `${source} has no rows to predict.`, { file: source });
  return records.map((rec, r) => {
    if (rec.length !== nFeatures && rec.length !== nFeatures + 1) {
      throw new WasmlpError('WIDTH_MISMATCH', `${source}: row ${r + 1} has ${rec.length} values; the model takes ${nFeatures} features (optionally followed by a label, which is ignored).`, { row: r, file: source });
    }
    return rec.slice(0, nFeatures).map((cell, c) => {
      if (!isNumber(cell)) throw new WasmlpError('NOT_A_NUMBER', `${source}: row ${r + 1}, column ${c + 1} is ${JSON.stringify(cell)}, not a number.`, { row: r, column: c, file: source });
      return Number(cell);
    });
  });
}

/**
 * Raw rows for a model trained on a table: CSV with its header (columns in any order, the label
 * column ignored), CSV without a header (all the file's columns, or only the features, in order),
 * or NDJSON objects. Missing cells and unseen categories are handled by the saved transformer.
 */
export function tableRows(text: string, model: { columns: string[]; features: string[] }, source: string): Table {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trimStart().startsWith('{')) return tableFromNdjson(body, { fileName: source });
  const known = new Set(model.columns);
  let { table: t, info } = parseTable(body, { fileName: source, header: body.split(/\r?\n/, 1)[0].split(/[,;\t]/).some((c) => known.has(c.trim().replace(/^"|"$/g, ''))) ? true : 'auto' });
  if (!info.header) {
    const names = t.columns.length === model.columns.length ? model.columns : t.columns.length === model.features.length ? model.features : null;
    if (!names) {
      throw new WasmlpError('WIDTH_MISMATCH', `${source}: rows without a header must have the training file's ${model.columns.length} columns or its ${model.features.length} feature columns, in order; they have ${t.columns.length}. Add a header line naming the columns.`, { file: source });
    }
    t = { ...t, columns: t.columns.map((c, i) => ({ ...c, name: names[i] })) };
  }
  return t;
}

/** Rows predicted per batch: output starts after the first batch, and memory stays one batch. */
const PREDICT_BATCH_LINES = 4096;

/** The input's lines in batches, read as a stream (a file of any size, or standard input). */
async function* lineBatches(input: AsyncIterable<string | Uint8Array>): AsyncGenerator<string[]> {
  const decoder = new TextDecoder();
  let rest = '';
  let batch: string[] = [];
  for await (const part of input) {
    const text = rest + (typeof part === 'string' ? part : decoder.decode(part, { stream: true }));
    const lines = text.split('\n');
    rest = lines.pop()!;
    for (const l of lines) {
      batch.push(l);
      if (batch.length >= PREDICT_BATCH_LINES) { yield batch; batch = []; }
    }
  }
  rest += decoder.decode();
  if (rest) batch.push(rest);
  if (batch.length) yield batch;
}

/**
 * Streams predictions: each batch of lines is parsed (as parseRows does), predicted and written
 * before the next is read, so inputs of any size run in a batch's memory. CSV and --json output
 * are the same text as for a whole file read at once.
 */
export async function predict(argv: readonly string[], io: CliIo): Promise<number> {
  const { positionals, flags } = parseArgs(argv, PREDICT_FLAGS, 'predict');
  if (positionals.length < 1 || positionals.length > 2) throw new UsageError(`needs a model file and optionally a rows file: wasmlp predict model.json [rows.csv]; received ${positionals.length} argument(s).`, 'predict');
  const saved = await loadSavedModel(positionals[0], io.cwd);
  let input: AsyncIterable<string | Uint8Array>, source: string;
  if (positionals[1] !== undefined && positionals[1] !== '-') {
    source = resolve(io.cwd, positionals[1]);
    try {
      await access(source);
    } catch {
      throw new WasmlpError('FILE_NOT_FOUND', `No file at ${source}.`, { file: source });
    }
    input = createReadStream(source, { highWaterMark: 1 << 20 });
  } else {
    if (io.stdinIsTTY) throw new UsageError('give a rows file, or pipe rows into standard input (e.g. cat rows.csv | wasmlp predict model.json).', 'predict');
    source = 'standard input';
    input = io.stdinStream ?? (async function* () { yield await io.readStdin(); })();
  }
  const names = saved.classNames;
  const nFeatures = saved.nFeatures;
  let delimiter: string | null = null;
  let row = 0, written = 0;
  const emit = (proba: { rows: number; cols: number; data: Float32Array }, classes: Int32Array) => {
    const out: string[] = [];
    if (flags.json) {
      for (let r = 0; r < proba.rows; r++) {
        const item = toJson({ prediction: names[classes[r]] ?? String(classes[r]), probabilities: Object.fromEntries(names.map((n, j) => [n, proba.data[r * proba.cols + j]])) });
        out.push((written + r === 0 ? '[\n' : ',\n') + item.split('\n').map((l) => `  ${l}`).join('\n'));
      }
    } else {
      if (written === 0) out.push(['prediction', ...names.map((n) => `p(${n})`)].join(',') + '\n');
      for (let r = 0; r < proba.rows; r++) out.push([names[classes[r]] ?? String(classes[r]), ...names.map((_, j) => proba.data[r * proba.cols + j].toFixed(4))].join(',') + '\n');
    }
    written += proba.rows;
    io.stdout.write(out.join(''));
  };
  try {
    if (saved.table) {
      // A model trained on a table reads its rows whole: a header names the columns (in any
      // order), cells may be text or empty, and the saved transformer encodes them as at training.
      let text = '';
      const decoder = new TextDecoder();
      for await (const part of input) text += typeof part === 'string' ? part : decoder.decode(part, { stream: true });
      text += decoder.decode();
      if (text.trim() !== '') {
        const rows = tableRows(text, saved.table, source);
        emit(saved.pipe.predictProba(rows), saved.pipe.predict(rows));
      }
    } else for await (const lines of lineBatches(input)) {
      let text = lines.join('\n');
      if (delimiter === null) {
        text = text.replace(/^\uFEFF/, '');
        const first = text.split(/\r?\n/).find((l) => l.trim() !== '');
        if (first === undefined) continue;
        delimiter = detectDelimiter(first);
      }
      let records: string[][];
      try {
        records = parse(text, { delimiter, trim: true, skip_empty_lines: true, relax_column_count: true }) as string[][];
      } catch (e) {
        throw new WasmlpError('BAD_CSV', `${source}: ${(e as Error).message}`, { file: source });
      }
      const isNumber = (c: string) => c !== '' && Number.isFinite(Number(c));
      // A header has only text in its feature cells; a trailing label cell may be text in any row.
      if (row === 0 && written === 0 && records.length && !records[0].slice(0, nFeatures).some(isNumber)) records = records.slice(1);
      if (!records.length) continue;
      const rows = records.map((rec, i) => {
        const r = row + i;
        if (rec.length !== nFeatures && rec.length !== nFeatures + 1) {
          throw new WasmlpError('WIDTH_MISMATCH', `${source}: row ${r + 1} has ${rec.length} values; the model takes ${nFeatures} features (optionally followed by a label, which is ignored).`, { row: r, file: source });
        }
        return rec.slice(0, nFeatures).map((cell, c) => {
          if (!isNumber(cell)) throw new WasmlpError('NOT_A_NUMBER', `${source}: row ${r + 1}, column ${c + 1} is ${JSON.stringify(cell)}, not a number.`, { row: r, column: c, file: source });
          return Number(cell);
        });
      });
      row += rows.length;
      emit(saved.pipe.predictProba(rows), saved.pipe.predict(rows));
    }
  } finally {
    saved.pipe.dispose();
  }
  if (written === 0) throw new WasmlpError('EMPTY_DATA', `${source} has no rows to predict.`, { file: source });
  if (flags.json) io.stdout.write('\n]\n');
  return 0;
}
