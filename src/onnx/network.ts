import { WasmlpError } from '../errors.js';
import { Dense } from '../layers/dense.js';
import { BatchNormalization } from '../layers/batch-normalization.js';
import { layerName } from '../layers/layer-name.js';
import type { Sequential } from '../model/sequential.js';
import { attr, type Attribute, type GraphBuilder } from './graph.js';

/** wasmlp activation -> ONNX operator and attributes (each matches assembly/activations.ts). */
const ACTIVATION_OPS: Record<string, (alpha: number) => [string, Record<string, Attribute>] | null> = {
  linear: () => null,
  relu: () => ['Relu', {}],
  leakyRelu: (alpha) => ['LeakyRelu', { alpha: attr.float(alpha) }],
  elu: (alpha) => ['Elu', { alpha: attr.float(alpha) }],
  // The core's SELU constants, as float32 like the core's.
  selu: () => ['Selu', { alpha: attr.float(1.6732632423543772), gamma: attr.float(1.0507009873554805) }],
  // The core computes the exact (erf) form, with an erf good to 1.2e-7.
  gelu: () => ['Gelu', { approximate: attr.string('none') }],
  tanh: () => ['Tanh', {}],
  sigmoid: () => ['Sigmoid', {}],
  softmax: () => ['Softmax', { axis: attr.int(-1) }],
};

/** Layers that only act in training and vanish at inference. */
const INFERENCE_IDENTITY = new Set(['Dropout']);

export function unsupportedLayer(index: number, className: string, why: string): WasmlpError {
  return new WasmlpError('ONNX_UNSUPPORTED_LAYER', `exportOnnx: layer ${index} (${className}) ${why}. wasmlp exports Dense (every activation), Dropout and BatchNormalization layers to ONNX.`, { layer: index });
}

/** Checks every layer before anything is built, so an unsupported one fails fast. */
export function checkLayers(model: Sequential): void {
  model.layers.forEach((layer, i) => {
    const className = (layer as { className?: string }).className ?? 'unknown';
    if (layer instanceof Dense) {
      if (!ACTIVATION_OPS[layer.activation]) throw unsupportedLayer(i, 'Dense', `uses activation '${layer.activation}', which has no ONNX operator here`);
      return;
    }
    if (layer instanceof BatchNormalization) return;
    if (!INFERENCE_IDENTITY.has(className)) throw unsupportedLayer(i, className, 'has no ONNX equivalent in this exporter');
  });
}

/**
 * Appends the network to the graph: per Dense layer a Gemm (x . kernel + bias, kernel [in, out]
 * as the core stores it) and its activation; per BatchNormalization an inference-mode
 * BatchNormalization node on the moving statistics; Dropout is the identity at inference.
 * Returns the name of the network's output ([N, units]).
 */
export function addNetwork(g: GraphBuilder, model: Sequential, input: string): string {
  checkLayers(model);
  const weights = model.getWeights();
  let w = 0;
  let current = input;
  model.layers.forEach((layer, i) => {
    if (layer instanceof BatchNormalization) {
      const label = layerName(layer, i);
      const next = () => weights[w++];
      // ONNX needs scale and bias: without gamma (scale: false) or beta (center: false), ones and zeros.
      const gamma = layer.scale ? next().values : new Float32Array(weights[w].shape[0]).fill(1);
      const beta = layer.center ? next().values : new Float32Array(gamma.length);
      const mean = next(), variance = next();
      const n = [gamma.length];
      const operands = [current, g.floats(`${label}/gamma`, n, gamma), g.floats(`${label}/beta`, n, beta), g.floats(`${label}/moving_mean`, n, mean.values), g.floats(`${label}/moving_variance`, n, variance.values)];
      [current] = g.node('BatchNormalization', operands, { epsilon: attr.float(layer.epsilon) }, { outputs: [`${label}/y`], name: `${label}/BatchNormalization` });
      return;
    }
    if (!(layer instanceof Dense)) return;
    const label = layer.name ?? `dense_${i}`;
    const kernel = weights[w++];
    const operands = [current, g.floats(`${label}/kernel`, kernel.shape, kernel.values)];
    if (layer.useBias) {
      const bias = weights[w++];
      operands.push(g.floats(`${label}/bias`, bias.shape, bias.values));
    }
    [current] = g.node('Gemm', operands, {}, { outputs: [`${label}/z`], name: `${label}/Gemm` });
    const act = ACTIVATION_OPS[layer.activation](layer.alpha);
    if (act) [current] = g.node(act[0], [current], act[1], { outputs: [`${label}/${layer.activation}`], name: `${label}/${act[0]}` });
  });
  return current;
}
