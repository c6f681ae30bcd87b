import { nameTable, type Spelling } from './names.js';

/** Activation names and their core codes (assembly/activations.ts). */
export const ACTIVATION_CODES = {
  linear: 0, relu: 1, leakyRelu: 2, elu: 3, selu: 4, gelu: 5, tanh: 6, sigmoid: 7, softmax: 8,
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
