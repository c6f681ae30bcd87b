// One training body for every runtime test. Plain ESM JavaScript with no imports, so Node, Deno,
// Bun, Chromium, workerd and edge-runtime all run this very file (bundled where a runtime needs a
// script). The caller passes the wasmlp module as its users import it there, plus the CSV text.
//
// Banknote authentication (1372 rows, 4 features, 0/1 label last, no header): min-max scaling,
// a seeded stratified 80/20 split, 4-(8-8)-1 tanh with a sigmoid output, SGD, a few epochs.
// Then a wide network (two 320-unit layers, batch 32) whose kernels are large enough for the
// core's packed GEMM paths (forward, weight gradient and batched predict); its weights enter the
// same hash, so every runtime must reproduce those paths bit for bit too.

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
  };
  const weights = model.getWeights();
  model.dispose();
  const wide = await trainWide(wasmlp);
  result.wideUnits = wide.units;
  result.weightsHash = weightsHash([...weights, ...wide.weights, { values: wide.predictions }]);
  return result;
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
