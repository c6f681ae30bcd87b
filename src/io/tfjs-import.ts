import { WasmlpError, describe } from '../errors.js';
import { Dense, type DenseOptions } from '../layers/dense.js';
import { Dropout, type Layer } from '../layers/dropout.js';
import type { ActivationName } from '../activations.js';
import type { CompileConfig } from '../model/compile.js';
import { Sequential } from '../model/sequential.js';
import { nameKey } from '../names.js';
import { ensureRuntime } from '../runtime/wasm.js';
import { warn } from '../warnings.js';
import { TFJS_FORMAT, TFJS_METADATA_VERSION } from './tfjs-export.js';

/** Weight bytes as TF.js hands them over: one buffer, a view, or a list of buffers (shards). */
export type TfjsWeightData = ArrayBuffer | ArrayBufferView | readonly (ArrayBuffer | ArrayBufferView)[];

/** Largest model accepted: the same limits as wasmlp's own model files. */
const MAX_WEIGHTS = 256 * 1024 * 1024;
const MAX_LAYERS = 10000;
const MAX_WIDTH = 1 << 24;
const MAX_MANIFEST_ENTRIES = 100000;

const SUPPORTED_LAYERS = 'InputLayer, Dense, Dropout, Activation, ReLU, LeakyReLU, ELU, Softmax';
const SUPPORTED_ACTIVATIONS = 'linear, relu, elu, selu, gelu, tanh, sigmoid, softmax, leaky_relu';

type Fields = Map<string, unknown>;

/** Own keys only, matched as Keras (snake_case) or TF.js (camelCase) spell them. Never reads the prototype. */
function fields(value: unknown): Fields | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return null;
  const out: Fields = new Map();
  for (const key of Object.keys(value)) out.set(nameKey(key), (value as Record<string, unknown>)[key]);
  return out;
}

function bad(message: string, where: { layer?: number; option?: string } = {}): WasmlpError {
  return new WasmlpError('BAD_TFJS_MODEL', `Not a usable TensorFlow.js layers model: ${message}`, where);
}

function unsupported(message: string, where: { layer?: number; option?: string } = {}): WasmlpError {
  return new WasmlpError('TFJS_UNSUPPORTED', message, where);
}

function weightsError(message: string, option = 'weightData'): WasmlpError {
  return new WasmlpError('TFJS_WEIGHTS', message, { option });
}

/** table[key] for the table's own keys only ('constructor' or '__proto__' from a file find nothing). */
function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

function isPositiveInt(v: unknown, max = MAX_WIDTH): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= max;
}

// ---------------------------------------------------------------------------------------------
// Activations

interface Act {
  activation: ActivationName;
  alpha?: number;
}

const ACTIVATIONS: Readonly<Record<string, Act>> = {
  linear: { activation: 'linear' }, relu: { activation: 'relu' }, elu: { activation: 'elu', alpha: 1 },
  selu: { activation: 'selu' }, gelu: { activation: 'gelu' }, tanh: { activation: 'tanh' },
  sigmoid: { activation: 'sigmoid' }, softmax: { activation: 'softmax' },
  // Keras 3's activation string; its negative_slope defaults to 0.2.
  leakyrelu: { activation: 'leakyRelu', alpha: 0.2 },
};

function describeLayer(index: number, className: string, name: unknown): string {
  const cut = (t: string) => (t.length > 80 ? `${t.slice(0, 80)}…` : t);
  return `layer ${index} (${cut(className)}${typeof name === 'string' ? ` "${cut(name)}"` : ''})`;
}

function activationOf(value: unknown, where: string, layer: number): Act {
  if (value === null || value === undefined) return ACTIVATIONS.linear;
  if (typeof value !== 'string') {
    throw unsupported(`${where} has activation ${describe(value)}; wasmlp reads activations given by name (${SUPPORTED_ACTIVATIONS}).`, { layer, option: 'activation' });
  }
  const act = own(ACTIVATIONS, nameKey(value));
  if (!act) {
    throw unsupported(`${where} uses activation "${value}", which wasmlp does not implement. Supported activations: ${SUPPORTED_ACTIVATIONS}. Retrain the model in TensorFlow.js with one of them.`, { layer, option: 'activation' });
  }
  return act;
}

function finiteOr(value: unknown, fallback: number, where: string, option: string, layer: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw bad(`${where} has ${option} ${describe(value)}; expected a finite number.`, { layer, option });
  return value;
}

// ---------------------------------------------------------------------------------------------
// The plan: everything checked and resolved, nothing allocated.

interface DenseSpec {
  kind: 'dense';
  index: number;
  options: DenseOptions & { activation: ActivationName };
  units: number;
  inputs: number;
  /** Dropout layers seen since this Dense (an activation layer after them is moved before them). */
  dropoutsAfter: number;
}

interface DropoutSpec {
  kind: 'dropout';
  index: number;
  rate: number;
  name: string | undefined;
}

interface ManifestEntry {
  name: string;
  shape: number[];
  count: number;
  /** Byte offset in the concatenated weight data, and bytes taken. */
  offset: number;
  bytes: number;
  dtype: string;
  quantization: { dtype: 'uint8' | 'uint16' | 'float16'; scale: number; min: number } | null;
  group: number;
}

/** A parsed and validated TF.js model: layers, weight locations and expected byte counts. */
export interface TfjsPlan {
  /** @internal */ layers: (DenseSpec | DropoutSpec)[];
  /** @internal */ entries: ManifestEntry[];
  /** @internal */ assignment: ManifestEntry[];
  inputDim: number;
  /** Bytes the weight data must have in total, and per manifest group (file groups on disk). */
  totalBytes: number;
  groups: { paths: string[]; bytes: number }[];
  name: string | undefined;
  seed: number;
  /** @internal */ compile: { config: CompileConfig; fromWasmlp: boolean } | null;
}

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
  for (const d of dense) {
    d.inputs = width;
    params += width * d.units + (d.options.useBias ? d.units : 0);
    if (params > MAX_WEIGHTS) throw bad(`the layers need more than ${MAX_WEIGHTS} weights, beyond what wasmlp supports.`, { layer: d.index });
    width = d.units;
  }

  const assignment = assignWeights(entries, dense);
  const { seed, compile, name } = planMetadata(doc, trainingConfig);
  return {
    layers, entries, assignment, inputDim, totalBytes, groups,
    name: name ?? (typeof topName === 'string' ? topName : undefined), seed, compile,
  };
}

function planLayers(list: unknown[]): { layers: (DenseSpec | DropoutSpec)[]; declaredInput: number | undefined } {
  const layers: (DenseSpec | DropoutSpec)[] = [];
  let declaredInput: number | undefined;
  const seenNames = new Set<string>();
  list.forEach((entry, i) => {
    const e = fields(entry);
    const cls = e?.get('classname');
    const cfg = fields(e?.get('config') ?? {});
    if (!e || typeof cls !== 'string' || !cfg) throw bad(`layer ${i} must be { class_name, config }, received ${describe(entry)}.`, { layer: i });
    const name = cfg.get('name');
    const where = describeLayer(i, cls, name);
    if (name !== undefined && name !== null) {
      if (typeof name !== 'string' || name.length === 0 || name.length > 256) throw bad(`${where}: 'name' must be a non-empty string.`, { layer: i, option: 'name' });
      if (seenNames.has(name)) throw bad(`${where}: the name "${name}" is used by an earlier layer; layer names must be unique.`, { layer: i, option: 'name' });
      seenNames.add(name);
    }
    if (cfg.get('trainable') === false) warn('TFJS_FROZEN_LAYER', `${where} is frozen (trainable: false) in TensorFlow.js; wasmlp trains every layer, so fit() will update it.`);
    // Input shape on the first layer, in any of the spellings Keras 2, Keras 3 and TF.js use.
    const shape = readInputShape(cfg, where, i);
    if (shape !== undefined) {
      if (layers.length > 0) {
        throw bad(`${where} declares an input shape, but only the first layer may.`, { layer: i, option: 'batch_input_shape' });
      }
      if (declaredInput !== undefined && declaredInput !== shape) {
        throw bad(`${where} declares ${shape} input features, but the InputLayer before it declares ${declaredInput}.`, { layer: i, option: 'batch_input_shape' });
      }
      declaredInput = shape;
    }
    switch (nameKey(cls)) {
      case 'inputlayer':
        if (i !== 0) throw bad(`${where}: an InputLayer must come first.`, { layer: i });
        if (shape === undefined) throw bad(`${where} has no batch_input_shape (or batch_shape / input_shape).`, { layer: i, option: 'batch_input_shape' });
        return;
      case 'dense':
        layers.push(planDense(cfg, where, i));
        return;
      case 'dropout': {
        const rate = cfg.get('rate');
        if (typeof rate !== 'number' || !(rate >= 0 && rate < 1)) throw bad(`${where} has rate ${describe(rate)}; expected a number in [0, 1).`, { layer: i, option: 'rate' });
        const noise = cfg.get('noiseshape');
        if (noise !== undefined && noise !== null) {
          throw unsupported(`${where} has a noise_shape; wasmlp's Dropout drops single values. Remove noise_shape in TensorFlow.js (it does not change predictions) and save again.`, { layer: i, option: 'noise_shape' });
        }
        for (const l of layers) if (l.kind === 'dense') l.dropoutsAfter++;
        layers.push({ kind: 'dropout', index: i, rate, name: typeof name === 'string' ? name : undefined });
        return;
      }
      case 'activation':
        foldActivation(layers, activationOf(cfg.get('activation'), where, i), where, i);
        return;
      case 'relu': {
        const max = cfg.get('maxvalue'), threshold = cfg.get('threshold');
        const slope = finiteOr(cfg.get('negativeslope'), 0, where, 'negative_slope', i);
        if ((max !== undefined && max !== null) || (threshold !== undefined && threshold !== null && threshold !== 0)) {
          throw unsupported(`${where} clips (max_value ${describe(max)}, threshold ${describe(threshold)}); wasmlp implements plain ReLU only.`, { layer: i });
        }
        foldActivation(layers, slope === 0 ? ACTIVATIONS.relu : { activation: 'leakyRelu', alpha: slope }, where, i);
        return;
      }
      case 'leakyrelu': {
        const alpha = finiteOr(cfg.get('alpha') ?? cfg.get('negativeslope'), 0.3, where, 'alpha', i);
        foldActivation(layers, { activation: 'leakyRelu', alpha }, where, i);
        return;
      }
      case 'elu':
        foldActivation(layers, { activation: 'elu', alpha: finiteOr(cfg.get('alpha'), 1, where, 'alpha', i) }, where, i);
        return;
      case 'softmax': {
        const axis = cfg.get('axis');
        const ok = axis === undefined || axis === null || axis === -1 || axis === 1 || (Array.isArray(axis) && axis.length === 1 && (axis[0] === -1 || axis[0] === 1));
        if (!ok) throw unsupported(`${where} takes softmax over axis ${describe(axis)}; wasmlp's rows are flat, so only the last axis exists.`, { layer: i, option: 'axis' });
        foldActivation(layers, ACTIVATIONS.softmax, where, i);
        return;
      }
      default:
        throw new WasmlpError('TFJS_UNSUPPORTED_LAYER',
          `${where}: wasmlp cannot load ${cls.length > 80 ? `${cls.slice(0, 80)}…` : cls} layers. It reads Sequential models made of ${SUPPORTED_LAYERS} layers on flat feature rows.`,
          { layer: i, option: 'class_name' });
    }
  });
  return { layers, declaredInput };
}

function readInputShape(cfg: Fields, where: string, layer: number): number | undefined {
  const batchShape = cfg.get('batchinputshape') ?? cfg.get('batchshape');
  const inputShape = cfg.get('inputshape');
  const inputDim = cfg.get('inputdim');
  let features: unknown;
  if (batchShape !== undefined && batchShape !== null) {
    if (!Array.isArray(batchShape)) throw bad(`${where} has batch_input_shape ${describe(batchShape)}; expected [null, features].`, { layer, option: 'batch_input_shape' });
    if (batchShape.length !== 2) {
      throw unsupported(`${where} takes inputs of shape ${JSON.stringify(batchShape)}; wasmlp's dense layers take flat rows of shape [null, features].`, { layer, option: 'batch_input_shape' });
    }
    const b = batchShape[0];
    if (!(b === null || b === -1 || isPositiveInt(b))) throw bad(`${where} has batch size ${describe(b)} in batch_input_shape.`, { layer, option: 'batch_input_shape' });
    features = batchShape[1];
  } else if (inputShape !== undefined && inputShape !== null) {
    if (!Array.isArray(inputShape)) throw bad(`${where} has input_shape ${describe(inputShape)}; expected [features].`, { layer, option: 'input_shape' });
    if (inputShape.length !== 1) {
      throw unsupported(`${where} takes inputs of shape ${JSON.stringify(inputShape)}; wasmlp's dense layers take flat rows [features].`, { layer, option: 'input_shape' });
    }
    features = inputShape[0];
  } else if (inputDim !== undefined && inputDim !== null) {
    features = inputDim;
  } else {
    return undefined;
  }
  if (!isPositiveInt(features)) throw bad(`${where} declares ${describe(features)} input features; expected a positive integer up to ${MAX_WIDTH}.`, { layer, option: 'batch_input_shape' });
  return features;
}

function regularizerOf(value: unknown, where: string, layer: number): { l1: number; l2: number } | undefined {
  if (value === undefined || value === null) return undefined;
  const f = fields(value);
  const cls = f?.get('classname');
  const cfg = fields(f?.get('config') ?? {});
  if (f && typeof cls === 'string' && ['l1l2', 'l1', 'l2'].includes(nameKey(cls)) && cfg) {
    const l1 = cfg.get('l1') ?? 0, l2 = cfg.get('l2') ?? 0;
    if (typeof l1 === 'number' && typeof l2 === 'number' && Number.isFinite(l1) && Number.isFinite(l2) && l1 >= 0 && l2 >= 0) return { l1, l2 };
  }
  warn('TFJS_REGULARIZER_DROPPED', `${where} has kernel_regularizer ${JSON.stringify(value).slice(0, 120)}, which wasmlp does not implement; it is dropped (it only affects further training).`);
  return undefined;
}

function planDense(cfg: Fields, where: string, i: number): DenseSpec {
  const units = cfg.get('units');
  if (!isPositiveInt(units)) throw bad(`${where} has units ${describe(units)}; expected a positive integer up to ${MAX_WIDTH}.`, { layer: i, option: 'units' });
  const act = activationOf(cfg.get('activation'), where, i);
  const useBias = cfg.get('usebias') ?? true;
  if (typeof useBias !== 'boolean') throw bad(`${where} has use_bias ${describe(useBias)}; expected true or false.`, { layer: i, option: 'use_bias' });
  for (const key of ['biasregularizer', 'activityregularizer', 'kernelconstraint', 'biasconstraint']) {
    const v = cfg.get(key);
    if (v !== undefined && v !== null) warn('TFJS_SETTING_DROPPED', `${where} has a ${key.replace('regularizer', '_regularizer').replace('constraint', '_constraint')}, which wasmlp does not implement; it is dropped (it only affects further training).`);
  }
  const name = cfg.get('name');
  const options: DenseOptions & { activation: ActivationName } = { units, activation: act.activation, useBias };
  if (act.alpha !== undefined) options.alpha = act.alpha;
  const reg = regularizerOf(cfg.get('kernelregularizer'), where, i);
  if (reg) options.kernelRegularizer = reg;
  if (typeof name === 'string') options.name = name;
  return { kind: 'dense', index: i, options, units, inputs: 0, dropoutsAfter: 0 };
}

/** Applies an activation layer to the Dense before it (wasmlp runs the activation inside Dense). */
function foldActivation(layers: (DenseSpec | DropoutSpec)[], act: Act, where: string, i: number): void {
  let dense: DenseSpec | undefined;
  for (let k = layers.length - 1; k >= 0 && !dense; k--) {
    const l = layers[k];
    if (l.kind === 'dense') dense = l;
  }
  if (!dense) {
    if (act.activation === 'linear') return;
    throw unsupported(`${where} comes before any Dense layer; wasmlp applies activations inside Dense layers, so an activation on the raw inputs cannot be loaded.`, { layer: i });
  }
  if (act.activation === 'linear') return;
  if (dense.options.activation !== 'linear') {
    throw unsupported(`${where} applies ${act.activation} after layer ${dense.index} (Dense) already applies ${dense.options.activation}; wasmlp runs one activation per Dense layer.`, { layer: i });
  }
  if (dense.dropoutsAfter > 0 && act.activation !== 'relu' && act.activation !== 'leakyRelu') {
    // relu(c z) = c relu(z) for the dropout scale c >= 0, so only other activations change training.
    warn('TFJS_ACTIVATION_MOVED', `${where} follows a Dropout; wasmlp applies ${act.activation} inside layer ${dense.index} (Dense), before the Dropout. Predictions are the same; training with dropout differs slightly.`);
  }
  dense.options.activation = act.activation;
  if (act.alpha !== undefined) dense.options.alpha = act.alpha;
  else delete dense.options.alpha;
}

const DTYPE_BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, complex64: 8 };
const QUANT_BYTES: Record<string, number> = { uint8: 1, uint16: 2, float16: 2 };

function planManifest(doc: Fields): { entries: ManifestEntry[]; groups: { paths: string[]; bytes: number }[]; totalBytes: number } {
  const specs = doc.get('weightspecs');
  const manifest = doc.get('weightsmanifest');
  let groupsIn: { paths: string[]; weights: unknown[] }[];
  if (manifest !== undefined && manifest !== null) {
    if (!Array.isArray(manifest) || manifest.length > MAX_MANIFEST_ENTRIES) throw bad(`'weightsManifest' must be an array of { paths, weights } groups, received ${describe(manifest)}.`, { option: 'weightsManifest' });
    groupsIn = manifest.map((g, gi) => {
      const f = fields(g);
      const paths = f?.get('paths'), weights = f?.get('weights');
      if (!f || !Array.isArray(paths) || !Array.isArray(weights) || paths.some((p) => typeof p !== 'string')) {
        throw bad(`weightsManifest[${gi}] must be { paths: string[], weights: [...] }.`, { option: `weightsManifest[${gi}]` });
      }
      return { paths: paths as string[], weights };
    });
  } else if (Array.isArray(specs)) {
    groupsIn = [{ paths: [], weights: specs }];
  } else {
    throw bad("there is neither a 'weightsManifest' (model.json) nor 'weightSpecs' (tf.io.ModelArtifacts): the weights cannot be located.", { option: 'weightsManifest' });
  }
  const entries: ManifestEntry[] = [];
  const groups: { paths: string[]; bytes: number }[] = [];
  let offset = 0, elements = 0;
  groupsIn.forEach((g, gi) => {
    let groupBytes = 0;
    g.weights.forEach((w, wi) => {
      const at = `weightsManifest[${gi}].weights[${wi}]`;
      if (entries.length >= MAX_MANIFEST_ENTRIES) throw bad(`the manifest lists more than ${MAX_MANIFEST_ENTRIES} weights.`, { option: at });
      const f = fields(w);
      const name = f?.get('name'), shape = f?.get('shape'), dtype = f?.get('dtype') ?? 'float32';
      if (!f || typeof name !== 'string' || name.length === 0 || name.length > 1024) throw bad(`${at} has no usable name (a string of 1 to 1024 characters).`, { option: at });
      if (!Array.isArray(shape) || shape.length > 8) throw bad(`${at} ("${name}") has shape ${describe(shape)}; expected an array of sizes.`, { option: at });
      let count = 1;
      for (const s of shape) {
        if (typeof s !== 'number' || !Number.isInteger(s) || s < 0) throw bad(`${at} ("${name}") has shape ${JSON.stringify(shape)}; sizes must be integers >= 0.`, { option: at });
        count *= s;
        if (count > MAX_WEIGHTS) break;
      }
      elements += count;
      if (count > MAX_WEIGHTS || elements > MAX_WEIGHTS) {
        throw weightsError(`The manifest claims more than ${MAX_WEIGHTS} weight values (at "${name}", shape ${JSON.stringify(shape)}), beyond what wasmlp supports; refused before allocating.`, at);
      }
      let quantization: ManifestEntry['quantization'] = null;
      let bytesPer: number | undefined;
      const q = f.get('quantization');
      if (q !== undefined && q !== null) {
        const qf = fields(q);
        const qd = qf?.get('dtype');
        const scale = qf?.get('scale') ?? 1, min = qf?.get('min') ?? 0;
        if (!qf || typeof qd !== 'string' || own(QUANT_BYTES, qd) === undefined || typeof scale !== 'number' || typeof min !== 'number' || !Number.isFinite(scale) || !Number.isFinite(min)) {
          throw unsupported(`${at} ("${name}") is quantized as ${JSON.stringify(q).slice(0, 80)}; wasmlp reads uint8/uint16 (with scale and min) and float16 quantization.`, { option: at });
        }
        quantization = { dtype: qd as 'uint8' | 'uint16' | 'float16', scale, min };
        bytesPer = own(QUANT_BYTES, qd);
      } else {
        if (typeof dtype !== 'string') throw bad(`${at} ("${name}") has dtype ${describe(dtype)}.`, { option: at });
        bytesPer = own(DTYPE_BYTES, dtype);
        if (bytesPer === undefined) throw unsupported(`${at} ("${name}") has dtype ${describe(dtype)}; the weight data cannot be laid out (wasmlp reads float32 weights).`, { option: at });
      }
      const bytes = count * bytesPer!;
      entries.push({ name, shape: shape as number[], count, offset, bytes, dtype: dtype as string, quantization, group: gi });
      offset += bytes;
      groupBytes += bytes;
    });
    groups.push({ paths: g.paths, bytes: groupBytes });
  });
  return { entries, groups, totalBytes: offset };
}

function findWeight(entries: ManifestEntry[], d: DenseSpec, kind: 'kernel' | 'bias', used: Set<ManifestEntry> | null): ManifestEntry | undefined {
  const layer = d.options.name;
  if (layer === undefined) return undefined;
  const exact = `${layer}/${kind}`;
  const found = entries.filter((e) => e.name === exact);
  if (found.length > 1) throw weightsError(`The manifest lists the weight "${exact}" ${found.length} times.`, 'weightsManifest');
  if (found.length === 1) return found[0];
  // tensorflowjs_converter may prefix the model's scope: "sequential/dense/kernel".
  const suffixed = entries.filter((e) => e.name.endsWith(`/${exact}`) && !used?.has(e));
  return suffixed.length === 1 ? suffixed[0] : undefined;
}

function assignWeights(entries: ManifestEntry[], dense: DenseSpec[]): ManifestEntry[] {
  const needed: { d: DenseSpec; kind: 'kernel' | 'bias'; shape: number[] }[] = [];
  for (const d of dense) {
    needed.push({ d, kind: 'kernel', shape: [d.inputs, d.units] });
    if (d.options.useBias) needed.push({ d, kind: 'bias', shape: [d.units] });
  }
  const used = new Set<ManifestEntry>();
  let byName: (ManifestEntry | undefined)[] = needed.map((n) => {
    const e = findWeight(entries, n.d, n.kind, used);
    if (e) used.add(e);
    return e;
  });
  if (byName.some((e) => e === undefined)) {
    // No names to go by (or other names): fall back to order, as Keras' load_weights does.
    if (byName.every((e) => e === undefined) && entries.length === needed.length) {
      byName = entries.slice();
      used.clear();
      for (const e of entries) used.add(e);
    } else {
      const missing = needed.filter((_, k) => byName[k] === undefined).map((n) => `"${n.d.options.name ?? `layer ${n.d.index}`}/${n.kind}" [${n.shape.join(', ')}]`);
      throw weightsError(`The manifest has no weight for ${missing.slice(0, 4).join(', ')}${missing.length > 4 ? ` and ${missing.length - 4} more` : ''}. It lists: ${entries.slice(0, 8).map((e) => `"${e.name}"`).join(', ') || 'nothing'}.`, 'weightsManifest');
    }
  }
  const out = byName as ManifestEntry[];
  needed.forEach((n, k) => {
    const e = out[k];
    const layerWhere = describeLayer(n.d.index, 'Dense', n.d.options.name);
    if (e.shape.length !== n.shape.length || e.shape.some((s, j) => s !== n.shape[j])) {
      throw new WasmlpError('TFJS_WEIGHTS',
        `The manifest gives "${e.name}" shape [${e.shape.join(', ')}], but ${layerWhere} with ${n.d.units} units on ${n.d.inputs} inputs needs a ${n.kind} of shape [${n.shape.join(', ')}]. The model.json topology and weights do not belong together.`,
        { layer: n.d.index, option: 'weightsManifest' });
    }
    if (!e.quantization && e.dtype !== 'float32') {
      throw unsupported(`"${e.name}" has dtype ${e.dtype}; wasmlp reads float32 weights (or uint8/uint16/float16 quantized ones).`, { layer: n.d.index, option: 'weightsManifest' });
    }
  });
  const unused = entries.filter((e) => !used.has(e));
  if (unused.length > 0) {
    warn('TFJS_UNUSED_WEIGHTS', `The manifest lists ${unused.length} weight(s) no wasmlp layer uses (${unused.slice(0, 4).map((e) => `"${e.name}"`).join(', ')}), e.g. optimizer state; they are skipped.`);
  }
  return out;
}

function planMetadata(doc: Fields, trainingConfig: unknown): { seed: number; compile: TfjsPlan['compile']; name: string | undefined } {
  const meta = fields(fields(doc.get('userdefinedmetadata'))?.get('wasmlp'));
  if (meta) {
    const version = meta.get('formatversion');
    if (typeof version === 'number' && version > TFJS_METADATA_VERSION) {
      throw new WasmlpError('MODEL_VERSION', `This model's wasmlp metadata has version ${version}; this wasmlp reads up to version ${TFJS_METADATA_VERSION}. Upgrade wasmlp to load it.`, { option: 'userDefinedMetadata.wasmlp.formatVersion' });
    }
    const seed = meta.get('seed') ?? 0;
    if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw bad(`'userDefinedMetadata.wasmlp.seed' is ${describe(seed)}.`, { option: 'userDefinedMetadata.wasmlp.seed' });
    const c = meta.get('compile');
    const name = meta.get('name');
    if (c !== null && c !== undefined && !fields(c)) throw bad("'userDefinedMetadata.wasmlp.compile' must be an object or null.", { option: 'userDefinedMetadata.wasmlp.compile' });
    return { seed, compile: c ? { config: c as CompileConfig, fromWasmlp: true } : null, name: typeof name === 'string' ? name : undefined };
  }
  // A model trained in TensorFlow.js or Keras: map its training config where the names match.
  const tc = fields(trainingConfig);
  if (!tc) return { seed: 0, compile: null, name: undefined };
  let loss = tc.get('loss');
  if (Array.isArray(loss) && loss.length === 1) loss = loss[0];
  const opt = fields(tc.get('optimizerconfig'));
  const metrics = tc.get('metrics');
  if (typeof loss !== 'string') return { seed: 0, compile: null, name: undefined };
  const config: CompileConfig = { loss };
  if (opt && typeof opt.get('classname') === 'string') {
    config.optimizer = { className: opt.get('classname') as string, config: (fields(opt.get('config')) ? opt.get('config') : {}) as Record<string, unknown> };
  }
  if (Array.isArray(metrics) && metrics.every((m) => typeof m === 'string')) config.metrics = metrics as string[];
  return { seed: 0, compile: { config, fromWasmlp: false }, name: undefined };
}

// ---------------------------------------------------------------------------------------------
// Weight bytes

/** The weight data as one byte array, after checking its length against the manifest. */
function weightBytes(data: TfjsWeightData | undefined, plan: TfjsPlan): Uint8Array {
  if (data === undefined || data === null) {
    if (plan.totalBytes === 0) return new Uint8Array(0);
    throw weightsError(`No weight data given; the manifest describes ${plan.totalBytes} bytes. Pass the contents of the weights file(s) (ArrayBuffer) as the second argument.`);
  }
  const parts = Array.isArray(data) ? data : [data];
  let total = 0;
  for (const p of parts) {
    if (!(p instanceof ArrayBuffer) && !ArrayBuffer.isView(p)) throw weightsError(`The weight data must be an ArrayBuffer, a typed array or an array of ArrayBuffers; received ${describe(p)}.`);
    total += p.byteLength;
  }
  if (total < plan.totalBytes) {
    const cut = plan.entries.find((e) => e.offset + e.bytes > total);
    throw weightsError(`The weight data is truncated: it has ${total} bytes, but the manifest describes ${plan.totalBytes}${cut ? ` (it ends inside "${cut.name}")` : ''}. Copy the weights file(s) again.`);
  }
  if (total > plan.totalBytes) {
    throw weightsError(`The weight data has ${total} bytes, ${total - plan.totalBytes} more than the ${plan.totalBytes} the manifest describes. The weights file(s) do not belong to this model.json.`);
  }
  if (parts.length === 1) {
    const p = parts[0];
    return p instanceof ArrayBuffer ? new Uint8Array(p) : new Uint8Array(p.buffer, p.byteOffset, p.byteLength);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p instanceof ArrayBuffer ? new Uint8Array(p) : new Uint8Array(p.buffer, p.byteOffset, p.byteLength), at);
    at += p.byteLength;
  }
  return out;
}

function float16(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1, exp = (bits >> 10) & 0x1f, frac = bits & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

function decode(bytes: Uint8Array, e: ManifestEntry): Float32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset + e.offset, e.bytes);
  const out = new Float32Array(e.count);
  const q = e.quantization;
  if (!q) for (let i = 0; i < e.count; i++) out[i] = view.getFloat32(i * 4, true);
  else if (q.dtype === 'uint8') for (let i = 0; i < e.count; i++) out[i] = view.getUint8(i) * q.scale + q.min;
  else if (q.dtype === 'uint16') for (let i = 0; i < e.count; i++) out[i] = view.getUint16(i * 2, true) * q.scale + q.min;
  else for (let i = 0; i < e.count; i++) out[i] = float16(view.getUint16(i * 2, true));
  for (let i = 0; i < out.length; i++) {
    if (!Number.isFinite(out[i])) throw weightsError(`Weight "${e.name}"[${i}] is ${out[i]}; a usable model never holds NaN or Infinity.`, 'weightData');
  }
  return out;
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
      const options: DenseOptions = { ...l.options };
      if (first) options.inputDim = plan.inputDim;
      first = false;
      return new Dense(options);
    } catch (e) {
      if (e instanceof WasmlpError) throw bad(`${describeLayer(l.index, l.kind === 'dense' ? 'Dense' : 'Dropout', l.kind === 'dense' ? l.options.name : l.name)}: ${e.message}`, { layer: l.index });
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
