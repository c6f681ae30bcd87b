// From continuous output to two categories. A regression network (linear output, mean squared
// error) trained on 0/1 targets predicts numbers that are not probabilities: some fall below 0 or
// above 1, and "accuracy" needs a threshold you chose. Swapping the output activation to sigmoid
// and the loss to binaryCrossentropy makes the same network a classifier: outputs in (0, 1) that
// read as P(class 1), a log loss, and Keras' p > 0.5 rule. Data: Pima Indians diabetes.
//
//   WASMLP_DATA_DIR=../shared/data node examples/regression-to-classifier.mjs
import { pathToFileURL } from 'node:url';
import { Dense, Sequential, StandardScaler, binaryAccuracy, loadDataset, rocAuc, trainTestSplit } from 'wasmlp/node';

/** The same 8-12-8-1 network; only the output activation and the loss differ. */
function network(output, loss, seed) {
  const model = new Sequential([
    new Dense({ units: 12, activation: 'relu', inputDim: 8 }),
    new Dense({ units: 8, activation: 'relu' }),
    new Dense({ units: 1, activation: output }),
  ], { seed });
  model.compile({ loss, optimizer: { type: 'adam', learningRate: 0.001 }, metrics: [loss === 'meanSquaredError' ? 'meanAbsoluteError' : 'accuracy'] });
  return model;
}

export async function main({ epochs = 60, batchSize = 10, seed = 7, print = console.log } = {}) {
  const pima = await loadDataset('pima');
  const { xTrain, yTrain, xTest, yTest } = trainTestSplit(pima.x, pima.y, { testSize: 0.25, seed });
  const scaler = new StandardScaler();
  const train = scaler.fitTransform(xTrain), test = scaler.transform(xTest);
  /** @type {Record<'regression' | 'classifier', { loss: number, accuracy: number, rocAuc: number, min: number, max: number, outsideUnitInterval: number }>} */
  const results = /** @type {any} */ ({});
  for (const [name, output, loss] of [['regression', 'linear', 'meanSquaredError'], ['classifier', 'sigmoid', 'binaryCrossentropy']]) {
    const model = network(output, loss, seed);
    await model.fit(train, Float32Array.from(yTrain), { epochs, batchSize });
    const out = model.predict(test).data;
    const logs = model.evaluate(test, Float32Array.from(yTest));
    let below = 0, above = 0, min = Infinity, max = -Infinity;
    for (const v of out) { if (v < 0) below++; if (v > 1) above++; min = Math.min(min, v); max = Math.max(max, v); }
    results[name] = { loss: logs.loss, accuracy: binaryAccuracy(yTest, out), rocAuc: rocAuc(yTest, out), min, max, outsideUnitInterval: below + above };
    print(`${name.padEnd(10)} output ${output.padEnd(7)} loss ${loss}: ${logs.loss.toFixed(4)}`);
    print(`           outputs in [${min.toFixed(3)}, ${max.toFixed(3)}], ${below + above} of ${out.length} outside [0, 1]; accuracy at 0.5: ${(100 * results[name].accuracy).toFixed(2)}%, ROC AUC ${results[name].rocAuc.toFixed(3)}`);
    model.dispose();
  }
  print('Only the sigmoid + binaryCrossentropy outputs are probabilities; the ranking (ROC AUC) of both is similar.');
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
