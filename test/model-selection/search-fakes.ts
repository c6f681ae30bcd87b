import type { Estimator, Matrix } from '../../src/index.js';
import { toFeatures } from '../../src/data/rows.js';

/**
 * Rows whose column 0 is the label and column 1 a fixed number in [0, 1): FakeClassifier with
 * quality q predicts the label where column 1 < q and the other class elsewhere, so its accuracy
 * is known without training. Searches over q then have a known best.
 */
export function fakeTable(rows: number): { x: number[][]; y: number[] } {
  const x: number[][] = [], y: number[] = [];
  for (let i = 0; i < rows; i++) {
    const label = i % 2;
    x.push([label, ((i * 37) % rows) / rows]);
    y.push(label);
  }
  return { x, y };
}

export interface FakeParams { quality: number; epochs: number }

/** A classifier that trains instantly; it records each fit (rows, epochs) and can advance a fake clock. */
export class FakeClassifier implements Estimator {
  readonly className = 'FakeClassifier';
  isFitted = false;
  history = null;
  constructor(public params: FakeParams = { quality: 0.5, epochs: 10 }, readonly log: { rows: number; epochs: number; quality: number }[] = [], readonly onFit?: () => void) {}
  async fit(x: Parameters<Estimator['fit']>[0], _y: ArrayLike<number>): Promise<this> {
    this.log.push({ rows: toFeatures(x, 'x').rows, epochs: this.params.epochs, quality: this.params.quality });
    this.onFit?.();
    this.isFitted = true;
    return this;
  }
  predictProba(x: Parameters<Estimator['fit']>[0]): Matrix {
    const X = toFeatures(x, 'x') as unknown as Matrix;
    const data = new Float32Array(X.rows * 2);
    for (let r = 0; r < X.rows; r++) {
      const label = X.data[r * X.cols], u = X.data[r * X.cols + 1];
      const guess = u < this.params.quality ? label : 1 - label;
      data[2 * r + guess] = 0.9;
      data[2 * r + 1 - guess] = 0.1;
    }
    return { data, rows: X.rows, cols: 2 };
  }
  predict(x: Parameters<Estimator['fit']>[0]): Int32Array {
    const p = this.predictProba(x);
    return Int32Array.from({ length: p.rows }, (_, r) => (p.data[2 * r + 1] > 0.5 ? 1 : 0));
  }
  score(): number { return 0; }
  clone(): FakeClassifier { return new FakeClassifier({ ...this.params }, this.log, this.onFit); }
  getParams(): Record<string, unknown> { return { ...this.params }; }
  setParams(p: Record<string, unknown>): this { this.params = { ...this.params, ...p } as FakeParams; return this; }
  toJSON(): unknown { return { className: this.className, params: this.params }; }
  dispose(): void {}
}
