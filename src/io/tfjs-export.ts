import { WasmlpError, type ErrorCode } from '../errors.js';
import { Dense } from '../layers/dense.js';
import { BatchNormalization } from '../layers/batch-normalization.js';
import { layerName as defaultLayerName } from '../layers/layer-name.js';
import type { Sequential } from '../model/sequential.js';

/**
 * The TensorFlow.js layers format (tfjs-core/src/io/types.ts): model.json holds the Keras
 * topology and a weights manifest; the weights are one little-endian float32 buffer.
 */
export const TFJS_FORMAT = 'layers-model';
/** Version of the wasmlp block kept in userDefinedMetadata (seed, compile settings). */
export const TFJS_METADATA_VERSION = 1;
export const TFJS_WEIGHTS_FILE = 'weights.bin';

/** One weight tensor in a TensorFlow.js weights manifest: name, shape and dtype. */
export interface TfjsWeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32';
}

/** The content of model.json. */
export interface TfjsModelJSON {
  format: typeof TFJS_FORMAT;
  generatedBy: string;
  convertedBy: string | null;
  modelTopology: Record<string, unknown>;
  weightsManifest: { paths: string[]; weights: TfjsWeightSpec[] }[];
  userDefinedMetadata: { wasmlp: Record<string, unknown> };
}

/**
 * What exportTfjs returns: model.json's fields plus the weights. It is also a tf.io.ModelArtifacts,
 * so `tf.loadLayersModel(tf.io.fromMemory(artifacts))` loads it directly.
 */
export interface TfjsArtifacts extends TfjsModelJSON {
  weightSpecs: TfjsWeightSpec[];
  weightData: ArrayBuffer;
}

/** wasmlp activation -> the Keras activation string TF.js 4.x reads (tfjs-layers activation_config.ts). */
const KERAS_ACTIVATION: Record<string, string> = {
  linear: 'linear', relu: 'relu', selu: 'selu', gelu: 'gelu', tanh: 'tanh', sigmoid: 'sigmoid', softmax: 'softmax', elu: 'elu',
};

function exportError(code: ErrorCode, message: string, layer?: number): WasmlpError {
  return new WasmlpError(code, `exportTfjs: ${message}`, layer === undefined ? { option: 'model' } : { layer });
}

/**
 * Converts a model to the TensorFlow.js layers format. The model needs its input width (a trained
 * model, or inputDim on the first layer); an unbuilt model is built with its seeded initial weights.
 *
 * Activations: leakyRelu becomes a linear Dense followed by a LeakyReLU layer (TF.js has no
 * leaky-ReLU activation string); elu needs alpha 1 (TF.js' ELU supports no other); gelu is the
 * exact (erf) form in both.
 */
export function exportTfjs(model: Sequential): TfjsArtifacts {
  if (model.isDisposed) throw exportError('DISPOSED', 'the model was disposed; export it before calling dispose().');
  const inputDim = model.inputDim;
  if (inputDim === undefined) {
    throw exportError('NO_INPUT_DIM', 'the input width is unknown. Train the model first, or give the first layer inputDim (new Dense({ units, inputDim })).', 0);
  }
  // Check every layer before touching weights (building would reserve memory).
  const names = new Map<string, number>();
  const layerName = (i: number): string => {
    return defaultLayerName(model.layers[i], i);
  };
  model.layers.forEach((l, i) => {
    const name = layerName(i);
    const before = names.get(name);
    if (before !== undefined) {
      throw exportError('TFJS_DUPLICATE_NAME', `layers ${before} and ${i} are both named "${name}"; TensorFlow.js needs unique layer names (its weights are matched by name). Give one of them another name.`, i);
    }
    names.set(name, i);
    if (l instanceof Dense) {
      if (l.activation === 'elu' && l.alpha !== 1) {
        throw exportError('TFJS_UNSUPPORTED', `layer ${i} ("${name}") uses elu with alpha ${l.alpha}; TensorFlow.js 4.x implements ELU only with alpha 1 (its ELU layer throws NotImplementedError). Train with alpha 1, or use 'selu' or 'leakyRelu'.`, i);
      }
      if (l.activation !== 'leakyRelu' && KERAS_ACTIVATION[l.activation] === undefined) {
        throw exportError('TFJS_UNSUPPORTED', `layer ${i} ("${name}") uses activation '${l.activation}', which TensorFlow.js has no equivalent for.`, i);
      }
    }
  });

  const weights = model.getWeights();
  const layers: Record<string, unknown>[] = [];
  model.layers.forEach((l, i) => {
    const name = layerName(i);
    if (l instanceof Dense) {
      const leaky = l.activation === 'leakyRelu';
      const reg = l.kernelRegularizer;
      const config: Record<string, unknown> = {
        units: l.units,
        activation: leaky ? 'linear' : KERAS_ACTIVATION[l.activation],
        use_bias: l.useBias,
        kernel_regularizer: reg.l1 === 0 && reg.l2 === 0 ? null : { class_name: 'L1L2', config: { l1: reg.l1, l2: reg.l2 } },
        bias_regularizer: null,
        activity_regularizer: null,
        kernel_constraint: null,
        bias_constraint: null,
        name,
        trainable: true,
      };
      if (layers.length === 0) {
        config.batch_input_shape = [null, inputDim];
        config.dtype = 'float32';
      }
      layers.push({ class_name: 'Dense', config });
      if (leaky) {
        let extra = `${name}_leaky_re_lu`;
        for (let k = 2; names.has(extra); k++) extra = `${name}_leaky_re_lu_${k}`;
        names.set(extra, i);
        layers.push({ class_name: 'LeakyReLU', config: { alpha: l.alpha, name: extra, trainable: true } });
      }
    } else if (l instanceof BatchNormalization) {
      // The initializers do not travel: the weights, moving statistics included, do.
      const config: Record<string, unknown> = {
        axis: -1, momentum: l.momentum, epsilon: l.epsilon, center: l.center, scale: l.scale,
        beta_regularizer: null, gamma_regularizer: null, beta_constraint: null, gamma_constraint: null, name, trainable: true,
      };
      if (layers.length === 0) {
        config.batch_input_shape = [null, inputDim];
        config.dtype = 'float32';
      }
      layers.push({ class_name: 'BatchNormalization', config });
    } else {
      const config: Record<string, unknown> = { rate: l.rate, noise_shape: null, seed: null, name, trainable: true };
      if (layers.length === 0) {
        config.batch_input_shape = [null, inputDim];
        config.dtype = 'float32';
      }
      layers.push({ class_name: 'Dropout', config });
    }
  });

  const weightSpecs: TfjsWeightSpec[] = weights.map((w) => ({ name: w.name, shape: [...w.shape], dtype: 'float32' }));
  let total = 0;
  for (const w of weights) total += w.values.length;
  const weightData = new ArrayBuffer(total * 4);
  const view = new DataView(weightData);
  let offset = 0;
  for (const w of weights) {
    for (let j = 0; j < w.values.length; j++, offset += 4) view.setFloat32(offset, w.values[j], true);
  }

  const c = model.compiled;
  const wasmlp: Record<string, unknown> = {
    formatVersion: TFJS_METADATA_VERSION,
    name: model.name,
    seed: model.seed,
    compile: c ? { loss: c.loss, optimizer: { type: c.optimizer.name, ...c.optimizer.config }, metrics: c.metricSpecs, ...(c.labelSmoothing ? { labelSmoothing: c.labelSmoothing } : {}) } : null,
  };
  return {
    format: TFJS_FORMAT,
    generatedBy: 'wasmlp',
    convertedBy: 'wasmlp exportTfjs',
    modelTopology: {
      class_name: 'Sequential',
      config: { name: model.name, layers },
      keras_version: 'tfjs-layers 4.22.0',
      backend: 'tensor_flow.js',
    },
    weightsManifest: [{ paths: [TFJS_WEIGHTS_FILE], weights: weightSpecs }],
    userDefinedMetadata: { wasmlp },
    weightSpecs,
    weightData,
  };
}

/** model.json's content for artifacts from exportTfjs (no weight bytes). */
export function tfjsModelJSON(artifacts: TfjsArtifacts): TfjsModelJSON {
  const { format, generatedBy, convertedBy, modelTopology, weightsManifest, userDefinedMetadata } = artifacts;
  return { format, generatedBy, convertedBy, modelTopology, weightsManifest, userDefinedMetadata };
}
