import type { WithSnakeCase } from '../names.js';
import { toMatrix, type Matrix, type MatrixLike } from '../data/matrix.js';
import { MatrixTransformer, affine, columnMeans, type TransformerJSON } from './transformer.js';
import { normaliseOptions } from '../options.js';

/** Options of StandardScaler: whether to center and whether to scale. */
export interface StandardScalerConfig {
  /** Subtract the column mean (default true). */
  withMean?: boolean;
  /** Divide by the column standard deviation (default true). */
  withStd?: boolean;
}

/** The fitted state of a StandardScaler: per-column mean and standard deviation. */
export interface StandardScalerState {
  nFeatures: number;
  mean: number[];
  /** Population standard deviation (ddof = 0); 1 for constant columns. */
  scale: number[];
}

/**
 * z = (x - mean) / std per column, std with ddof = 0 as in scikit-learn. Sums run in float64.
 * A constant column (std 0) is scaled by 1, never divided by zero.
 */
export class StandardScaler extends MatrixTransformer<StandardScalerConfig, StandardScalerState> {
  readonly className = 'StandardScaler';

  private readonly config: StandardScalerConfig;

  constructor(config: WithSnakeCase<StandardScalerConfig> = {}) {
    super();
    this.config = normaliseOptions<StandardScalerConfig>('StandardScaler', config, ['withMean', 'withStd']);
  }

  getConfig(): StandardScalerConfig {
    return { ...this.config };
  }

  /** Running count, mean and sum of squared deviations (float64) for partialFit. */
  private running: { n: number; mean: Float64Array; m2: Float64Array } | null = null;

  override fit(x: MatrixLike, y?: unknown): this {
    this.running = null;
    return super.fit(x, y);
  }

  /**
   * Folds a chunk of rows into the statistics (Chan et al.'s pairwise update of mean and
   * variance, float64): the result matches fit on all rows seen so far to rounding.
   */
  partialFit(x: MatrixLike, _y?: unknown): this {
    const m = toMatrix(x, 'StandardScaler.partialFit x');
    const r = (this.running ??= { n: 0, mean: new Float64Array(m.cols), m2: new Float64Array(m.cols) });
    this.checkPartialWidth(m, r.mean.length);
    const mean = columnMeans(m);
    const m2 = new Float64Array(m.cols);
    for (let i = 0; i < m.data.length; i++) {
      const d = m.data[i] - mean[i % m.cols];
      m2[i % m.cols] += d * d;
    }
    const n = r.n + m.rows;
    for (let c = 0; c < m.cols; c++) {
      const delta = mean[c] - r.mean[c];
      r.mean[c] += (delta * m.rows) / n;
      r.m2[c] += m2[c] + (delta * delta * r.n * m.rows) / n;
    }
    r.n = n;
    this.state = this.summarise(r.mean, r.m2, n, m.cols);
    return this;
  }

  private summarise(mean: Float64Array, ss: Float64Array, rows: number, cols: number): StandardScalerState {
    const withMean = this.config.withMean ?? true, withStd = this.config.withStd ?? true;
    return {
      nFeatures: cols,
      mean: Array.from(mean, (v) => (withMean ? v : 0)),
      scale: Array.from(ss, (s) => {
        const std = Math.sqrt(s / rows);
        return withStd && std > 0 ? std : 1; // scikit-learn's _handle_zeros_in_scale
      }),
    };
  }

  protected learn(x: Matrix): StandardScalerState {
    const mean = columnMeans(x);
    const ss = new Float64Array(x.cols);
    for (let i = 0; i < x.data.length; i++) {
      const d = x.data[i] - mean[i % x.cols];
      ss[i % x.cols] += d * d;
    }
    return this.summarise(mean, ss, x.rows, x.cols);
  }

  protected apply(x: Matrix, s: StandardScalerState, inverse: boolean): Matrix {
    return affine(x, s.mean, s.scale, inverse);
  }

  static fromJSON(json: TransformerJSON<StandardScalerConfig, StandardScalerState>): StandardScaler {
    return new StandardScaler(json.config ?? {}).restore(json);
  }
}
