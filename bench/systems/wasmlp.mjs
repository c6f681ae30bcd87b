// wasmlp on the workloads, through its public API (dist/, as a user gets it).
import { Sequential, Dense, memoryStats } from '../../dist/index.js';

export const name = 'wasmlp';

/** W1: 60-relu-1-sigmoid, adam 0.001, batch 5, 100 epochs on one fold; returns test accuracy. */
export async function w1Fold(fold, seed, epochs = 100) {
  const model = new Sequential([new Dense({ units: 60, activation: 'relu', inputDim: 60 }), new Dense({ units: 1, activation: 'sigmoid' })], { seed });
  model.compile({ loss: 'binaryCrossentropy', optimizer: { type: 'adam', learningRate: 0.001 }, metrics: ['accuracy'] });
  await model.fit(fold.xTrain, fold.yTrain, { epochs, batchSize: 5 });
  const acc = model.evaluate(fold.xTest, fold.yTest).binaryAccuracy;
  model.dispose();
  return acc;
}

/** WebAssembly memory after the first epoch and after the last, filled in by w2Run's callback. */
export const memory = { afterFirstEpoch: 0, atEnd: 0 };
const memoryWatch = {
  onEpochEnd(epoch) {
    const bytes = memoryStats().wasmBytes;
    if (epoch === 0) memory.afterFirstEpoch = bytes;
    memory.atEnd = bytes;
  },
};

/** W2: 4-8-8-1 tanh, SGD 0.01, batch 32; returns test accuracy. */
export async function w2Run(split, epochs, seed = 1) {
  const model = new Sequential([
    new Dense({ units: 8, activation: 'tanh', inputDim: 4 }),
    new Dense({ units: 8, activation: 'tanh' }),
    new Dense({ units: 1, activation: 'sigmoid' }),
  ], { seed });
  model.compile({ loss: 'binaryCrossentropy', optimizer: { type: 'sgd', learningRate: 0.01 }, metrics: ['accuracy'] });
  await model.fit(split.xTrain, split.yTrain, { epochs, batchSize: 32, callbacks: [memoryWatch] });
  const acc = model.evaluate(split.xTest, split.yTest).binaryAccuracy;
  model.dispose();
  return acc;
}

/** W3: the big multi-label net. Returns { step(x, y, steps), infer(x), dispose }. */
export function w3Model(layers) {
  const [inDim, ...units] = layers;
  const model = new Sequential(units.map((u, i) => new Dense({ units: u, activation: i === units.length - 1 ? 'sigmoid' : 'relu', ...(i === 0 ? { inputDim: inDim } : {}) })), { seed: 1 });
  model.compile({ loss: 'binaryCrossentropy', optimizer: { type: 'adam', learningRate: 0.001 } });
  return {
    /** One fit epoch over x (steps * batch rows): `steps` training steps. */
    async train(x, y, batch) {
      await model.fit(x, y, { epochs: 1, batchSize: batch, shuffle: false });
    },
    infer(x) {
      return model.predict(x);
    },
    dispose() {
      model.dispose();
    },
  };
}
