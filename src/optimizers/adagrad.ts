import { OPT_ADAGRAD } from '../core-abi.js';
import { checkNumber, type OptimizerKind } from './optimizer.js';

/**
 * Adagrad (Duchi et al.), as Keras:
 *   acc += g^2;  p -= lr * g / sqrt(acc + epsilon)
 * Defaults: learningRate 0.001, initialAccumulatorValue 0.1, epsilon 1e-7.
 */
export const adagrad: OptimizerKind<{ learningRate: number; initialAccumulatorValue: number; epsilon: number }> = {
  name: 'adagrad',
  defaults: { learningRate: 0.001, initialAccumulatorValue: 0.1, epsilon: 1e-7 },
  toCore: (c) => ({
    code: OPT_ADAGRAD,
    learningRate: checkNumber(c.learningRate, 'optimizer.learningRate', { min: 0, exclusiveMin: true }),
    a: checkNumber(c.initialAccumulatorValue, 'optimizer.initialAccumulatorValue', { min: 0 }),
    b: 0,
    epsilon: checkNumber(c.epsilon, 'optimizer.epsilon', { min: 0 }),
    weightDecay: 0,
    flags: 0,
  }),
};
