import { nameTable } from './names.js';

/** Activation names and their core codes (assembly/activations.ts). */
export const ACTIVATION_CODES = {
  linear: 0, relu: 1, leakyRelu: 2, elu: 3, selu: 4, gelu: 5, tanh: 6, sigmoid: 7, softmax: 8,
} as const;

export type ActivationName = keyof typeof ACTIVATION_CODES;

export const activations = nameTable<ActivationName>('activation', Object.keys(ACTIVATION_CODES) as ActivationName[], {
  none: 'linear', identity: 'linear', leaky_relu: 'leakyRelu', logistic: 'sigmoid',
});

/** Default parameter (alpha) per activation: Keras' LeakyReLU 0.3 (TF.js 0.3), ELU 1. */
export function defaultAlpha(name: ActivationName): number {
  return name === 'leakyRelu' ? 0.3 : name === 'elu' ? 1 : 0;
}
