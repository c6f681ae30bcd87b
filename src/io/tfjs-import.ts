// TensorFlow.js layers-format import: planTfjs checks a model.json into a plan (nothing allocated),
// buildFromPlan makes the Sequential. The concepts live in src/io/tfjs-import/: topology,
// activation folding, manifest planning, weight decoding and compile mapping.
import { WasmlpError, describe } from '../errors.js';
import { Dense, type DenseOptions } from '../layers/dense.js';
import { Dropout, type Layer } from '../layers/dropout.js';
import { BatchNormalization } from '../layers/batch-normalization.js';
import { Sequential } from '../model/sequential.js';
import { ensureRuntime } from '../runtime/wasm.js';
import { warn } from '../warnings.js';
import { TFJS_FORMAT } from './tfjs-export.js';
import { describeLayer } from './tfjs-import/activations.js';
import { planMetadata } from './tfjs-import/compile-mapping.js';
import { type Fields, MAX_LAYERS, MAX_WEIGHTS, type TfjsWeightData, bad, fields, isPositiveInt, unsupported } from './tfjs-import/fields.js';
import { assignWeights, findWeight, planManifest } from './tfjs-import/manifest.js';
import type { DenseSpec, TfjsPlan } from './tfjs-import/plan-types.js';
import { planLayers } from './tfjs-import/topology.js';
import { decode, weightBytes } from './tfjs-import/weights.js';

export type { TfjsWeightData } from './tfjs-import/fields.js';
export type { TfjsPlan } from './tfjs-import/plan-types.js';

function parseDocument(json: unknown): Fields {
  let doc = json;
  if (typeof doc === 'string') {
    try {
      doc = JSON.parse(doc.charCodeAt(0) === 0xfeff ? doc.slice(1) : doc);
    } catch (e) {
      throw bad(`the model.json text is not JSON (${(e as Error).message}).`);
    }
  } else if (doc instanceof ArrayBuffer || ArrayBuffer.isView(doc)) {
    try {
      doc = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(doc as ArrayBuffer));
    } catch (e) {
      throw bad(`the model.json bytes are not UTF-8 JSON (${(e as Error).message}).`);
    }
  }
  const f = fields(doc);
  if (!f) throw bad(`expected the content of model.json (an object with modelTopology and weightsManifest), received ${describe(doc)}.`);
  return f;
}

/**
 * Reads and checks model.json (or tf.io.ModelArtifacts) without touching weight bytes:
 * the topology, the manifest, and that the two agree. Throws a WasmlpError naming the problem.
 */
export function planTfjs(json: unknown): TfjsPlan {
  const doc = parseDocument(json);
  const format = doc.get('format');
  if (format !== undefined && format !== null && format !== TFJS_FORMAT) {
    if (format === 'graph-model') {
      throw unsupported("This is a TensorFlow.js graph model (format 'graph-model', converted from a SavedModel or frozen graph); wasmlp reads layers models. Convert the Keras model with tensorflowjs_converter --input_format keras (or save it from TensorFlow.js with model.save()).", { option: 'format' });
    }
    throw bad(`'format' is ${describe(format)}; expected "${TFJS_FORMAT}".`, { option: 'format' });
  }
  let topology = fields(doc.get('modeltopology'));
  if (!topology) {
    if (doc.has('classname') && doc.has('config')) {
      throw bad("received a bare Keras topology; give the whole model.json (with 'modelTopology' and 'weightsManifest') or the tf.io.ModelArtifacts object.", { option: 'modelTopology' });
    }
    throw bad(`'modelTopology' is ${describe(doc.get('modeltopology'))}; expected the Keras model configuration object.`, { option: 'modelTopology' });
  }
  const trainingConfig = doc.get('trainingconfig') ?? topology.get('trainingconfig');
  // tensorflowjs_converter wraps Keras' config: { keras_version, backend, model_config, training_config }.
  if (topology.has('modelconfig')) {
    topology = fields(topology.get('modelconfig'));
    if (!topology) throw bad("'modelTopology.model_config' is not an object.", { option: 'modelTopology' });
  }
  const className = topology.get('classname');
  if (className !== 'Sequential') {
    if (className === 'Model' || className === 'Functional') {
      throw unsupported(`This model is a functional Keras model (class_name "${className}"); wasmlp reads Sequential models. Rebuild it with tf.sequential() / keras.Sequential.`, { option: 'modelTopology.class_name' });
    }
    throw bad(`'modelTopology.class_name' is ${describe(className)}; expected "Sequential".`, { option: 'modelTopology.class_name' });
  }
  const config = topology.get('config');
  const layerList = Array.isArray(config) ? config : fields(config)?.get('layers');
  if (!Array.isArray(layerList) || layerList.length === 0 || layerList.length > MAX_LAYERS) {
    throw bad(`'modelTopology.config.layers' must be a non-empty array of at most ${MAX_LAYERS} layers, received ${describe(layerList)}.`, { option: 'modelTopology.config.layers' });
  }
  const topName = fields(config)?.get('name');

  const { layers, declaredInput } = planLayers(layerList);
  const { entries, groups, totalBytes } = planManifest(doc);
  const dense = layers.filter((l): l is DenseSpec => l.kind === 'dense');
  if (dense.length === 0) throw unsupported('The model has no Dense layer; wasmlp models need at least one.', { option: 'modelTopology.config.layers' });

  // Input width: declared by the model, else read from the first kernel's shape.
  let inputDim = declaredInput;
  if (inputDim === undefined) {
    // By name, else the first listed weight (the order fallback of assignWeights).
    const first = findWeight(entries, dense[0], 'kernel', null) ?? entries[0];
    if (!first || first.shape.length !== 2 || !isPositiveInt(first.shape[0])) {
      throw bad('the input width is unknown: the first layer has no batch_input_shape and no kernel in the manifest gives it.', { layer: dense[0].index, option: 'batch_input_shape' });
    }
    inputDim = first.shape[0];
  }
  let width = inputDim, params = 0;
  for (const d of layers) {
    if (d.kind === 'dense') {
      d.inputs = width;
      params += width * d.units + (d.options.useBias ? d.units : 0);
      width = d.units;
    } else if (d.kind === 'batchNorm') {
      d.width = width;
      params += 4 * width;
    }
    if (params > MAX_WEIGHTS) throw bad(`the layers need more than ${MAX_WEIGHTS} weights, beyond what wasmlp supports.`, { layer: d.index });
  }

  const assignment = assignWeights(entries, layers);
  const { seed, compile, name } = planMetadata(doc, trainingConfig);
  return {
    layers, entries, assignment, inputDim, totalBytes, groups,
    name: name ?? (typeof topName === 'string' ? topName : undefined), seed, compile,
  };
}

/** Builds the model a plan describes, with its weights. */
export function buildFromPlan(plan: TfjsPlan, data: TfjsWeightData | undefined): Sequential {
  const bytes = weightBytes(data, plan);
  // As { values } objects: setWeights reads `.values`, which a bare Float32Array has as a method.
  const values = plan.assignment.map((e) => ({ values: decode(bytes, e) }));
  let first = true;
  const layers: Layer[] = plan.layers.map((l) => {
    try {
      if (l.kind === 'dropout') {
        first = false;
        return new Dropout(l.name === undefined ? { rate: l.rate } : { rate: l.rate, name: l.name });
      }
      if (l.kind === 'batchNorm') {
        first = false;
        const { momentum, epsilon, center, scale, name } = l;
        return new BatchNormalization(name === undefined ? { momentum, epsilon, center, scale } : { momentum, epsilon, center, scale, name });
      }
      const options: DenseOptions = { ...l.options };
      if (first) options.inputDim = plan.inputDim;
      first = false;
      return new Dense(options);
    } catch (e) {
      if (e instanceof WasmlpError) throw bad(`${describeLayer(l.index, l.kind === 'dense' ? 'Dense' : l.kind === 'dropout' ? 'Dropout' : 'BatchNormalization', l.kind === 'dense' ? l.options.name : l.name)}: ${e.message}`, { layer: l.index });
      throw e;
    }
  });
  const model = new Sequential(layers, { seed: plan.seed, name: plan.name });
  try {
    model.build(plan.inputDim);
    model.setWeights(values);
  } catch (e) {
    model.dispose();
    throw e;
  }
  if (plan.compile) {
    try {
      model.compile(plan.compile.config);
    } catch (e) {
      if (!(e instanceof WasmlpError)) throw e;
      if (plan.compile.fromWasmlp) {
        model.dispose();
        throw bad(`the compile settings in userDefinedMetadata.wasmlp are invalid: ${e.message}`, { option: 'userDefinedMetadata.wasmlp.compile' });
      }
      warn('TFJS_TRAINING_CONFIG_DROPPED', `The model's TensorFlow.js training config could not be mapped to wasmlp (${e.message}); the model is loaded uncompiled. Call model.compile() before fit().`);
    }
  }
  return model;
}

/**
 * Loads a TensorFlow.js layers model: `json` is model.json's content (object, text or bytes) or a
 * tf.io.ModelArtifacts object; `weightData` the weights file's bytes (several shards may be given
 * as an array, in manifest order). With ModelArtifacts the weight data may come inside `json`.
 * Everything is checked before memory is reserved; nothing in the files is evaluated as code.
 */
export async function loadTfjs(json: unknown, weightData?: TfjsWeightData): Promise<Sequential> {
  const plan = planTfjs(json);
  let data = weightData;
  if (data === undefined && typeof json === 'object' && json !== null && Object.hasOwn(json, 'weightData')) {
    data = (json as { weightData?: TfjsWeightData }).weightData;
  }
  // Check the byte count before waiting for the core, so a bad file fails fast.
  const bytes = weightBytes(data, plan);
  await ensureRuntime();
  return buildFromPlan(plan, bytes);
}

