import { WasmlpError } from '../errors.js';
import { optionAdvice } from '../advice.js';
import type { Levels } from '../preprocessing/category-levels.js';
import type { ColumnSignature } from '../preprocessing/table-align.js';
import type { TransformerJSON } from '../preprocessing/transformer.js';
import type { TableTransformerState } from '../preprocessing/table-transformer.js';
import type { ColumnTransformerConfig, ColumnTransformerState } from '../preprocessing/column-transformer.js';
import type { SimpleImputerState } from '../preprocessing/simple-imputer.js';
import type { OrdinalEncoderConfig, OrdinalEncoderState } from '../preprocessing/ordinal-encoder.js';
import type { OneHotEncoderState } from '../preprocessing/one-hot-encoder.js';
import { attr, ML_DOMAIN, type GraphBuilder, type ValueSpec } from './graph.js';
import { addTransformer, EXPORTABLE_TRANSFORMERS, unsupportedStep, type Flow } from './preprocessing.js';
import { DataType } from './schema.js';

/** How a missing category arrives in a string input: ONNX string tensors have no null. */
export const ONNX_MISSING_CATEGORY = '';

/**
 * A fitted TableTransformer (or a ColumnTransformer) as the head of the graph: one input per
 * column it uses, named after the column (numbers float [N, 1], NaN = missing; categories stored
 * as text string [N, 1], '' = missing), then what its ColumnTransformer does, part by part:
 * numbers imputed (ai.onnx.ml Imputer) with missing indicators (IsNaN) and scaled; categories
 * one-hot encoded (ai.onnx.ml OneHotEncoder, zeros for unseen ones, a column for '(missing)' and
 * one for '(infrequent)') or given ordinal codes (ai.onnx.ml LabelEncoder) and scaled; number
 * columns scaled or passed through; the blocks concatenated in order (remainder last).
 * Returns the graph inputs it declared and the encoded rows [N, features].
 */
export function addTableHead(g: GraphBuilder, json: TransformerJSON, stepName: string, reserved: readonly string[]): { inputs: ValueSpec[]; flow: Flow } {
  const table = json.className === 'TableTransformer' ? (json.state as TableTransformerState | null) : null;
  const encoder = (table ? table.encoder : json) as TransformerJSON<ColumnTransformerConfig, ColumnTransformerState>;
  const state = encoder.state;
  if (!state) throw notFitted(stepName);
  const partsConfig = encoder.config.parts;

  // One graph input per column used, in the table's column order (a TableTransformer's column plans keep it).
  const used = new Map<string, ColumnSignature>();
  state.parts.forEach((p) => p.steps !== 'drop' && p.columns.forEach((c) => used.set(c.name, c)));
  state.remainder.forEach((c) => used.set(c.name, c));
  const order = (table?.columns ?? []).map((p) => p.name).filter((n) => used.has(n));
  for (const n of used.keys()) if (!order.includes(n)) order.push(n);
  const inputs: ValueSpec[] = order.map((name) => {
    const sig = used.get(name)!;
    if (reserved.includes(name)) {
      throw new WasmlpError('ONNX_UNSUPPORTED_STEP', `exportOnnx: column '${name}' would be a graph input with the same name as the output '${name}'; rename the column before training.`, { option: `steps.${stepName}`, column: name });
    }
    return { name, type: sig.type === 'number' ? DataType.FLOAT : DataType.STRING, shape: ['N', 1], doc: sig.type === 'number' ? `column '${name}': numbers, NaN for a missing cell` : `column '${name}': categories, '' for a missing cell` };
  });
  inputs.forEach((spec) => g.input(spec));

  const blocks: Flow[] = [];
  state.parts.forEach((part, i) => {
    const partName = partsConfig[i]?.name ?? `part${i}`;
    if (part.steps === 'drop' || part.columns.length === 0) return;
    const scope = `${stepName}/${partName}`;
    if (part.steps === 'passthrough') {
      blocks.push(concatColumns(g, numberColumns(part.columns, partName, stepName), scope));
      return;
    }
    const [first, ...rest] = part.steps;
    let flow: Flow;
    let next = rest;
    switch (first.className) {
      case 'SimpleImputer': flow = imputer(g, first.state as SimpleImputerState, part.columns, scope); break;
      case 'OneHotEncoder': flow = oneHot(g, (first.state as OneHotEncoderState).table!, scope); break;
      case 'OrdinalEncoder': flow = ordinal(g, first.state as OrdinalEncoderState, (first.config ?? {}) as OrdinalEncoderConfig, scope); break;
      default: {
        if (partName.startsWith('text:')) {
          const text = partName.slice(5);
          throw new WasmlpError('ONNX_UNSUPPORTED_STEP', `exportOnnx: column '${text}' is read as free text (TF-IDF) in pipeline step '${stepName}', which has no ONNX export. Drop the column (${optionAdvice('drop', [text])}) or read it as a category (${optionAdvice('categorical', [text])}) and train again.`, { option: `steps.${stepName}`, column: text });
        }
        // Number columns straight into a scaler (a ColumnTransformer built by hand).
        if (!EXPORTABLE_TRANSFORMERS.includes(first.className) || !first.state || 'table' in (first.state as object)) {
          throw new WasmlpError('ONNX_UNSUPPORTED_STEP', `exportOnnx: part '${partName}' of pipeline step '${stepName}' starts with ${first.className} on the table columns ${part.columns.map((c) => `'${c.name}'`).join(', ')}, which has no ONNX export. A part may start with SimpleImputer, OneHotEncoder, OrdinalEncoder or (on number columns) ${EXPORTABLE_TRANSFORMERS.filter((n) => n !== 'OneHotEncoder').join(', ')}.`, { option: `steps.${stepName}`, column: part.columns[0].name });
        }
        flow = concatColumns(g, numberColumns(part.columns, partName, stepName), scope);
        next = part.steps;
      }
    }
    for (const [k, step] of next.entries()) flow = addTransformer(g, restored(step), flow, `${scope}/${k + (next === rest ? 1 : 0)}`);
    blocks.push(flow);
  });
  if (state.remainder.length) blocks.push(concatColumns(g, numberColumns(state.remainder, 'remainder', stepName), `${stepName}/remainder`));
  if (blocks.length === 0) throw unsupportedStep(stepName, json.className, 'uses no column');
  const width = blocks.reduce((n, b) => n + b.width, 0);
  const [out] = blocks.length === 1 ? [blocks[0].name] : g.node('Concat', blocks.map((b) => b.name), { axis: attr.int(1) }, { outputs: [`${stepName}/encoded`] });
  return { inputs, flow: { name: out, width } };
}

/** Names of columns that enter the graph as numbers as they are; a text column there cannot. */
function numberColumns(columns: ColumnSignature[], partName: string, stepName: string): string[] {
  const text = columns.find((c) => c.type !== 'number');
  if (text) throw new WasmlpError('ONNX_UNSUPPORTED_STEP', `exportOnnx: part '${partName}' of pipeline step '${stepName}' passes the text column '${text.name}' on as numbers, which it is not.`, { option: `steps.${stepName}`, column: text.name });
  return columns.map((c) => c.name);
}

function notFitted(stepName: string): WasmlpError {
  return new WasmlpError('NOT_FITTED', `exportOnnx: pipeline step '${stepName}' is not fitted. Fit the pipeline before exporting it.`, { option: `steps.${stepName}` });
}

/** A saved step as the object addTransformer reads (only toJSON is used). */
function restored(json: TransformerJSON): Parameters<typeof addTransformer>[1] {
  return { toJSON: () => json } as unknown as Parameters<typeof addTransformer>[1];
}

function concatColumns(g: GraphBuilder, names: string[], scope: string): Flow {
  if (names.length === 1) return { name: names[0], width: 1 };
  const [out] = g.node('Concat', names, { axis: attr.int(1) }, { outputs: [`${scope}/columns`] });
  return { name: out, width: names.length };
}

const toFloat = (g: GraphBuilder, x: string, out: string) => g.node('Cast', [x], { to: attr.int(DataType.FLOAT) }, { outputs: [out] })[0];

/** SimpleImputer on number columns: NaN -> the fitted fill (ai.onnx.ml Imputer), then a 0/1 IsNaN column per column that had missing cells in fit. */
function imputer(g: GraphBuilder, s: SimpleImputerState, columns: ColumnSignature[], scope: string): Flow {
  const text = columns.find((c) => c.type !== 'number');
  if (text || s.fill.some((v) => typeof v !== 'number')) throw unsupportedStep(scope, 'SimpleImputer', `imputes the text column '${(text ?? columns[0]).name}'; only number columns are imputed in ONNX`);
  const raw = concatColumns(g, columns.map((c) => c.name), scope);
  const [filled] = g.node('Imputer', [raw.name], { imputed_value_floats: attr.floats(s.fill as number[]), replaced_value_float: attr.float(NaN) }, { domain: ML_DOMAIN, outputs: [`${scope}/imputed`] });
  const flagged = columns.filter((_, c) => s.hadMissing[c]);
  if (flagged.length === 0) return { name: filled, width: columns.length };
  const indicators = flagged.map((c) => toFloat(g, g.node('IsNaN', [c.name], {}, { outputs: [`${scope}/${c.name}/isnan`] })[0], `${scope}/${c.name}_missing`));
  const [out] = g.node('Concat', [filled, ...indicators], { axis: attr.int(1) }, { outputs: [`${scope}/with_indicators`] });
  return { name: out, width: columns.length + flagged.length };
}

/**
 * One-hot of table columns as wasmlp's OneHotEncoder (handleUnknown 'ignore'): per column, its
 * kept categories, then '(infrequent)' (any other present category) and '(missing)'.
 * Text columns: ai.onnx.ml OneHotEncoder over the categories plus '' (missing); number columns
 * (category codes): Equal against each code, IsNaN for missing. Infrequent = 1 - (kept + missing).
 */
function oneHot(g: GraphBuilder, s: NonNullable<OneHotEncoderState['table']>, scope: string): Flow {
  const parts: string[] = [];
  let width = 0;
  s.columns.forEach((col, j) => {
    const l: Levels = s.levels[j];
    const at = `${scope}/${col.name}`;
    const k = l.categories.length;
    let hot: string, missing: string | null = null;
    if (col.type === 'string') {
      // '' is appended whenever missing cells or the infrequent group need it, then sliced off again.
      const withEmpty = (l.missing || l.infrequent) && !l.categories.includes(ONNX_MISSING_CATEGORY);
      const cats = withEmpty ? [...l.categories, ONNX_MISSING_CATEGORY] : l.categories;
      const [h3] = g.node('OneHotEncoder', [col.name], { cats_strings: attr.strings(cats), zeros: attr.int(1) }, { domain: ML_DOMAIN, outputs: [`${at}/onehot3d`] });
      const [all] = g.node('Flatten', [h3], { axis: attr.int(1) }, { outputs: [`${at}/onehot_all`] });
      hot = withEmpty ? slice(g, all, 0, k, `${at}/kept`) : all;
      if (withEmpty) missing = slice(g, all, k, k + 1, `${at}/empty`);
    } else {
      const codes = g.floats(`${at}/codes`, [k], l.categories.map((c) => Math.fround(Number(c))));
      hot = toFloat(g, g.node('Equal', [col.name, codes], {}, { outputs: [`${at}/equal`] })[0], `${at}/kept`);
      if (l.missing || l.infrequent) missing = toFloat(g, g.node('IsNaN', [col.name], {}, { outputs: [`${at}/isnan`] })[0], `${at}/nan`);
    }
    const pieces = [hot];
    if (l.infrequent) {
      const [kept] = g.node('ReduceSum', [hot, g.int64s(`${at}/axis1`, [1], [1])], { keepdims: attr.int(1) }, { outputs: [`${at}/kept_sum`] });
      const [known] = missing ? g.node('Add', [kept, missing], {}, { outputs: [`${at}/known`] }) : [kept];
      pieces.push(g.node('Sub', [g.floats(`${at}/one`, [], [1]), known], {}, { outputs: [`${at}/infrequent`] })[0]);
    }
    if (l.missing) pieces.push(missing!);
    parts.push(...pieces);
    width += k + (l.infrequent ? 1 : 0) + (l.missing ? 1 : 0);
  });
  const [out] = parts.length === 1 ? parts : g.node('Concat', parts, { axis: attr.int(1) }, { outputs: [`${scope}/onehot`] });
  return { name: out, width };
}

/**
 * Ordinal codes as wasmlp's OrdinalEncoder: 0..k-1 for the kept categories, then the infrequent
 * group and the missing category when fit saw them, unknownValue otherwise (ai.onnx.ml
 * LabelEncoder, with '' or NaN as the missing cell).
 */
function ordinal(g: GraphBuilder, s: OrdinalEncoderState, config: OrdinalEncoderConfig, scope: string): Flow {
  const unknown = config.unknownValue ?? -1;
  const codes = s.columns.map((col, j) => {
    const l = s.levels[j];
    const at = `${scope}/${col.name}`;
    const k = l.categories.length;
    const infrequentAt = l.infrequent ? k : unknown;
    const missingAt = l.missing ? k + (l.infrequent ? 1 : 0) : unknown;
    const ids = l.categories.map((_, i) => i);
    if (col.type === 'string') {
      const keys = l.categories.includes(ONNX_MISSING_CATEGORY) ? l.categories : [...l.categories, ONNX_MISSING_CATEGORY];
      const values = keys === l.categories ? ids : [...ids, missingAt];
      return g.node('LabelEncoder', [col.name], { keys_strings: attr.strings(keys), values_floats: attr.floats(values), default_float: attr.float(infrequentAt) }, { domain: ML_DOMAIN, outputs: [`${at}/code`] })[0];
    }
    const [code] = g.node('LabelEncoder', [col.name], { keys_floats: attr.floats(l.categories.map((c) => Number(c))), values_floats: attr.floats(ids), default_float: attr.float(infrequentAt) }, { domain: ML_DOMAIN, outputs: [`${at}/code_present`] });
    const [nan] = g.node('IsNaN', [col.name], {}, { outputs: [`${at}/isnan`] });
    return g.node('Where', [nan, g.floats(`${at}/missing_code`, [], [missingAt]), code], {}, { outputs: [`${at}/code`] })[0];
  });
  const [out] = codes.length === 1 ? codes : g.node('Concat', codes, { axis: attr.int(1) }, { outputs: [`${scope}/codes`] });
  return { name: out, width: codes.length };
}

function slice(g: GraphBuilder, x: string, start: number, end: number, out: string): string {
  return g.node('Slice', [x, g.int64s(`${out}/start`, [1], [start]), g.int64s(`${out}/end`, [1], [end]), g.int64s(`${out}/axis`, [1], [1])], {}, { outputs: [out] })[0];
}
