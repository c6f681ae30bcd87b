// Sonar, mines vs rocks: the baseline / standardized / smaller / larger networks of the Keras
// binary-classification tutorial, each under stratified 10-fold cross-validation, as a table of
// mean (std) accuracy.
//
//   WASMLP_DATA_DIR=../shared/data node examples/sonar.mjs      (else sonar is downloaded once from UCI)
import { pathToFileURL } from 'node:url';
import { Dense, KerasClassifier, Pipeline, Sequential, StandardScaler, crossValScore, loadDataset } from 'wasmlp/node';

/** create_baseline, create_smaller and create_larger as functions of the hidden layer sizes. */
const network = (hidden) => ({ nFeatures, seed }) => {
  const layers = hidden.map((units, i) => new Dense({ units, activation: 'relu', ...(i === 0 ? { inputDim: nFeatures } : {}) }));
  const model = new Sequential([...layers, new Dense({ units: 1, activation: 'sigmoid' })], { seed });
  model.compile({ loss: 'binaryCrossentropy', optimizer: 'adam', metrics: ['accuracy'] });
  return model;
};

export const EXPERIMENTS = [
  { name: 'Baseline', hidden: [60], standardize: false },
  { name: 'Standardized', hidden: [60], standardize: true },
  { name: 'Smaller', hidden: [30], standardize: true },
  { name: 'Larger', hidden: [60, 30], standardize: true },
];

export async function main({ epochs = 100, batchSize = 5, folds = 10, seed = 7, print = console.log } = {}) {
  const sonar = await loadDataset('sonar');
  print(`Sonar: ${sonar.x.rows} rows, ${sonar.x.cols} features, classes ${sonar.classes.join('/')}; stratified ${folds}-fold CV, ${epochs} epochs, batch ${batchSize}`);
  const rows = [];
  for (const { name, hidden, standardize } of EXPERIMENTS) {
    const classifier = new KerasClassifier({ build: network(hidden), epochs, batchSize, seed });
    const estimator = standardize ? new Pipeline([new StandardScaler(), classifier]) : classifier;
    const t0 = performance.now();
    const { mean, std, scores } = await crossValScore(estimator, sonar.x, sonar.y, { cv: folds, seed });
    const seconds = (performance.now() - t0) / 1000;
    rows.push({ name, hidden, standardize, mean, std, scores, seconds });
    print(`${name.padEnd(13)} ${hidden.join('-').padEnd(6)} ${(100 * mean).toFixed(2)}% (${(100 * std).toFixed(2)}%)  ${seconds.toFixed(2)} s`);
  }
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
