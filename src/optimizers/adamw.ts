import { OPT_ADAMW } from '../core-abi.js';
import { checkNumber, type OptimizerKind } from './optimizer.js';

/**
 * AdamW (Loshchilov & Hutter): decoupled weight decay, then an Adam step, as Keras:
 *   p -= p * weightDecay * lr;  then Adam.
 * Applied to every parameter, biases included (Keras' default without exclusions).
 * Defaults: learningRate 0.001, weightDecay 0.004, beta1 0.9, beta2 0.999, epsilon 1e-7.
 */
export const adamw: OptimizerKind<{ learningRate: number; weightDecay: number; beta1: number; beta2: number; epsilon: number }> = {
  name: 'adamw',
  defaults: { learningRate: 0.001, weightDecay: 0.004, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 },
  toCore: (c) => ({
    code: OPT_ADAMW,
    learningRate: checkNumber(c.learningRate, 'optimizer.learningRate', { min: 0, exclusiveMin: true }),
    a: checkNumber(c.beta1, 'optimizer.beta1', { min: 0, max: 1, exclusiveMax: true }),
    b: checkNumber(c.beta2, 'optimizer.beta2', { min: 0, max: 1, exclusiveMax: true }),
    epsilon: checkNumber(c.epsilon, 'optimizer.epsilon', { min: 0 }),
    weightDecay: checkNumber(c.weightDecay, 'optimizer.weightDecay', { min: 0 }),
    flags: 0,
  }),
};
