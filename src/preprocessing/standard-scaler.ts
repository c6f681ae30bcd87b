import type { Matrix } from '../data/matrix.js';
import { ColumnTransformer, affine, columnMeans, type TransformerJSON } from './transformer.js';
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
export class StandardScaler extends ColumnTransformer<StandardScalerConfig, StandardScalerState> {
  readonly className = 'StandardScaler';

  private readonly config: StandardScalerConfig;

  constructor(config: StandardScalerConfig = {}) {
    super();
    this.config = normaliseOptions<StandardScalerConfig>('StandardScaler', config, ['withMean', 'withStd']);
  }

  getConfig(): StandardScalerConfig {
    return { ...this.config };
  }

  protected learn(x: Matrix): StandardScalerState {
    const mean = columnMeans(x);
    const ss = new Float64Array(x.cols);
    for (let i = 0; i < x.data.length; i++) {
      const d = x.data[i] - mean[i % x.cols];
      ss[i % x.cols] += d * d;
    }
    const withMean = this.config.withMean ?? true, withStd = this.config.withStd ?? true;
    return {
      nFeatures: x.cols,
      mean: Array.from(mean, (m) => (withMean ? m : 0)),
      scale: Array.from(ss, (s) => {
        const std = Math.sqrt(s / x.rows);
        return withStd && std > 0 ? std : 1; // scikit-learn's _handle_zeros_in_scale
      }),
    };
  }

  protected apply(x: Matrix, s: StandardScalerState, inverse: boolean): Matrix {
    return affine(x, s.mean, s.scale, inverse);
  }

  static fromJSON(json: TransformerJSON<StandardScalerConfig, StandardScalerState>): StandardScaler {
    return new StandardScaler(json.config ?? {}).restore(json);
  }
}
