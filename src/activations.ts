import { ACT_ELU, ACT_GELU, ACT_LEAKY_RELU, ACT_LINEAR, ACT_RELU, ACT_SELU, ACT_SIGMOID, ACT_SOFTMAX, ACT_TANH } from './core-abi.js';
import { nameTable, type Spelling } from './names.js';

/** Activation names and their core codes (generated from assembly/activations.ts). */
export const ACTIVATION_CODES = {
  linear: ACT_LINEAR, relu: ACT_RELU, leakyRelu: ACT_LEAKY_RELU, elu: ACT_ELU, selu: ACT_SELU,
  gelu: ACT_GELU, tanh: ACT_TANH, sigmoid: ACT_SIGMOID, softmax: ACT_SOFTMAX,
} as const;

export type ActivationName = keyof typeof ACTIVATION_CODES;

const ACTIVATION_ALIASES = { none: 'linear', identity: 'linear', leaky_relu: 'leakyRelu', logistic: 'sigmoid' } as const;

/** An activation as users may write it: 'leakyRelu', Keras' 'leaky_relu', 'LeakyRelu', or an alias such as 'logistic'. */
export type ActivationIdentifier = Spelling<ActivationName> | keyof typeof ACTIVATION_ALIASES;

export const activations = nameTable<ActivationName>('activation', Object.keys(ACTIVATION_CODES) as ActivationName[], ACTIVATION_ALIASES);

/** Default parameter (alpha) per activation: Keras' LeakyReLU 0.3 (TF.js 0.3), ELU 1. */
export function defaultAlpha(name: ActivationName): number {
  return name === 'leakyRelu' ? 0.3 : name === 'elu' ? 1 : 0;
}
