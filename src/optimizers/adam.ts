import { OPT_ADAM } from '../core-abi.js';
import { checkNumber, type OptimizerKind } from './optimizer.js';

/**
 * Adam (Kingma & Ba), in Keras' form with bias correction folded into the step size:
 *   m += (g - m)(1 - beta1);  v += (g^2 - v)(1 - beta2)
 *   p -= lr * sqrt(1 - beta2^t) / (1 - beta1^t) * m / (sqrt(v) + epsilon)
 * Defaults: learningRate 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7.
 */
export const adam: OptimizerKind<{ learningRate: number; beta1: number; beta2: number; epsilon: number }> = {
  name: 'adam',
  defaults: { learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 },
  toCore: (c) => ({
    code: OPT_ADAM,
    learningRate: checkNumber(c.learningRate, 'optimizer.learningRate', { min: 0, exclusiveMin: true }),
    a: checkNumber(c.beta1, 'optimizer.beta1', { min: 0, max: 1, exclusiveMax: true }),
    b: checkNumber(c.beta2, 'optimizer.beta2', { min: 0, max: 1, exclusiveMax: true }),
    epsilon: checkNumber(c.epsilon, 'optimizer.epsilon', { min: 0 }),
    weightDecay: 0,
    flags: 0,
  }),
};
