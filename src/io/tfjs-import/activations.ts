// Activation names as TF.js and Keras write them, and folding a separate activation layer into the Dense before it.
import { describe } from '../../errors.js';
import type { ActivationName } from '../../activations.js';
import { nameKey } from '../../names.js';
import { warn } from '../../warnings.js';
import { SUPPORTED_ACTIVATIONS, bad, own, unsupported } from './fields.js';
import type { DenseSpec, LayerSpec } from './plan-types.js';

export interface Act {
  activation: ActivationName;
  alpha?: number;
}

export const ACTIVATIONS: Readonly<Record<string, Act>> = {
  linear: { activation: 'linear' }, relu: { activation: 'relu' }, elu: { activation: 'elu', alpha: 1 },
  selu: { activation: 'selu' }, gelu: { activation: 'gelu' }, tanh: { activation: 'tanh' },
  sigmoid: { activation: 'sigmoid' }, softmax: { activation: 'softmax' },
  // Keras 3's activation string; its negative_slope defaults to 0.2.
  leakyrelu: { activation: 'leakyRelu', alpha: 0.2 },
};

export function describeLayer(index: number, className: string, name: unknown): string {
  const cut = (t: string) => (t.length > 80 ? `${t.slice(0, 80)}…` : t);
  return `layer ${index} (${cut(className)}${typeof name === 'string' ? ` "${cut(name)}"` : ''})`;
}

export function activationOf(value: unknown, where: string, layer: number): Act {
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

export function finiteOr(value: unknown, fallback: number, where: string, option: string, layer: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw bad(`${where} has ${option} ${describe(value)}; expected a finite number.`, { layer, option });
  return value;
}

/** Applies an activation layer to the Dense before it (wasmlp runs the activation inside Dense). */
export function foldActivation(layers: LayerSpec[], act: Act, where: string, i: number): void {
  let dense: DenseSpec | undefined;
  for (let k = layers.length - 1; k >= 0 && !dense; k--) {
    const l = layers[k];
    if (l.kind === 'dense') dense = l;
    else if (l.kind === 'batchNorm' && act.activation !== 'linear') {
      // Moving it into the Dense before the normalization would change the function.
      throw unsupported(`${where} applies ${act.activation} after layer ${l.index} (BatchNormalization); wasmlp applies activations inside Dense layers only, so an activation after a BatchNormalization cannot be loaded. Put the activation in the Dense layer before the normalization (Dense with activation, then BatchNormalization) and retrain.`, { layer: i });
    }
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
