import { resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { WasmlpError } from '../../errors.js';
import { formatTable } from '../../model-selection/grid-search.js';
import { parseArgs, UsageError, type FlagSpecs } from '../args.js';
import { DATA_FLAGS, OUTPUT_FLAGS, toJson, type CliIo } from '../common.js';
import { TABLE_FLAGS, formatSchema, loadTableData } from '../table-data.js';

export const INSPECT_FLAGS: FlagSpecs = {
  label: DATA_FLAGS.label,
  drop: TABLE_FLAGS.drop, 'as-category': TABLE_FLAGS['as-category'], text: TABLE_FLAGS.text, encoding: TABLE_FLAGS.encoding,
  json: OUTPUT_FLAGS.json,
};

export const INSPECT_HELP = `wasmlp inspect <data.csv> [flags]

Prints the schema read from a table: each column's kind (number, category, text, id, constant),
missing and distinct counts, example values, and what cv/train/grid will do with it, with the
warnings (a column restating the label, ID-like and constant columns, single-member classes).

  wasmlp inspect titanic.csv --label survived
  wasmlp inspect titanic.csv --label survived --json`;

export async function inspect(argv: readonly string[], io: CliIo): Promise<number> {
  const { positionals, flags } = parseArgs(argv, INSPECT_FLAGS, 'inspect');
  if (positionals.length !== 1) throw new UsageError(`takes one data file: wasmlp inspect data.csv; received ${positionals.length} argument(s).`, 'inspect');
  const path = resolve(io.cwd, positionals[0]);
  if (!existsSync(path)) throw new WasmlpError('FILE_NOT_FOUND', `No file at ${path}.`, { file: path });
  const t = await loadTableData(path, flags);
  const { schema, info } = t;
  if (flags.json) {
    io.stdout.write(toJson({ command: 'inspect', file: positionals[0], rows: schema.rows, header: info.header, delimiter: info.delimiter, decimalComma: info.decimalComma, label: schema.label, classes: t.classNames, columns: schema.columns, warnings: schema.warnings }) + '\n');
    return 0;
  }
  const delimiter = info.delimiter === '\t' ? 'tab' : `'${info.delimiter}'`;
  io.stdout.write([
    `${positionals[0]}: ${schema.rows} rows, ${schema.columns.length} columns, ${info.header ? 'header line' : 'no header (columns numbered from 0)'}, delimiter ${delimiter}${info.decimalComma.length ? `, decimal commas in ${info.decimalComma.join(', ')}` : ''}`,
    `label '${schema.label}': ${t.classNames.length} classes (${t.classNames.slice(0, 10).join(', ')}${t.classNames.length > 10 ? ', …' : ''})`,
    '',
    formatTable(['column', 'kind', 'missing', 'distinct', 'examples', 'default pipeline'], formatSchema(schema)),
    ...(schema.warnings.length ? ['', ...schema.warnings.map((w) => `warning [${w.code}] ${w.message}`)] : []),
  ].join('\n') + '\n');
  return 0;
}
