import { WasmlpError, describe, type ErrorCode } from '../errors.js';
import { Sequential } from '../model/sequential.js';
import { KerasClassifier } from '../model-selection/classifier.js';
import { TabularClassifier } from '../recipe/tabular-classifier.js';
import type { Transformer } from '../preprocessing/transformer.js';
import { Pipeline } from '../model-selection/pipeline.js';
import { attr, GraphBuilder, ML_DOMAIN } from './graph.js';
import { addNetwork, checkLayers } from './network.js';
import { addTransformer, unsupportedStep, type Flow } from './preprocessing.js';
import { addTableHead } from './table.js';
import { DataType } from './schema.js';

/** What {@link exportOnnx} converts: a bare network, a classifier, or a pipeline of transformers and a classifier. */
export type OnnxExportable = Sequential | KerasClassifier<any> | TabularClassifier | Pipeline;

/** Options of {@link exportOnnx}: class names, feature names, decision threshold and graph name. */
export interface OnnxExportOptions {
  /** Names of the classes, in predictProba's column order; the `label` output then holds these strings. Default: the pipeline's metadata.classNames, else the class values as int64. */
  classNames?: readonly string[];
  /** Input column names, kept in the model's metadata. Default: the pipeline's metadata.featureNames. */
  featureNames?: readonly string[];
  /** Decision threshold on the positive class (two classes). Default: the pipeline's metadata.decisionThreshold, else argmax. */
  threshold?: number;
  /** Graph name; default the model's name. */
  name?: string;
}

/** Names of the graph's inputs and outputs, the same for every exported model. */
export const ONNX_NAMES = { input: 'input', probabilities: 'probabilities', label: 'label', output: 'output' } as const;

const PRODUCER_VERSION = '0.1.0';
const OPTION_KEYS = ['classNames', 'featureNames', 'threshold', 'name'];

function fail(code: ErrorCode, message: string, option: string): WasmlpError {
  return new WasmlpError(code, `exportOnnx: ${message}`, { option });
}

/**
 * Converts a fitted model to an ONNX model file (protobuf bytes, opset 20 plus ai.onnx.ml 3), to run in
 * onnxruntime (Python, C#, Java, C++, the browser) or any ONNX runtime.
 *
 * - A `Pipeline` or `KerasClassifier` becomes one graph: a float input `input` [N, features]
 *   taking the raw rows, the pipeline's scalers and encoders (ai.onnx.ml Scaler, OneHotEncoder),
 *   the network (Gemm + activation per Dense layer), an output `probabilities` [N, classes] equal
 *   to predictProba, and `label` (shape [N]), the predicted class (class names as strings when known,
 *   else the class values as int64).
 * - A pipeline that starts with a fitted `TableTransformer` or `ColumnTransformer` (a table with
 *   named, mixed-type columns) instead takes one input per column it reads, named after it: float [N, 1]
 *   for numbers (NaN = missing), string [N, 1] for categories ('' = missing); imputation, missing
 *   indicators, one-hot (unseen categories all zeros) or ordinal codes and scaling are in the graph.
 * - A bare `Sequential` becomes `input` -> `output` [N, units], equal to model.predict.
 *
 * Dropout vanishes (inference); BatchNormalization becomes an inference-mode BatchNormalization
 * node on its moving statistics; a layer or step with no ONNX counterpart is a WasmlpError
 * (ONNX_UNSUPPORTED_LAYER naming the layer, ONNX_UNSUPPORTED_STEP naming the step, or the column
 * for a table's text column).
 *
 * @example
 * import { exportOnnx } from 'wasmlp/onnx';
 * import { writeFile } from 'node:fs/promises';
 * await pipeline.fit(x, y);
 * await writeFile('model.onnx', exportOnnx(pipeline));
 * // Python: onnxruntime.InferenceSession('model.onnx').run(None, {'input': rows.astype('float32')})
 * // A table pipeline: one feed per column, e.g. { age: float32 [N, 1], sex: string [N, 1] }
 */
export function exportOnnx(target: OnnxExportable, options: OnnxExportOptions = {}): Uint8Array {
  if (typeof options !== 'object' || options === null) throw fail('BAD_OPTION', `options must be an object; received ${describe(options)}.`, 'options');
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.includes(key)) throw fail('BAD_OPTION', `unknown option '${key}'. Options: ${OPTION_KEYS.join(', ')}.`, key);
  }
  if (target instanceof Sequential) return exportNetwork(target, options);
  let steps: { name: string; step: Pick<Transformer, 'toJSON'> }[] = [];
  let clf: unknown = target;
  let meta: Record<string, unknown> = {};
  if (target instanceof Pipeline) {
    steps = [...target.transformers];
    clf = target.final.step;
    meta = target.metadata ?? {};
    if (!(clf instanceof KerasClassifier) && !(clf instanceof TabularClassifier)) throw unsupportedStep(target.final.name, describeClass(clf), 'is not a KerasClassifier or a TabularClassifier; exportOnnx converts pipelines that end in one');
  } else if (!(clf instanceof KerasClassifier) && !(clf instanceof TabularClassifier)) {
    throw fail('BAD_OPTION', `takes a Sequential, a KerasClassifier, a TabularClassifier or a Pipeline; received ${describeClass(target)}.`, 'model');
  }
  // The networks whose outputs are averaged (one for a KerasClassifier, the ensemble of a TabularClassifier).
  let members: Sequential[];
  let classes: number[] | null;
  if (clf instanceof TabularClassifier) {
    members = clf.members;
    classes = clf.classes;
    const saved = clf.toJSON() as { scaler: unknown };
    if (clf.isFitted && saved.scaler) steps.push({ name: 'recipe_scaler', step: { toJSON: () => saved.scaler as ReturnType<Transformer['toJSON']> } });
  } else {
    const k = clf as KerasClassifier<any>;
    members = k.model ? [k.model] : [];
    classes = k.classes;
  }
  if (members.length === 0 || !classes) throw fail('NOT_FITTED', 'the classifier is not fitted yet. Call fit(x, y) before exporting.', 'model');
  if (members.some((m) => m.isDisposed)) throw fail('DISPOSED', 'the model was disposed; export it before calling dispose().', 'model');
  members.forEach(checkLayers);
  const model = members[0];
  const classNames = options.classNames ?? (meta.classNames as string[] | undefined);
  if (classNames !== undefined && (!Array.isArray(classNames) || classNames.length !== classes.length || !classNames.every((n) => typeof n === 'string'))) {
    throw fail('BAD_OPTION', `classNames must be ${classes.length} strings, one per class; received ${describe(classNames)}.`, 'classNames');
  }
  const threshold = options.threshold ?? (meta.decisionThreshold as number | undefined);
  if (threshold !== undefined && (typeof threshold !== 'number' || !(threshold >= 0 && threshold <= 1) || classes.length !== 2)) {
    throw fail('BAD_OPTION', `threshold must be a number in [0, 1] on a two-class model; received ${describe(threshold)} for ${classes.length} classes.`, 'threshold');
  }
  const g = new GraphBuilder();
  let x: Flow;
  let inputDoc: string;
  let featureNames = options.featureNames ?? (meta.featureNames as string[] | undefined);
  const head = steps[0]?.step.toJSON();
  const tableHead = head?.className === 'TableTransformer' || head?.className === 'ColumnTransformer';
  if (tableHead) {
    // A table: one input per column, named after it, instead of one float matrix.
    if (!head.state) throw fail('NOT_FITTED', `pipeline step '${steps[0].name}' is not fitted. Fit the pipeline before exporting it.`, `steps.${steps[0].name}`);
    const table = addTableHead(g, head, steps[0].name, [ONNX_NAMES.probabilities, ONNX_NAMES.label]);
    x = table.flow;
    featureNames = options.featureNames ?? table.inputs.map((i) => i.name);
    inputDoc = `one input per column (${table.inputs.map((i) => `${i.name} ${i.type === DataType.STRING ? 'string' : 'float'}`).join(', ')}), each [N, 1]`;
    steps = steps.slice(1);
  } else {
    const inputDim = steps.length ? stepWidth(steps[0].name, steps[0].step) : model.inputDim;
    if (inputDim === undefined) throw fail('NO_INPUT_DIM', 'the input width is unknown; fit the model first.', 'model');
    x = { name: g.input({ name: ONNX_NAMES.input, type: DataType.FLOAT, shape: ['N', inputDim], doc: 'raw feature rows' }), width: inputDim };
    inputDoc = `input [N, ${inputDim}] float rows`;
  }
  for (const { name, step } of steps) x = addTransformer(g, step as Transformer, x, name);
  let z = addNetwork(g, model, x.name);
  if (members.length > 1) {
    // Ensemble: the members' outputs averaged, as TabularClassifier.predictProba does.
    const outs = [z, ...members.slice(1).map((m, i) => { g.scope(`member${i + 1}/`); const o = addNetwork(g, m, x.name); g.scope(''); return o; })];
    const [sum] = g.node('Sum', outs, {}, { outputs: ['ensemble_sum'] });
    [z] = g.node('Div', [sum, g.floats('ensemble_size', [], [members.length])], {}, { outputs: ['ensemble_mean'] });
  }

  // predictProba: one sigmoid unit p becomes [1 - p, p] (clipped to [0, 1] as KerasClassifier does).
  let proba: string;
  if (model.outputUnits === 1) {
    const [p] = g.node('Clip', [z, g.floats('zero', [], [0]), g.floats('one', [], [1])], {}, { outputs: ['p'] });
    const [q] = g.node('Sub', [g.floats('one', [], [1]), p], {}, { outputs: ['one_minus_p'] });
    [proba] = g.node('Concat', [q, p], { axis: attr.int(1) }, { outputs: [{ name: ONNX_NAMES.probabilities }] });
  } else {
    [proba] = g.node('Identity', [z], {}, { outputs: [{ name: ONNX_NAMES.probabilities }] });
  }
  const nClasses = classes.length;
  g.output({ name: ONNX_NAMES.probabilities, type: DataType.FLOAT, shape: ['N', nClasses], doc: 'class probabilities, as predictProba' });

  let index: string;
  if (threshold !== undefined) {
    // p > t in float32, exactly as wasmlp compares a float32 p with a float64 t.
    const t32 = Math.fround(threshold);
    const starts = g.int64s('positive/start', [1], [1]), ends = g.int64s('positive/end', [1], [2]), axes = g.int64s('positive/axis', [1], [1]);
    const [positive] = g.node('Slice', [proba, starts, ends, axes], {}, { outputs: ['positive'] });
    const [squeezed] = g.node('Reshape', [positive, g.int64s('rows', [1], [-1])], {}, { outputs: ['positive_p'] });
    const [decided] = g.node(t32 > threshold ? 'GreaterOrEqual' : 'Greater', [squeezed, g.floats('threshold', [], [t32])], {}, { outputs: ['decided'] });
    [index] = g.node('Cast', [decided], { to: attr.int(DataType.INT64) }, { outputs: ['class_index'] });
  } else {
    [index] = g.node('ArgMax', [proba], { axis: attr.int(1), keepdims: attr.int(0) }, { outputs: ['class_index'] });
  }
  const ids = classes.map((_, i) => i);
  if (classNames) {
    g.node('LabelEncoder', [index], { keys_int64s: attr.ints(ids), values_strings: attr.strings(classNames), default_string: attr.string('') }, { domain: ML_DOMAIN, outputs: [{ name: ONNX_NAMES.label }] });
    g.output({ name: ONNX_NAMES.label, type: DataType.STRING, shape: ['N'], doc: 'predicted class name' });
  } else {
    g.node('LabelEncoder', [index], { keys_int64s: attr.ints(ids), values_int64s: attr.ints(classes), default_int64: attr.int(-1) }, { domain: ML_DOMAIN, outputs: [{ name: ONNX_NAMES.label }] });
    g.output({ name: ONNX_NAMES.label, type: DataType.INT64, shape: ['N'], doc: 'predicted class value' });
  }

  const metadata: Record<string, string> = { classes: JSON.stringify(classes) };
  if (classNames) metadata.classNames = JSON.stringify(classNames);
  if (featureNames) metadata.featureNames = JSON.stringify(featureNames);
  if (threshold !== undefined) metadata.decisionThreshold = String(threshold);
  return g.encode({
    graphName: options.name ?? model.name,
    producerVersion: PRODUCER_VERSION,
    doc: `wasmlp ${target instanceof Pipeline ? 'pipeline' : 'classifier'}: ${[...(tableHead ? ['table'] : []), ...steps.map((s) => s.name), members.length > 1 ? `${members.length} networks averaged` : 'network'].join(' -> ')}; ${inputDoc}, outputs probabilities [N, ${nClasses}] and label [N].`,
    metadata,
  });
}

function exportNetwork(model: Sequential, options: OnnxExportOptions): Uint8Array {
  if (model.isDisposed) throw fail('DISPOSED', 'the model was disposed; export it before calling dispose().', 'model');
  checkLayers(model);
  const inputDim = model.inputDim;
  if (inputDim === undefined) throw fail('NO_INPUT_DIM', 'the input width is unknown. Train the model first, or give the first layer inputDim.', 'model');
  const g = new GraphBuilder();
  const input = g.input({ name: ONNX_NAMES.input, type: DataType.FLOAT, shape: ['N', inputDim] });
  const z = addNetwork(g, model, input);
  g.node('Identity', [z], {}, { outputs: [{ name: ONNX_NAMES.output }] });
  g.output({ name: ONNX_NAMES.output, type: DataType.FLOAT, shape: ['N', model.outputUnits], doc: 'network outputs, as model.predict' });
  const metadata: Record<string, string> = {};
  if (options.featureNames) metadata.featureNames = JSON.stringify(options.featureNames);
  return g.encode({ graphName: options.name ?? model.name, producerVersion: PRODUCER_VERSION, doc: `wasmlp Sequential: input [N, ${inputDim}], output [N, ${model.outputUnits}].`, metadata });
}

/** Input width a fitted transformer expects (its fitted nFeatures). */
function stepWidth(name: string, step: unknown): number | undefined {
  const state = (step as { toJSON(): { state: { nFeatures?: number } | null } }).toJSON().state;
  if (!state) throw fail('NOT_FITTED', `pipeline step '${name}' is not fitted. Fit the pipeline before exporting it.`, `steps.${name}`);
  return state.nFeatures;
}

function describeClass(v: unknown): string {
  return (v as { className?: string })?.className ?? (v as object)?.constructor?.name ?? describe(v);
}
