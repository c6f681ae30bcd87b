// Multi-class Iris with a softmax output: one unit per species, sparseCategoricalCrossentropy on
// class ids, standardized inside a pipeline, scored by stratified 10-fold cross-validation; then a
// prediction with the species name and the three probabilities.
//
//   WASMLP_DATA_DIR=../shared/data node examples/iris.mjs
import { pathToFileURL } from 'node:url';
import { Dense, KerasClassifier, Pipeline, Sequential, StandardScaler, crossValScore, loadDataset, trainTestSplit } from 'wasmlp/node';

export async function main({ epochs = 200, folds = 10, seed = 7, print = console.log } = {}) {
  const flowers = await loadDataset('iris');
  const build = ({ nFeatures, nClasses, seed }) => {
    const model = new Sequential([
      new Dense({ units: 8, activation: 'relu', inputDim: nFeatures }),
      new Dense({ units: nClasses, activation: 'softmax' }),
    ], { seed });
    model.compile({ loss: 'sparseCategoricalCrossentropy', optimizer: { type: 'adam', learningRate: 0.01 }, metrics: ['accuracy'] });
    return model;
  };
  const pipe = new Pipeline([new StandardScaler(), new KerasClassifier({ build, epochs, batchSize: 5, seed })]);
  const { mean, std } = await crossValScore(pipe, flowers.x, flowers.y, { cv: folds, seed });
  // One split, to show a prediction with its class name.
  const { xTrain, yTrain, xTest } = trainTestSplit(flowers.x, flowers.y, { testSize: 0.2, seed });
  await pipe.fit(xTrain, yTrain);
  const first = Array.from(xTest.data.subarray(0, 4), (v) => Number(v.toFixed(2)));
  const proba = Array.from(pipe.predictProba([first]).data, (p) => p.toFixed(3));
  print(`iris, softmax over ${flowers.classes.length} classes: ${folds}-fold accuracy ${(100 * mean).toFixed(2)}% (${(100 * std).toFixed(2)}%)`);
  print(`  ${JSON.stringify(first)} -> ${flowers.decodeLabel(pipe.predict([first])[0])} (probabilities ${proba.join(', ')})`);
  pipe.dispose();
  return { mean, std };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
