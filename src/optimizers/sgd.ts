import { OPT_FLAG_NESTEROV, OPT_SGD } from '../core-abi.js';
import { checkNumber, type OptimizerKind } from './optimizer.js';

/**
 * Stochastic gradient descent with optional (Nesterov) momentum, as Keras:
 *   momentum = 0:  p -= lr * g
 *   otherwise:     v = momentum * v - lr * g;  p += v   (nesterov: p += momentum * v - lr * g)
 * Defaults: learningRate 0.01, momentum 0, nesterov false.
 */
export const sgd: OptimizerKind<{ learningRate: number; momentum: number; nesterov: boolean }> = {
  name: 'sgd',
  defaults: { learningRate: 0.01, momentum: 0, nesterov: false },
  toCore: (c) => ({
    code: OPT_SGD,
    learningRate: checkNumber(c.learningRate, 'optimizer.learningRate', { min: 0, exclusiveMin: true }),
    a: checkNumber(c.momentum, 'optimizer.momentum', { min: 0, max: 1 }),
    b: 0,
    epsilon: 0,
    weightDecay: 0,
    flags: c.nesterov ? OPT_FLAG_NESTEROV : 0,
  }),
};
