import { resolve } from 'node:path';
import { parseArgs, UsageError, type FlagSpecs } from '../args.js';
import { OUTPUT_FLAGS, toJson, writeOutput, type CliIo } from '../common.js';
import { checkOutputs } from '../output-path.js';
import { loadSavedModel, type SavedModel } from '../load-model.js';
import type { TableTransformer } from '../../preprocessing/table-transformer.js';

export const EXPORT_FLAGS: FlagSpecs = {
  onnx: { kind: 'string', value: 'model.onnx', help: 'write the whole pipeline (scaler, network, class names) as one ONNX model' },
  json: OUTPUT_FLAGS.json,
  force: OUTPUT_FLAGS.force,
};

export const EXPORT_HELP = `wasmlp export <model.json> --onnx <model.onnx>

Converts a model saved by 'wasmlp train' to ONNX, for onnxruntime in Python, C#, Java, C++ or the
browser. The ONNX model takes the raw feature rows as a float tensor 'input' [N, features] (a model
trained on a table with named columns: one input per column, float [N, 1] for numbers with NaN for
a missing cell, string [N, 1] for categories with '' for a missing cell) and outputs
'probabilities' [N, classes] (as 'wasmlp predict') and 'label' [N] (the class names).

  wasmlp export model.json --onnx model.onnx`;

export async function exportCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { positionals, flags } = parseArgs(argv, EXPORT_FLAGS, 'export');
  if (positionals.length !== 1) throw new UsageError(`needs one model file: wasmlp export model.json --onnx model.onnx; received ${positionals.length} argument(s).`, 'export');
  if (flags.onnx === undefined) throw new UsageError('needs a target format: --onnx model.onnx.', 'export');
  await checkOutputs(flags, ['onnx'], io.cwd, positionals);
  const saved = await loadSavedModel(positionals[0], io.cwd);
  const { exportOnnx } = await import('../../onnx/export.js');
  let bytes: Uint8Array;
  try {
    // A table model's inputs are its columns (named in the graph); a numeric one's feature names go to the metadata.
    const featureNames = !saved.table && saved.featureNames.length ? saved.featureNames : undefined;
    bytes = exportOnnx(saved.pipe, { classNames: saved.classNames, ...(featureNames ? { featureNames } : {}) });
  } finally {
    saved.pipe.dispose();
  }
  const path = await writeOutput(resolve(io.cwd, flags.onnx as string), bytes, 'ONNX model');
  const inputs = saved.table ? tableInputs(saved) : { input: { type: 'float', shape: ['N', saved.nFeatures] } };
  if (flags.json) {
    io.stdout.write(toJson({ command: 'export', onnx: path, bytes: bytes.length, inputs, outputs: { probabilities: ['N', saved.classNames.length], label: ['N'] } }) + '\n');
    return 0;
  }
  const described = saved.table
    ? `inputs    one per column, each [N, 1]: ${Object.entries(inputs).map(([n, i]) => `'${n}' ${i.type}`).join(', ')} (missing: NaN / '')`
    : `input     'input' float [N, ${saved.nFeatures}] raw rows`;
  io.stdout.write(`saved     ${path} (${bytes.length} bytes, ONNX opset 20 + ai.onnx.ml)\n${described}\noutputs   'probabilities' float [N, ${saved.classNames.length}], 'label' string [N] (${saved.classNames.join(', ')})\n`);
  return 0;
}

/** The columns a table model reads, in the file's order, with their ONNX element type. */
function tableInputs(saved: SavedModel): Record<string, { type: 'float' | 'string'; shape: [string, number] }> {
  const state = (saved.pipe.transformers[0].step as TableTransformer).toJSON().state!;
  const types = new Map<string, 'number' | 'string'>();
  for (const part of state.encoder.state!.parts) if (part.steps !== 'drop') for (const c of part.columns) types.set(c.name, c.type);
  const order = [...state.columns.map((p) => p.name).filter((n) => types.has(n)), ...[...types.keys()].filter((n) => !state.columns.some((p) => p.name === n))];
  return Object.fromEntries(order.map((n) => [n, { type: types.get(n) === 'number' ? 'float' : 'string', shape: ['N', 1] }]));
}
