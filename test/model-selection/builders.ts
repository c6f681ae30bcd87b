import type { ActivationIdentifier } from '../../src/activations.js';
import { Dense, Sequential, type BuildMeta } from '../../src/index.js';

export interface MlpParams { hidden?: number[]; learningRate?: number; activation?: ActivationIdentifier }

/** create_baseline with parameters: hidden relu layers, a sigmoid (2 classes) or softmax output, adam. */
export function buildMlp({ hidden = [8], learningRate = 0.01, activation = 'relu', nFeatures, nClasses, seed }: MlpParams & BuildMeta): Sequential {
  const layers = hidden.map((units, i) => new Dense({ units, activation, ...(i === 0 ? { inputDim: nFeatures } : {}) }));
  const binary = nClasses === 2;
  layers.push(new Dense({ units: binary ? 1 : nClasses, activation: binary ? 'sigmoid' : 'softmax', ...(hidden.length === 0 ? { inputDim: nFeatures } : {}) }));
  const model = new Sequential(layers, { seed });
  model.compile({ loss: binary ? 'binaryCrossentropy' : 'sparseCategoricalCrossentropy', optimizer: { type: 'adam', learningRate }, metrics: ['accuracy'] });
  return model;
}
