// The threads body for every runtime with workers: one model big enough that its products are
// split, trained on 2 threads, then 1, then 'auto' (init({ threads }) resizes the pool in place).
// Plain ESM with no imports, like train-banknote.js. Every run must give the same bits.
import { fnv1a, weightsHash } from './train-banknote.js';

function lcgMatrix(rows, cols, seed, binary) {
  const data = new Float32Array(rows * cols);
  let s = seed >>> 0;
  for (let i = 0; i < data.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    data[i] = binary ? s >>> 31 : s / 4294967296 - 0.5;
  }
  return { data, rows, cols };
}

/**
 * @param {typeof import('../../../dist/index.js')} wasmlp
 * @returns {Promise<{ hashes: string[], threads: number[], shared: boolean, reason: string }>}
 */
export async function trainThreads(wasmlp) {
  const { Sequential, Dense, init, threads } = wasmlp;
  const x = lcgMatrix(192, 67, 1, false);
  const y = lcgMatrix(192, 5, 2, true);
  const hashes = [];
  const counts = [];
  let info;
  for (const t of [2, 1, 'auto']) {
    await init({ threads: t });
    info = threads();
    counts.push(info.threads);
    const model = new Sequential([
      new Dense({ units: 512, activation: 'relu', inputDim: 67 }),
      new Dense({ units: 260, activation: 'tanh' }),
      new Dense({ units: 5, activation: 'sigmoid' }),
    ], { seed: 3 });
    model.compile({ loss: 'binaryCrossentropy', optimizer: { type: 'adam', learningRate: 0.01 } });
    await model.fit(x, y, { epochs: 2, batchSize: 50 });
    const out = Float32Array.from(model.predict(x).data);
    hashes.push(`${weightsHash(model.getWeights())}:${fnv1a(new Uint8Array(out.buffer)).toString(16)}`);
    model.dispose();
  }
  return { hashes, threads: counts, shared: info.shared, reason: info.reason };
}
