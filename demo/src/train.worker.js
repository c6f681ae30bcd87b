// Training runs here, off the page's thread: the page only draws what this worker posts.
// Messages in:  { type: 'train', csv, fileName, config, table: null | { label, drop } }
//   table null: the numeric flow (scaler + network on a matrix, label in the last column);
//   otherwise the table flow: Pipeline([TableTransformer, KerasClassifier]) on the raw table, so
//   imputation, encoding and scaling are fitted on each training part only.
// Messages out: data, epoch, holdout, fold, cv, model, done, error (see main.js).
import {
  Dense, MinMaxScaler, Sequential, StandardScaler, StratifiedKFold, brierScore, calibrationCurve, confusionMatrix, init, loadCsvText,
  prAuc, precisionRecallCurve, rocAuc, rocCurve, trainTestSplit,
  KerasClassifier, Pipeline, TableTransformer, inferSchema, parseTable, selectRows, splitLabel,
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

async function train({ csv, fileName, config, table }) {
  const started = performance.now();
  await init();
  if (table) return trainTable(csv, fileName, config, table, started);
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

/** A fresh, unfitted pipeline: the table's default preprocessing, then the network. */
function makePipeline(config, kinds, drop, callbacks) {
  return new Pipeline([
    ['table', new TableTransformer({ kinds, drop, scale: config.scaler === 'minmax' ? 'minmax' : 'standard' })],
    ['model', new KerasClassifier({
      build: ({ nFeatures, nClasses }) => buildModel(config, nFeatures, nClasses),
      epochs: config.epochs, batchSize: config.batchSize, seed: config.seed,
      ...(callbacks ? { fitOptions: { callbacks } } : {}),
    })],
  ]);
}

/** Mean cross-entropy and accuracy of a fitted pipeline's probabilities (one column per class). */
function scorePipeline(pipe, x, y, classes) {
  const p = pipe.predictProba(x);
  let loss = 0, correct = 0;
  const predicted = new Int32Array(y.length);
  const scores = new Float32Array(y.length);
  for (let r = 0; r < y.length; r++) {
    let best = 0;
    for (let c = 1; c < p.cols; c++) if (p.data[r * p.cols + c] > p.data[r * p.cols + best]) best = c;
    predicted[r] = best;
    if (best === y[r]) correct++;
    loss -= Math.log(Math.max(p.data[r * p.cols + y[r]], 1e-7));
    scores[r] = p.data[r * p.cols + (p.cols - 1)];
  }
  const result = { loss: loss / y.length, accuracy: correct / y.length, predicted, scores };
  if (classes === 2) result.auc = rocAuc(y, scores);
  return result;
}

/** The table flow: label by name, columns dropped on request, preprocessing fitted per training part. */
async function trainTable(csv, fileName, config, spec, started) {
  const { table } = parseTable(csv, { fileName, encoding: 'auto' });
  // Rows without a label cannot be learned from; they are left out and counted (shown on the page).
  const ds = splitLabel(table, spec.label, { dropMissingLabels: true });
  if (ds.task === 'regression') throw new Error(`${fileName}: the label column '${spec.label}' holds continuous values; this demo trains classifiers. Pick another label.`);
  const classes = ds.classes.length;
  // Kinds are read once on the whole file (no statistics, only how to read each column), so every fold reads columns alike.
  const schema = inferSchema(ds.x, { drop: spec.drop, warn: false });
  const kinds = Object.fromEntries(schema.columns.map((c) => [c.name, c.kind]));

  const split = trainTestSplit(ds.x, ds.y, { testSize: 0.2, seed: config.seed });
  let xTestEncoded = null;
  let net = null;
  const pipe = makePipeline(config, kinds, spec.drop, [{
    setModel: (m) => { net = m; },
    onEpochEnd: (epoch, logs) => {
      // The validation numbers come from the model being trained, on the hold-out encoded by the
      // transformer already fitted on the training part.
      let val = { loss: NaN, accuracy: NaN };
      try {
        xTestEncoded ??= pipe.steps[0].step.transform(split.xTest);
        const e = net.evaluate(xTestEncoded, split.yTest);
        val = { loss: e.loss, accuracy: accuracyOf(e) };
      } catch { /* the curves then show the training part only */ }
      post('epoch', { epoch: epoch + 1, epochs: config.epochs, loss: logs.loss, valLoss: val.loss, accuracy: accuracyOf(logs), valAccuracy: val.accuracy });
    },
  }]);
  await pipe.fit(split.xTrain, split.yTrain);
  const encoded = pipe.steps[0].step.featureNamesOut().length;
  post('data', { rows: ds.y.length, cols: ds.x.columns.length - spec.drop.length, encoded, classes: ds.classes, droppedRows: ds.droppedRows });
  const test = scorePipeline(pipe, split.xTest, split.yTest, classes);
  post('holdout', {
    rows: split.yTest.length, loss: test.loss, accuracy: test.accuracy, auc: test.auc ?? null,
    confusion: confusionMatrix(split.yTest, test.predicted, classes), classes: ds.classes,
    ...(classes === 2 ? curves(split.yTest, test.scores) : { roc: null }),
  });
  post('model', {
    fileName: `${fileName.replace(/\.[^.]+$/, '')}-pipeline.json`,
    json: {
      format: 'wasmlp-demo-pipeline',
      trainedOn: fileName,
      labelName: ds.labelName,
      classes: ds.classes,
      dropped: spec.drop,
      // The whole fitted pipeline: Pipeline.fromJSON(pipeline).predict(rawRows) works on raw rows.
      pipeline: pipe.toJSON(),
    },
  });
  pipe.steps[1].step.dispose?.();

  if (config.folds >= 2) {
    const folds = [];
    let k = 0;
    for (const { train: trainIdx, test: testIdx } of new StratifiedKFold({ nSplits: config.folds, shuffle: true, seed: config.seed }).split(ds.x, ds.y)) {
      k++;
      const p = makePipeline(config, kinds, spec.drop, null);
      await p.fit(selectRows(ds.x, trainIdx), takeLabels(ds.y, trainIdx));
      const r = scorePipeline(p, selectRows(ds.x, testIdx), takeLabels(ds.y, testIdx), classes);
      p.steps[1].step.dispose?.();
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
