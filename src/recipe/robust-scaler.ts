import { normaliseOptions } from '../options.js';
import type { Matrix } from '../data/matrix.js';
import { ColumnTransformer, type TransformerJSON } from '../preprocessing/transformer.js';

/** Options of RobustScaler: whether to apply the smooth clipping after scaling. */
export interface RobustScalerConfig {
  /** Apply RealMLP's smooth clipping z / sqrt(1 + (z / 3)^2) after scaling (default true). */
  smoothClip?: boolean;
}

export interface RobustScalerState {
  nFeatures: number;
  median: number[];
  /** Multiplier per column: 1 / IQR, else 2 / range, else 0 (a constant column). */
  factor: number[];
}

/** The quantile q of sorted values, linearly interpolated (numpy's default). */
function quantile(sorted: Float64Array, q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos), hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/**
 * RealMLP's robust scaling (Holzmüller et al. 2024): z = (x - median) / IQR per column (2 / range
 * when the IQR is 0, as for mostly-constant or binary columns), then a smooth clip that keeps
 * |z| under 3, so a heavy tail or an outlier cannot dominate the first layer.
 */
export class RobustScaler extends ColumnTransformer<RobustScalerConfig, RobustScalerState> {
  readonly className = 'RobustScaler';

  private readonly config: RobustScalerConfig;

  constructor(config: RobustScalerConfig = {}) {
    super();
    this.config = normaliseOptions<RobustScalerConfig>('RobustScaler', config, ['smoothClip']);
  }

  getConfig(): RobustScalerConfig {
    return { ...this.config };
  }

  protected learn(x: Matrix): RobustScalerState {
    const median: number[] = [], factor: number[] = [];
    const column = new Float64Array(x.rows);
    for (let c = 0; c < x.cols; c++) {
      for (let r = 0; r < x.rows; r++) column[r] = x.data[r * x.cols + c];
      column.sort();
      const iqr = quantile(column, 0.75) - quantile(column, 0.25);
      const range = column[x.rows - 1] - column[0];
      median.push(quantile(column, 0.5));
      factor.push(iqr > 0 ? 1 / iqr : range > 0 ? 2 / range : 0);
    }
    return { nFeatures: x.cols, median, factor };
  }

  protected apply(x: Matrix, s: RobustScalerState, inverse: boolean): Matrix {
    const clip = this.config.smoothClip ?? true;
    const out = new Float32Array(x.data.length);
    for (let i = 0; i < out.length; i++) {
      const c = i % x.cols;
      if (inverse) {
        let z = x.data[i];
        if (clip) z = z / Math.sqrt(Math.max(1e-12, 1 - (z / 3) * (z / 3)));
        out[i] = s.factor[c] ? z / s.factor[c] + s.median[c] : s.median[c];
      } else {
        const z = (x.data[i] - s.median[c]) * s.factor[c];
        out[i] = clip ? z / Math.sqrt(1 + (z / 3) * (z / 3)) : z;
      }
    }
    return { data: out, rows: x.rows, cols: x.cols };
  }

  static fromJSON(json: TransformerJSON<RobustScalerConfig, RobustScalerState>): RobustScaler {
    return new RobustScaler(json.config ?? {}).restore(json);
  }
}
