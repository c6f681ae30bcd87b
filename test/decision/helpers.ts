import { Dense, Sequential, StandardScaler } from '../../src/index.js';
import { toMatrix, type Matrix, type MatrixLike } from '../../src/data/matrix.js';
import type { FitOptions } from '../../src/model/trainer.js';
import type { ProbabilisticClassifier } from '../../src/decision/classifier-like.js';
import { SeededRandom } from '../../src/random.js';

export interface MlpOptions {
  hidden?: number[];
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  seed?: number;
  fit?: Omit<FitOptions, 'epochs' | 'batchSize'>;
}

/**
 * A standardize-then-MLP binary classifier with clone(): the scaler is fitted on the rows given to
 * fit only, so every fold is standardized on its own training part.
 */
export class ScaledMlp implements ProbabilisticClassifier {
  private model: Sequential | null = null;
  private scaler: StandardScaler | null = null;
  constructor(readonly options: MlpOptions = {}) {}

  async fit(x: MatrixLike, y: ArrayLike<number>): Promise<this> {
    this.dispose();
    const X = toMatrix(x, 'x');
    this.scaler = new StandardScaler();
    const xs = this.scaler.fitTransform(X);
    const o = this.options;
    const layers = [];
    let inputDim: number | undefined = X.cols;
    for (const units of o.hidden ?? [16]) {
      layers.push(new Dense({ units, activation: 'relu', ...(inputDim ? { inputDim } : {}) }));
      inputDim = undefined;
    }
    layers.push(new Dense({ units: 1, activation: 'sigmoid' }));
    const m = new Sequential(layers, { seed: o.seed ?? 1 });
    m.compile({ loss: 'binaryCrossentropy', optimizer: { type: 'adam', learningRate: o.learningRate ?? 0.001 } });
    await m.fit(xs, Int32Array.from(y, (v) => v), { epochs: o.epochs ?? 50, batchSize: o.batchSize ?? 32, ...(o.fit ?? {}) });
    this.model = m;
    return this;
  }

  predictProba(x: MatrixLike): Matrix {
    if (!this.model || !this.scaler) throw new Error('ScaledMlp: fit first');
    return this.model.predict(this.scaler.transform(toMatrix(x, 'x')));
  }

  clone(): ScaledMlp {
    return new ScaledMlp(this.options);
  }

  dispose(): void {
    this.model?.dispose();
    this.model = null;
  }
}

/**
 * Seeded synthetic binary set with a given positive rate: positives are shifted along a few
 * informative directions, with noise features and overlap, so neither class is separable.
 */
export function imbalancedSet(n: number, positiveRate: number, seed: number, features = 10, informative = 4, shift = 1.2): { x: Matrix; y: Int32Array } {
  const rng = new SeededRandom(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
  const nPos = Math.round(n * positiveRate);
  const y = new Int32Array(n);
  for (let i = 0; i < nPos; i++) y[i] = 1;
  const order = rng.shuffle(Array.from({ length: n }, (_, i) => i));
  const yy = Int32Array.from(order, (i) => y[i]);
  const data = new Float32Array(n * features);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < features; j++) {
      const mean = j < informative && yy[i] === 1 ? shift * (j % 2 === 0 ? 1 : -1) : 0;
      data[i * features + j] = mean + gauss() * (j < informative && yy[i] === 1 ? 1.3 : 1);
    }
  }
  return { x: { data, rows: n, cols: features }, y: yy };
}
