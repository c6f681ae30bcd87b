// The W1 model as a named, exported builder, so worker threads can import it (functions cannot
// cross threads). Same network and optimizer as systems/wasmlp.mjs's W1.
import { Dense, Sequential } from '../../dist/index.js';

export function createBaseline({ nFeatures, seed }) {
  const model = new Sequential([
    new Dense({ units: 60, activation: 'relu', inputDim: nFeatures }),
    new Dense({ units: 1, activation: 'sigmoid' }),
  ], { seed });
  model.compile({ loss: 'binaryCrossentropy', optimizer: { type: 'adam', learningRate: 0.001 }, metrics: ['accuracy'] });
  return model;
}
