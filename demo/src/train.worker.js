// Training runs here, off the page's thread: the page only draws what this worker posts.
// Messages in:  { type: 'train', csv, fileName, config }
// Messages out: data, epoch, holdout, fold, cv, model, done, error (see main.js).
import {
  Dense, MinMaxScaler, Sequential, StandardScaler, StratifiedKFold, brierScore, calibrationCurve, confusionMatrix, init, loadCsvText,
  prAuc, precisionRecallCurve, rocAuc, rocCurve, trainTestSplit,
} from 'wasmlp';
import { permutationImportance, partialDependence } from 'wasmlp/explain';

const post = (type, body = {}) => self.postMessage({ type, ...body });

/** Rows `index` of a matrix, as a new matrix. */
function takeRows(m, index) {
  const out = new Float32Array(index.length * m.cols);
  for (let i = 0; i < index.length; i++) out.set(m.data.subarray(index[i] * m.cols, (index[i] + 1) * m.cols), i * m.cols);
  return { data: out, rows: index.length, cols: m.cols };
}

function takeLabels(y, index) {
  const out = new Int32Array(index.length);
  for (let i = 0; i < index.length; i++) out[i] = y[index[i]];
  return out;
}

function buildModel(config, inputDim, classes) {
  const binary = classes === 2;
  const layers = config.hidden.map((units, i) => new Dense({ units, activation: config.activation, ...(i === 0 ? { inputDim } : {}) }));
  layers.push(new Dense({ units: binary ? 1 : classes, activation: binary ? 'sigmoid' : 'softmax', ...(layers.length === 0 ? { inputDim } : {}) }));
  const model = new Sequential(layers, { seed: config.seed });
  model.compile({
    loss: binary ? 'binaryCrossentropy' : 'sparseCategoricalCrossentropy',
    optimizer: { type: config.optimizer, learningRate: config.learningRate },
    metrics: ['accuracy'],
  });
  return model;
}

const makeScaler = (config) => (config.scaler === 'minmax' ? new MinMaxScaler() : new StandardScaler());

/** The accuracy entry of a logs object, whatever the resolved metric is called. */
function accuracyOf(logs, prefix = '') {
  const key = Object.keys(logs).find((k) => k.startsWith(prefix) && /accuracy$/i.test(k) && (prefix || !k.startsWith('val_')));
  return key === undefined ? NaN : logs[key];
}

/** Probability of class 1 per row (binary), for ROC. */
function positiveScores(model, x) {
  return model.predict(x).data;
}

/** The hold-out's curves as [x, y] points: ROC, precision-recall and reliability (calibration). */
function curves(y, scores) {
  const roc = rocCurve(y, scores, { dropIntermediate: false });
  const pr = precisionRecallCurve(y, scores);
  const cal = calibrationCurve(y, scores, { nBins: 10 });
  return {
    roc: Array.from(roc.fpr, (x, i) => [x, roc.tpr[i]]),
    pr: Array.from(pr.recall, (x, i) => [x, pr.precision[i]]),
    prAuc: prAuc(y, scores),
    calibration: Array.from(cal.probPred, (x, i) => [x, cal.probTrue[i]]),
    brier: brierScore(y, scores),
  };
}

function scoreSet(model, x, y, classes) {
  const evaluated = model.evaluate(x, y);
  const predicted = model.predictClasses(x);
  let correct = 0;
  for (let i = 0; i < y.length; i++) if (predicted[i] === y[i]) correct++;
  const result = { loss: evaluated.loss, accuracy: correct / y.length, predicted };
  if (classes === 2) result.auc = rocAuc(y, positiveScores(model, x));
  return result;
}

async function train({ csv, fileName, config }) {
  const started = performance.now();
  await init();
  const ds = loadCsvText(csv, { fileName });
  if (ds.task === 'regression') throw new Error(`${fileName}: the label column holds continuous values; this demo trains classifiers.`);
  const classes = ds.classes.length;
  post('data', { rows: ds.x.rows, cols: ds.x.cols, classes: ds.classes });

  // Hold-out: a stratified 80/20 split; the curves show its validation scores live.
  const split = trainTestSplit(ds.x, ds.y, { testSize: 0.2, seed: config.seed });
  const scaler = makeScaler(config);
  const xTrain = scaler.fitTransform(split.xTrain);
  const xTest = scaler.transform(split.xTest);
  const model = buildModel(config, ds.x.cols, classes);
  await model.fit(xTrain, split.yTrain, {
    epochs: config.epochs,
    batchSize: config.batchSize,
    validationData: [xTest, split.yTest],
    callbacks: {
      onEpochEnd: (epoch, logs) => post('epoch', {
        epoch: epoch + 1, epochs: config.epochs,
        loss: logs.loss, valLoss: logs.val_loss, accuracy: accuracyOf(logs), valAccuracy: accuracyOf(logs, 'val_'),
      }),
    },
  });
  const test = scoreSet(model, xTest, split.yTest, classes);
  post('holdout', {
    rows: split.yTest.length,
    loss: test.loss,
    accuracy: test.accuracy,
    auc: test.auc ?? null,
    confusion: confusionMatrix(split.yTest, test.predicted, classes),
    classes: ds.classes,
    ...(classes === 2 ? curves(split.yTest, positiveScores(model, xTest)) : { roc: null }),
  });
  // Explanations on the raw hold-out rows: the scaler and the network as one predictProba.
  const explained = {
    predictProba(x) {
      const out = model.predict(scaler.transform(x));
      if (out.cols > 1) return out;
      const data = new Float32Array(out.rows * 2);
      for (let r = 0; r < out.rows; r++) { data[2 * r] = 1 - out.data[r]; data[2 * r + 1] = out.data[r]; }
      return { data, rows: out.rows, cols: 2 };
    },
  };
  const importance = await permutationImportance(explained, split.xTest, split.yTest, { nRepeats: 5, seed: config.seed, featureNames: ds.featureNames });
  const top = importance.featureNames.map((_, j) => j).sort((a, b) => importance.importancesMean[b] - importance.importancesMean[a]).slice(0, 2);
  post('explain', {
    names: importance.featureNames, mean: importance.importancesMean, std: importance.importancesStd, scoring: importance.scoring,
    dependence: top.map((j) => partialDependence(explained, split.xTest, j, { gridResolution: 20, featureNames: ds.featureNames })),
    classes: ds.classes,
  });
  post('model', {
    fileName: `${fileName.replace(/\.[^.]+$/, '')}-model.json`,
    json: {
      format: 'wasmlp-demo-model',
      trainedOn: fileName,
      classes: ds.classes,
      featureNames: ds.featureNames,
      labelName: ds.labelName,
      preprocessing: scaler.toJSON(),
      model: model.toJSON(),
    },
  });
  model.dispose();

  // Cross-validation on all rows: stratified folds, the scaler fitted inside each fold.
  if (config.folds >= 2) {
    const folds = [];
    let k = 0;
    for (const { train: trainIdx, test: testIdx } of new StratifiedKFold({ nSplits: config.folds, shuffle: true, seed: config.seed }).split(ds.x, ds.y)) {
      k++;
      const s = makeScaler(config);
      const xa = s.fitTransform(takeRows(ds.x, trainIdx));
      const xb = s.transform(takeRows(ds.x, testIdx));
      const m = buildModel(config, ds.x.cols, classes);
      await m.fit(xa, takeLabels(ds.y, trainIdx), { epochs: config.epochs, batchSize: config.batchSize });
      const r = scoreSet(m, xb, takeLabels(ds.y, testIdx), classes);
      m.dispose();
      const row = { fold: k, train: trainIdx.length, test: testIdx.length, loss: r.loss, accuracy: r.accuracy, auc: r.auc ?? null };
      folds.push(row);
      post('fold', { ...row, folds: config.folds });
    }
    const mean = (key) => folds.reduce((a, f) => a + f[key], 0) / folds.length;
    const std = (key) => Math.sqrt(folds.reduce((a, f) => a + (f[key] - mean(key)) ** 2, 0) / folds.length);
    post('cv', { accuracy: [mean('accuracy'), std('accuracy')], loss: [mean('loss'), std('loss')], auc: classes === 2 ? [mean('auc'), std('auc')] : null });
  }
  post('done', { seconds: (performance.now() - started) / 1000 });
}

self.onmessage = (event) => {
  if (event.data?.type !== 'train') return;
  train(event.data).catch((e) => post('error', { message: e?.message ?? String(e) }));
};
