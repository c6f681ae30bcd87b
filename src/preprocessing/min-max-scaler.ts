import type { WithSnakeCase } from '../names.js';
import { WasmlpError } from '../errors.js';
import { toMatrix, type Matrix, type MatrixLike } from '../data/matrix.js';
import { MatrixTransformer, affine, type TransformerJSON } from './transformer.js';
import { normaliseOptions } from '../options.js';

/** Options of MinMaxScaler: the target range. */
export interface MinMaxScalerConfig {
  /** Target range [low, high] (default [0, 1]). */
  featureRange?: [number, number];
}

/** The fitted state of a MinMaxScaler: per-column minimum and scale. */
export interface MinMaxScalerState {
  nFeatures: number;
  min: number[];
  /** (max - min) / (high - low) per column; a constant column uses range 1. */
  scale: number[];
}

/**
 * x' = (x - min) / (max - min) * (high - low) + low per column, featureRange [0, 1] by default.
 * A constant column has range 0 and is scaled by 1 (as scikit-learn does): it maps to `low`.
 */
export class MinMaxScaler extends MatrixTransformer<MinMaxScalerConfig, MinMaxScalerState> {
  readonly className = 'MinMaxScaler';
  private readonly low: number;
  private readonly high: number;

  private readonly config: MinMaxScalerConfig;

  constructor(config: WithSnakeCase<MinMaxScalerConfig> = {}) {
    super();
    this.config = normaliseOptions<MinMaxScalerConfig>('MinMaxScaler', config, ['featureRange']);
    const range = this.config.featureRange ?? [0, 1];
    if (!Array.isArray(range) || range.length !== 2 || !range.every(Number.isFinite) || !(range[0] < range[1])) {
      throw new WasmlpError('BAD_OPTION', `MinMaxScaler: featureRange must be [low, high] with low < high; received ${JSON.stringify(range)}.`, { option: 'featureRange' });
    }
    [this.low, this.high] = range;
  }

  getConfig(): MinMaxScalerConfig {
    return { ...this.config };
  }

  /** Running column minima and maxima for partialFit. */
  private running: { min: number[]; max: number[] } | null = null;

  override fit(x: MatrixLike, y?: unknown): this {
    this.running = null;
    return super.fit(x, y);
  }

  /** Folds a chunk of rows into the column minima and maxima (same result as fit on all rows seen). */
  partialFit(x: MatrixLike, _y?: unknown): this {
    const m = toMatrix(x, 'MinMaxScaler.partialFit x');
    const r = (this.running ??= { min: new Array<number>(m.cols).fill(Infinity), max: new Array<number>(m.cols).fill(-Infinity) });
    this.checkPartialWidth(m, r.min.length);
    for (let i = 0; i < m.data.length; i++) {
      const c = i % m.cols, v = m.data[i];
      if (v < r.min[c]) r.min[c] = v;
      if (v > r.max[c]) r.max[c] = v;
    }
    this.state = this.summarise(r.min, r.max);
    return this;
  }

  private summarise(min: number[], max: number[]): MinMaxScalerState {
    const span = this.high - this.low;
    return { nFeatures: min.length, min: [...min], scale: min.map((lo, c) => (max[c] > lo ? max[c] - lo : 1) / span) };
  }

  protected learn(x: Matrix): MinMaxScalerState {
    const min = new Array<number>(x.cols).fill(Infinity), max = new Array<number>(x.cols).fill(-Infinity);
    for (let i = 0; i < x.data.length; i++) {
      const c = i % x.cols, v = x.data[i];
      if (v < min[c]) min[c] = v;
      if (v > max[c]) max[c] = v;
    }
    const span = this.high - this.low;
    return { nFeatures: x.cols, min, scale: min.map((lo, c) => (max[c] > lo ? max[c] - lo : 1) / span) };
  }

  protected apply(x: Matrix, s: MinMaxScalerState, inverse: boolean): Matrix {
    return affine(x, s.min, s.scale, inverse, new Array<number>(s.nFeatures).fill(this.low));
  }

  static fromJSON(json: TransformerJSON<MinMaxScalerConfig, MinMaxScalerState>): MinMaxScaler {
    return new MinMaxScaler(json.config ?? {}).restore(json);
  }
}
