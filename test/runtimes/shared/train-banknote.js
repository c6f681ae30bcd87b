// One training body for every runtime test. Plain ESM JavaScript with no imports, so Node, Deno,
// Bun, Chromium, workerd and edge-runtime all run this very file (bundled where a runtime needs a
// script). The caller passes the wasmlp module as its users import it there, plus the CSV text.
//
// Banknote authentication (1372 rows, 4 features, 0/1 label last, no header): min-max scaling,
// a seeded stratified 80/20 split, 4-(8-8)-1 tanh with a sigmoid output, SGD, a few epochs.
// Then a wide network (two 320-unit layers, batch 32) whose kernels are large enough for the
// core's packed GEMM paths (forward, weight gradient and batched predict); its weights enter the
// same hash, so every runtime must reproduce those paths bit for bit too. So do the weights (moving
// statistics included) and predictions of a network with BatchNormalization layers, and of the
// default recipe (TabularClassifier: inner-CV architecture choice, ensemble, schedule).

/** FNV-1a 32-bit over bytes: pure integer arithmetic, so every engine gets the same value. */
export function fnv1a(bytes, hash = 0x811c9dc5) {
  for (let i = 0; i < bytes.length; i++) {
    hash ^= bytes[i];
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** Hash of every weight's float32 bytes (little-endian on every engine we run), in layer order. */
export function weightsHash(weights) {
  let hash = 0x811c9dc5;
  for (const w of weights) {
    const copy = Float32Array.from(w.values); // own buffer: values may be a view into wasm memory
    hash = fnv1a(new Uint8Array(copy.buffer), hash);
  }
  return hash.toString(16).padStart(8, '0');
}

export const EPOCHS = 5;

/**
 * @param {typeof import('../../../dist/index.js')} wasmlp the package's main entry
 * @param {string} csvText Banknote CSV text
 * @param {{ init?: unknown }} [options] what to pass to init() (a WebAssembly.Module on workerd/edge)
 * @returns {Promise<{ accuracy: number, loss: number, weightsHash: string, rows: number, predictions: number, params: number }>}
 */
export async function trainBanknote(wasmlp, csvText, options = {}) {
  const { Sequential, Dense, MinMaxScaler, trainTestSplit, loadCsvText, init } = wasmlp;
  await init(options.init);
  const data = loadCsvText(csvText);
  const { xTrain, xTest, yTrain, yTest } = trainTestSplit(data.x, data.y, { testSize: 0.2, seed: 7 });
  const scaler = new MinMaxScaler();
  const train = scaler.fitTransform(xTrain);
  const test = scaler.transform(xTest);

  const model = new Sequential([
    new Dense({ units: 8, activation: 'tanh', inputDim: 4 }),
    new Dense({ units: 8, activation: 'tanh' }),
    new Dense({ units: 1, activation: 'sigmoid' }),
  ], { seed: 1 });
  model.compile({ loss: 'binaryCrossentropy', optimizer: { type: 'sgd', learningRate: 0.1 }, metrics: ['accuracy'] });
  await model.fit(train, yTrain, { epochs: EPOCHS, batchSize: 32, shuffle: true, verbose: 0 });

  const scores = model.evaluate(test, yTest);
  const predicted = model.predictClasses(test);
  let correct = 0;
  for (let i = 0; i < predicted.length; i++) if (predicted[i] === yTest[i]) correct++;
  const result = {
    rows: data.x.rows,
    accuracy: correct / predicted.length,
    loss: scores.loss,
    binaryAccuracy: scores.binaryAccuracy,
    predictions: predicted.length,
    params: model.countParams(),
    weightsHash: '',
    sparseHash: await trainSparse(wasmlp, train, yTrain, test),
  };
  const weights = model.getWeights();
  model.dispose();
  const wide = await trainWide(wasmlp);
  const normed = await trainBatchNorm(wasmlp, train, yTrain, test);
  const recipe = await trainRecipe(wasmlp, train, yTrain, test);
  result.wideUnits = wide.units;
  result.weightsHash = weightsHash([...weights, ...wide.weights, { values: wide.predictions }, ...normed, ...recipe]);
  return result;
}

/**
 * The sparse (CSR) input path: each scaled feature is binned into one of 10 columns holding its
 * value, so rows have 4 nonzeros out of 40; a network trained on that must match Node bit for bit.
 * Returns a hash of its weights and its predictions on the test rows.
 */
async function trainSparse(wasmlp, train, yTrain, test) {
  const { Sequential, Dense } = wasmlp;
  const toCsr = (m) => {
    const bins = 10, indptr = new Int32Array(m.rows + 1), indices = [], values = [];
    for (let r = 0; r < m.rows; r++) {
      for (let f = 0; f < m.cols; f++) {
        const v = m.data[r * m.cols + f];
        if (v === 0) continue;
        indices.push(f * bins + Math.min(bins - 1, Math.max(0, Math.floor(v * bins))));
        values.push(v);
      }
      indptr[r + 1] = indices.length;
    }
    return { format: 'csr', rows: m.rows, cols: m.cols * bins, indptr, indices: Int32Array.from(indices), values: Float32Array.from(values) };
  };
  const x = toCsr(train);
  const model = new Sequential([
    new Dense({ units: 8, activation: 'relu', inputDim: x.cols }),
    new Dense({ units: 1, activation: 'sigmoid' }),
  ], { seed: 2 });
  model.compile({ loss: 'binaryCrossentropy', optimizer: { type: 'adam', learningRate: 0.01 } });
  await model.fit(x, yTrain, { epochs: 3, batchSize: 32, shuffle: true, verbose: 0 });
  const p = model.predict(toCsr(test));
  const hash = weightsHash([...model.getWeights(), { values: p.data }]);
  model.dispose();
  return hash;
}

/**
 * BatchNormalization: batch statistics in training, moving ones in predict. Returns the weights
 * (gamma, beta, moving mean and variance among them) and the test predictions.
 */
async function trainBatchNorm(wasmlp, train, yTrain, test) {
  const { Sequential, Dense, BatchNormalization } = wasmlp;
  const model = new Sequential([
    new Dense({ units: 8, activation: 'relu', inputDim: 4 }),
    new BatchNormalization({ momentum: 0.9 }),
    new Dense({ units: 8, activation: 'tanh' }),
    new BatchNormalization({ center: false }),
    new Dense({ units: 1, activation: 'sigmoid' }),
  ], { seed: 4 });
  model.compile({ loss: 'binaryCrossentropy', optimizer: { type: 'adam', learningRate: 0.01 } });
  await model.fit(train, yTrain, { epochs: 3, batchSize: 32, shuffle: true, verbose: 0 });
  const out = [...model.getWeights(), { values: Float32Array.from(model.predict(test).data) }];
  model.dispose();
  return out;
}

/**
 * The default recipe, small: TabularClassifier's inner-CV choice of hidden layers, a 2-network
 * seed ensemble, AdamW on the multi-cycle schedule, label smoothing and dropout. Returns every
 * member's weights and the averaged test probabilities.
 */
async function trainRecipe(wasmlp, train, yTrain, test) {
  const { TabularClassifier } = wasmlp;
  const clf = new TabularClassifier({ seed: 5, ensemble: 2, hiddenCandidates: [[8, 8], []], selectFolds: 2, epochs: 3 });
  await clf.fit(train, yTrain);
  const out = [...clf.members.flatMap((m) => m.getWeights()), { values: Float32Array.from(clf.predictProba(test).data) }, { values: Float32Array.of(clf.selection.chosen) }];
  clf.dispose();
  return out;
}

/** Units per hidden layer of the wide workload: 320 x 320 x 4 bytes is above the packing threshold (256 KiB). */
export const WIDE_UNITS = 320;

/** Two epochs of a 16-320-320-1 relu network on seeded synthetic rows; returns its weights and predictions. */
function trainWide(wasmlp) {
  const { Sequential, Dense, makeClassification } = wasmlp;
  const { x, y } = makeClassification({ nSamples: 256, nFeatures: 16, nInformative: 6, seed: 3 });
  const model = new Sequential([
    new Dense({ units: WIDE_UNITS, activation: 'relu', inputDim: 16 }),
    new Dense({ units: WIDE_UNITS, activation: 'relu' }),
    new Dense({ units: 1, activation: 'sigmoid' }),
  ], { seed: 2 });
  model.compile({ loss: 'binaryCrossentropy', optimizer: { type: 'adam', learningRate: 0.001 } });
  return model.fit(x, y, { epochs: 2, batchSize: 32, shuffle: true }).then(() => {
    const out = { units: WIDE_UNITS, weights: model.getWeights(), predictions: Float32Array.from(model.predict(x).data) };
    model.dispose();
    return out;
  });
}
