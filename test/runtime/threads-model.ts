// A model big enough that its products are split over threads (row and column splits, tails in
// every dimension), trained on deterministic data: shared by the thread tests.
import { Dense, Sequential } from '../../src/index.js';

function lcgMatrix(rows: number, cols: number, seed: number, binary: boolean) {
  const data = new Float32Array(rows * cols);
  let s = seed >>> 0;
  for (let i = 0; i < data.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    data[i] = binary ? s >>> 31 : s / 4294967296 - 0.5;
  }
  return { data, rows, cols };
}

export const X = lcgMatrix(256, 67, 1, false);
export const Y = lcgMatrix(256, 5, 2, true);

/**
 * Trains a fresh 67-512-260-5 net (batch 50: a 6-row last batch) and returns its weights and
 * outputs. Above the split threshold (2M multiply-adds): the 512x260 products in training (by
 * columns, 260 = 32 x 8 + 4), the input gradient by rows, the 512x260 kernel's update (133k
 * values x 16), and prediction's 67x512 product by rows.
 */
export async function trainSplitModel(epochs = 2): Promise<{ weights: Float32Array; outputs: Float32Array }> {
  const model = new Sequential([
    new Dense({ units: 512, activation: 'relu', inputDim: 67 }),
    new Dense({ units: 260, activation: 'tanh' }),
    new Dense({ units: 5, activation: 'sigmoid' }),
  ], { seed: 3 });
  model.compile({ loss: 'binaryCrossentropy', optimizer: { type: 'adam', learningRate: 0.01 } });
  await model.fit(X, Y, { epochs, batchSize: 50 });
  const weights = Float32Array.from(model.getWeights().flatMap((w) => Array.from(w.values)));
  const outputs = Float32Array.from(model.predict(X).data);
  model.dispose();
  return { weights, outputs };
}

/** The float32 bit patterns, so -0 vs 0 or two NaNs compare exactly. */
export function bits(a: Float32Array): Uint32Array {
  return new Uint32Array(a.buffer, a.byteOffset, a.length);
}
