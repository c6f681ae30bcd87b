import { OPT_RMSPROP } from '../core-abi.js';
import { checkNumber, type OptimizerKind } from './optimizer.js';

/**
 * RMSprop (Hinton), as Keras without momentum or centering:
 *   v = rho * v + (1 - rho) * g^2;  p -= lr * g / sqrt(v + epsilon)
 * Defaults: learningRate 0.001, rho 0.9, epsilon 1e-7.
 */
export const rmsprop: OptimizerKind<{ learningRate: number; rho: number; epsilon: number }> = {
  name: 'rmsprop',
  defaults: { learningRate: 0.001, rho: 0.9, epsilon: 1e-7 },
  toCore: (c) => ({
    code: OPT_RMSPROP,
    learningRate: checkNumber(c.learningRate, 'optimizer.learningRate', { min: 0, exclusiveMin: true }),
    a: checkNumber(c.rho, 'optimizer.rho', { min: 0, max: 1, exclusiveMax: true }),
    b: 0,
    epsilon: checkNumber(c.epsilon, 'optimizer.epsilon', { min: 0 }),
    weightDecay: 0,
    flags: 0,
  }),
};
