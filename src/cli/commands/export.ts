import { resolve } from 'node:path';
import { parseArgs, UsageError, type FlagSpecs } from '../args.js';
import { OUTPUT_FLAGS, toJson, writeOutput, type CliIo } from '../common.js';
import { checkOutputs } from '../output-path.js';
import { loadSavedModel } from '../load-model.js';

export const EXPORT_FLAGS: FlagSpecs = {
  onnx: { kind: 'string', value: 'model.onnx', help: 'write the whole pipeline (scaler, network, class names) as one ONNX model' },
  json: OUTPUT_FLAGS.json,
  force: OUTPUT_FLAGS.force,
};

export const EXPORT_HELP = `wasmlp export <model.json> --onnx <model.onnx>

Converts a model saved by 'wasmlp train' to ONNX, for onnxruntime in Python, C#, Java, C++ or the
browser. The ONNX model takes the raw feature rows as a float tensor 'input' [N, features] and
outputs 'probabilities' [N, classes] (as 'wasmlp predict') and 'label' [N] (the class names).

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
    bytes = exportOnnx(saved.pipe, { classNames: saved.classNames, featureNames: saved.featureNames.length ? saved.featureNames : undefined });
  } finally {
    saved.pipe.dispose();
  }
  const path = await writeOutput(resolve(io.cwd, flags.onnx as string), bytes, 'ONNX model');
  if (flags.json) {
    io.stdout.write(toJson({ command: 'export', onnx: path, bytes: bytes.length, inputs: { input: ['N', saved.nFeatures] }, outputs: { probabilities: ['N', saved.classNames.length], label: ['N'] } }) + '\n');
    return 0;
  }
  io.stdout.write(`saved     ${path} (${bytes.length} bytes, ONNX opset 20 + ai.onnx.ml)\ninput     'input' float [N, ${saved.nFeatures}] raw rows\noutputs   'probabilities' float [N, ${saved.classNames.length}], 'label' string [N] (${saved.classNames.join(', ')})\n`);
  return 0;
}
