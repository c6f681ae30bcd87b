import type { ScoringIdentifier } from '../metrics/scoring.js';
import { normaliseOptions } from '../options.js';
/**
 * Probability calibration on held-out folds (scikit-learn's CalibratedClassifierCV): a model's
 * probabilities are remapped by a sigmoid (Platt scaling) or a monotone step function (isotonic
 * regression) fitted on predictions for rows the model did not train on.
 */
import { WasmlpError, describe } from '../errors.js';
import type { Matrix } from '../data/matrix.js';
import { toFeatures, type FeaturesLike } from '../data/rows.js';
import { brierScore } from '../metrics/binary-scores.js';
import { getScorer, type ScoringName } from '../metrics/scoring.js';
import { encodeClasses, type Estimator } from '../model-selection/estimator.js';
import type { History } from '../callbacks/history.js';
import { calibrationCurve, type CalibrationCurve } from '../metrics/curves.js';
import {
  binaryClasses, binaryTargets, checkClassifier, outOfFoldProba, positiveProba, resolveSplitter,
  type FoldSplitter, type ProbabilisticClassifier,
} from './classifier-like.js';
import type { Calibrator } from './calibrator.js';
import { SigmoidCalibrator } from './sigmoid-calibrator.js';
import { IsotonicCalibrator } from './isotonic-calibrator.js';

// The calibrators have their own files; re-exported for existing imports.
export { SigmoidCalibrator, IsotonicCalibrator, type Calibrator };

/** Fits the calibrator a CalibratedClassifier's `method` names. */
export function fitCalibrator(method: 'sigmoid' | 'isotonic', y: ArrayLike<number>, p: ArrayLike<number>): Calibrator {
  return method === 'sigmoid' ? SigmoidCalibrator.fit(y, p) : IsotonicCalibrator.fit(y, p);
}

/** Options of CalibratedClassifier: the calibration method and the inner folds. */
export interface CalibratedClassifierOptions {
  /** 'sigmoid' (Platt scaling; default, as scikit-learn) or 'isotonic' (needs more rows: ~1000+). */
  method?: 'sigmoid' | 'isotonic';
  /** Folds: a number (stratified, shuffled with seed; default 5) or a splitter. */
  cv?: number | FoldSplitter;
  seed?: number;
  /**
   * true (default, as scikit-learn): keep one (model, calibrator) pair per fold and average their
   * calibrated probabilities. false: one calibrator on all out-of-fold predictions and one model
   * refitted on all rows (cheaper to predict).
   */
  ensemble?: boolean;
  /** Bins of the reliability curves in `diagnostics` (default 10). */
  nBins?: number;
}

/**
 * Held-out evidence of what calibration did, on the rows given to fit. `before` uses the
 * out-of-fold probabilities; `after` applies to each fold a calibrator fitted on the other folds'
 * out-of-fold probabilities (cross-fitting), so neither number is scored on rows it was fitted on.
 */
export interface CalibrationDiagnostics {
  brierBefore: number;
  brierAfter: number;
  curveBefore: CalibrationCurve;
  curveAfter: CalibrationCurve;
}

const OPTION_KEYS = ['method', 'cv', 'seed', 'ensemble', 'nBins'] as const;

/**
 * A binary classifier whose probabilities are calibrated on held-out folds.
 *
 * @example
 * const cal = new CalibratedClassifier(pipe, { method: 'sigmoid', cv: 5, seed: 1 });
 * await cal.fit(xTrain, yTrain);
 * cal.diagnostics!.brierBefore; cal.diagnostics!.brierAfter; cal.predictProba(xTest);
 */
export class CalibratedClassifier implements Estimator {
  readonly className = 'CalibratedClassifier';
  readonly estimator: ProbabilisticClassifier;
  readonly options: { method: 'sigmoid' | 'isotonic'; cv: number | FoldSplitter; seed: number; ensemble: boolean; nBins: number };
  /** One (model, calibrator) pair per fold (ensemble) or one of each. */
  pairs: { model: ProbabilisticClassifier; calibrator: Calibrator }[] = [];
  diagnostics: CalibrationDiagnostics | null = null;
  classes: [number, number] | null = null;

  constructor(estimator: ProbabilisticClassifier, options: CalibratedClassifierOptions = {}) {
    this.estimator = checkClassifier(estimator, 'CalibratedClassifier');
    options = normaliseOptions<CalibratedClassifierOptions>('CalibratedClassifier', options, OPTION_KEYS);
    const method = options.method ?? 'sigmoid';
    if (method !== 'sigmoid' && method !== 'isotonic') {
      throw new WasmlpError('BAD_OPTION', `CalibratedClassifier: method must be 'sigmoid' or 'isotonic', received ${describe(options.method)}.`, { option: 'method' });
    }
    const seed = options.seed ?? 0;
    const nBins = options.nBins ?? 10;
    if (!Number.isInteger(nBins) || nBins < 1) throw new WasmlpError('BAD_OPTION', `CalibratedClassifier: nBins must be an integer >= 1, received ${describe(options.nBins)}.`, { option: 'nBins' });
    this.options = { method, cv: options.cv ?? 5, seed, ensemble: options.ensemble ?? true, nBins };
    resolveSplitter(this.options.cv, seed, 'CalibratedClassifier');
  }

  get isFitted(): boolean {
    return this.pairs.length > 0;
  }

  get history(): History | null {
    return (this.pairs[0]?.model as { history?: History | null } | undefined)?.history ?? null;
  }

  async fit(x: FeaturesLike, y: ArrayLike<number>): Promise<this> {
    const X = toFeatures(x, 'x');
    if (!y || y.length !== X.rows) {
      throw new WasmlpError('SHAPE_MISMATCH', `CalibratedClassifier.fit: y needs one label per row of x (${X.rows}); received ${describe(y)}.`, { option: 'y' });
    }
    const classes = binaryClasses(y, 'CalibratedClassifier.fit');
    const t = binaryTargets(y, classes);
    const { method, ensemble, seed } = this.options;
    const splitter = resolveSplitter(this.options.cv, seed, 'CalibratedClassifier');
    this.dispose();
    const models: ProbabilisticClassifier[] = [];
    const pairs: { model: ProbabilisticClassifier; calibrator: Calibrator }[] = [];
    try {
      const oof = await outOfFoldProba(this.estimator, X, y, splitter, 'CalibratedClassifier.fit', (model) => {
        if (ensemble) models.push(model);
        return ensemble;
      });
      const k = oof.folds.length;
      // Per fold: the calibrator of that fold's own held-out rows (the ensemble pair) and a
      // cross-fitted one from the other folds (for honest diagnostics).
      const after = new Float64Array(X.rows);
      for (let f = 0; f < k; f++) {
        const own = oof.folds[f].test, others = oof.folds.filter((_, j) => j !== f).flatMap((fold) => Array.from(fold.test));
        if (ensemble) pairs.push({ model: models[f], calibrator: fitCalibrator(method, pick(t, own), pick(oof.proba, own)) });
        const cross = fitCalibrator(method, pick(t, others), pick(oof.proba, others));
        for (const row of own) after[row] = cross.predict(oof.proba[row]);
      }
      if (!ensemble) {
        const model = this.estimator.clone();
        try {
          await model.fit(X, y);
        } catch (e) {
          model.dispose?.();
          throw e;
        }
        pairs.push({ model, calibrator: fitCalibrator(method, t, oof.proba) });
      }
      const nBins = this.options.nBins;
      this.diagnostics = {
        brierBefore: brierScore(t, oof.proba), brierAfter: brierScore(t, after),
        curveBefore: calibrationCurve(t, oof.proba, { nBins }), curveAfter: calibrationCurve(t, after, { nBins }),
      };
    } catch (e) {
      for (const m of models) m.dispose?.();
      throw e;
    }
    this.pairs = pairs;
    this.classes = classes;
    return this;
  }

  /** Calibrated positive-class probability per row (the mean over fold pairs with ensemble). */
  predictPositive(x: FeaturesLike): Float64Array {
    if (!this.pairs.length) {
      throw new WasmlpError('NOT_FITTED', 'This CalibratedClassifier is not fitted yet: call fit(x, y) before predictProba(x).', { option: 'predictProba' });
    }
    const X = toFeatures(x, 'x');
    const out = new Float64Array(X.rows);
    for (const { model, calibrator } of this.pairs) {
      const p = positiveProba(model.predictProba(X), 'CalibratedClassifier.predictProba');
      for (let r = 0; r < X.rows; r++) out[r] += calibrator.predict(p[r]);
    }
    for (let r = 0; r < X.rows; r++) out[r] /= this.pairs.length;
    return out;
  }

  /** rows x 2 calibrated probabilities [1 − p, p]. */
  predictProba(x: FeaturesLike): Matrix {
    const p = this.predictPositive(x);
    const data = new Float32Array(p.length * 2);
    for (let r = 0; r < p.length; r++) { data[2 * r] = 1 - p[r]; data[2 * r + 1] = p[r]; }
    return { data, rows: p.length, cols: 2 };
  }

  /** Class value per row: the positive class when the calibrated p > 0.5. */
  predict(x: FeaturesLike): Int32Array {
    const p = this.predictPositive(x);
    const [c0, c1] = this.classes!;
    return Int32Array.from(p, (v) => (v > 0.5 ? c1 : c0));
  }

  /** A scoring name (default 'accuracy') on (x, y) from the calibrated probabilities. */
  score(x: FeaturesLike, y: ArrayLike<number>, scoring: ScoringIdentifier = 'accuracy'): number {
    if (!this.classes) throw new WasmlpError('NOT_FITTED', 'This CalibratedClassifier is not fitted yet: call fit(x, y) before score(x).', { option: 'score' });
    return getScorer(scoring).score(encodeClasses(y, this.classes, 'CalibratedClassifier.score'), this.predictProba(x));
  }

  clone(): CalibratedClassifier {
    return new CalibratedClassifier(this.estimator.clone(), { ...this.options });
  }

  getParams(): Record<string, unknown> {
    return { ...(this.estimator.getParams?.() ?? {}), method: this.options.method };
  }

  setParams(params: Record<string, unknown>): this {
    const rest: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(params)) {
      if (k === 'method') {
        if (v !== 'sigmoid' && v !== 'isotonic') throw new WasmlpError('BAD_OPTION', `CalibratedClassifier: method must be 'sigmoid' or 'isotonic', received ${describe(v)}.`, { option: 'method' });
        this.options.method = v;
      } else rest[k] = v;
    }
    if (Object.keys(rest).length) this.estimator.setParams?.(rest);
    return this;
  }

  toJSON(): unknown {
    const { cv, ...rest } = this.options;
    return {
      className: this.className,
      config: { ...rest, cv: typeof cv === 'number' ? cv : 'splitter' },
      classes: this.classes,
      calibrators: this.pairs.map((p) => p.calibrator.toJSON()),
      models: this.pairs.map((p) => p.model.toJSON?.() ?? null),
    };
  }

  dispose(): void {
    for (const p of this.pairs) p.model.dispose?.();
    this.pairs = [];
  }
}

function pick<T extends Int32Array | Float64Array>(values: T, rows: ArrayLike<number>): Float64Array {
  return Float64Array.from({ length: rows.length }, (_, i) => values[rows[i]]);
}
