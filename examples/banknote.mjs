// Banknote authentication: the 4-(8-8)-1 tanh network, SGD 0.01, batch 32, 500 epochs on min-max
// scaled features, scored on a held-out 20% over a few seeded splits; then a prediction for a new
// banknote from its raw measurements (the saved pipeline scales it itself).
//
//   WASMLP_DATA_DIR=../shared/data node examples/banknote.mjs
import { pathToFileURL } from 'node:url';
import { Dense, KerasClassifier, MinMaxScaler, Pipeline, Sequential, loadDataset, trainTestSplit } from 'wasmlp/node';

function createModel({ nFeatures, seed }) {
  const model = new Sequential([
    new Dense({ units: 8, activation: 'tanh', inputDim: nFeatures, kernelInitializer: 'glorotUniform' }),
    new Dense({ units: 8, activation: 'tanh', kernelInitializer: 'glorotUniform' }),
    new Dense({ units: 1, activation: 'sigmoid' }),
  ], { seed });
  model.compile({ loss: 'binaryCrossentropy', optimizer: { type: 'sgd', learningRate: 0.01 }, metrics: ['accuracy'] });
  return model;
}

/** variance, skewness, curtosis and entropy of a wavelet-transformed image of a new note. */
export const NEW_BANKNOTE = [3.6216, 8.6661, -2.8073, -0.44699];

export async function main({ epochs = 500, seeds = [1, 2, 3, 4, 5], print = console.log } = {}) {
  const notes = await loadDataset('banknote');
  const accuracies = [];
  let last = null;
  for (const seed of seeds) {
    const { xTrain, yTrain, xTest, yTest } = trainTestSplit(notes.x, notes.y, { testSize: 0.2, seed });
    const pipe = new Pipeline([new MinMaxScaler(), new KerasClassifier({ build: createModel, epochs, batchSize: 32, seed })]);
    await pipe.fit(xTrain, yTrain);
    const accuracy = pipe.score(xTest, yTest);
    accuracies.push(accuracy);
    print(`split seed ${seed}: held-out accuracy ${(100 * accuracy).toFixed(2)}% (${xTest.rows} notes)`);
    last?.dispose();
    last = pipe;
  }
  const mean = accuracies.reduce((a, b) => a + b, 0) / accuracies.length;
  print(`mean held-out accuracy over ${seeds.length} splits: ${(100 * mean).toFixed(2)}%`);

  // The fitted pipeline travels as one JSON artefact and predicts from raw measurements.
  const restored = Pipeline.fromJSON(JSON.stringify(last.toJSON()));
  const probability = restored.predictProba([NEW_BANKNOTE]).data[1];
  const predicted = notes.decodeLabel(restored.predict([NEW_BANKNOTE])[0]);
  print(`new banknote ${JSON.stringify(NEW_BANKNOTE)}: class ${predicted} (${predicted === '0' ? 'authentic' : 'forged'}), P(forged) = ${probability.toFixed(4)}`);
  last.dispose();
  restored.dispose();
  return { accuracies, mean, newBanknote: { predicted, probability } };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
