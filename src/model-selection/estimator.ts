import type { ScoringIdentifier } from '../metrics/scoring.js';
import { WasmlpError } from '../errors.js';
import type { Matrix } from '../data/matrix.js';
import type { FeaturesLike } from '../data/rows.js';
import type { History } from '../callbacks/history.js';
import type { ScoringName } from '../metrics/scoring.js';

/**
 * What model selection needs from a classifier (scikit-learn's estimator contract): `clone`
 * gives an unfitted copy with the same parameters, so every fold trains a fresh model; `dispose`
 * releases its WebAssembly memory. Labels are class values (integers); predictProba's columns
 * follow their sorted order.
 */
export interface Estimator {
  readonly className: string;
  fit(x: FeaturesLike, y: ArrayLike<number>): Promise<this>;
  /** rows x classes probabilities (two columns for a binary problem). */
  predictProba(x: FeaturesLike): Matrix;
  /** Class value per row. */
  predict(x: FeaturesLike): Int32Array;
  /** One scoring name (default 'accuracy') on rows x and labels y. */
  score(x: FeaturesLike, y: ArrayLike<number>, scoring?: ScoringIdentifier): number;
  /** An unfitted copy with the same parameters. */
  clone(): Estimator;
  getParams(): Record<string, unknown>;
  setParams(params: Record<string, unknown>): this;
  /** The training history of the last fit, when the estimator has one. */
  readonly history: History | null;
  readonly isFitted: boolean;
  toJSON(): unknown;
  dispose(): void;
}

export function isEstimator(value: unknown): value is Estimator {
  const v = value as Estimator;
  return typeof v === 'object' && v !== null && typeof v.fit === 'function' && typeof v.predictProba === 'function' && typeof v.clone === 'function';
}

/**
 * Sorted distinct class values of y, checked to be integers (class ids or 0/1 labels).
 * `caller` names the call in errors.
 */
export function classesOf(y: ArrayLike<number>, caller: string): number[] {
  const seen = new Set<number>();
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (typeof v !== 'number' || !Number.isInteger(v)) {
      throw new WasmlpError('NOT_CLASS_LABELS', `${caller}: y must hold integer class labels, but y[${i}] is ${JSON.stringify(v)}. Encode text labels with LabelEncoder (loadCsv does it), and use a regression model for continuous targets.`, { option: 'y', row: i });
    }
    seen.add(v);
  }
  return [...seen].sort((a, b) => a - b);
}

/** y mapped to positions in `classes`; an unseen value is an error naming the row. */
export function encodeClasses(y: ArrayLike<number>, classes: readonly number[], caller: string): Int32Array {
  const index = new Map(classes.map((c, i) => [c, i]));
  const out = new Int32Array(y.length);
  for (let i = 0; i < y.length; i++) {
    const id = index.get(y[i]);
    if (id === undefined) {
      throw new WasmlpError('UNKNOWN_LABEL', `${caller}: y[${i}] is ${JSON.stringify(y[i])}, a class not seen in fit (classes: ${classes.join(', ')}).`, { option: 'y', row: i });
    }
    out[i] = id;
  }
  return out;
}
