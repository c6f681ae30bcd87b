import type { ScoringIdentifier } from '../metrics/scoring.js';
import { normaliseOptions } from '../options.js';
/**
 * Decision thresholds chosen on out-of-fold predictions of the training rows (scikit-learn's
 * TunedThresholdClassifierCV). A 0.5 cut is rarely the right rule when positives are rare: the
 * threshold that maximises F1 or balanced accuracy, or meets a precision or recall floor, is
 * usually far lower. The test rows are never seen: fit tunes on the rows it is given, then
 * refits the model on all of them.
 */
import { withImbalanceHandled } from '../model/fit-warnings.js';
import { WasmlpError, describe } from '../errors.js';
import type { Matrix } from '../data/matrix.js';
import { toFeatures, type FeaturesLike } from '../data/rows.js';
import { binaryClfCurve } from '../metrics/curves.js';
import { balancedAccuracyFromCounts, mccFromCounts } from '../metrics/binary-scores.js';
import { fBetaFromCounts, precisionFromCounts, recallFromCounts } from '../metrics/scores.js';
import { getScorer, type ScoringName } from '../metrics/scoring.js';
import { encodeClasses, type Estimator } from '../model-selection/estimator.js';
import type { History } from '../callbacks/history.js';
import {
  binaryClasses, binaryTargets, checkClassifier, outOfFoldProba, positiveProba, resolveSplitter,
  type FoldSplitter, type ProbabilisticClassifier,
} from './classifier-like.js';

/**
 * What the threshold optimises: 'f1'; 'balancedAccuracy' ((TPR + TNR) / 2); 'youden' (TPR − FPR,
 * the ROC point furthest above the diagonal: the same cut as balancedAccuracy, reported on its
 * own scale); { fBeta }; { minPrecision } (highest recall whose precision reaches the floor);
 * { minRecall } (highest precision whose recall reaches the floor).
 */
export type ThresholdMetric = 'f1' | 'balancedAccuracy' | 'youden' | 'matthewsCorrcoef' | { fBeta: number } | { minPrecision: number } | { minRecall: number };

export interface ThresholdChoice {
  /** Predict positive when p > threshold. */
  threshold: number;
  /** The metric's value at the threshold on the out-of-fold predictions. */
  score: number;
  metric: string;
  precision: number;
  recall: number;
  /** Every candidate threshold (decreasing) and the metric there (NaN where a floor is not met). */
  candidates: Float64Array;
  scores: Float64Array;
}

function metricName(metric: ThresholdMetric): string {
  if (typeof metric === 'string') return metric;
  if ('fBeta' in metric) return `fBeta(${metric.fBeta})`;
  if ('minPrecision' in metric) return `recall at precision >= ${metric.minPrecision}`;
  return `precision at recall >= ${metric.minRecall}`;
}

function checkMetric(metric: unknown): ThresholdMetric {
  if (metric === 'f1' || metric === 'balancedAccuracy' || metric === 'youden' || metric === 'matthewsCorrcoef') return metric;
  if (typeof metric === 'object' && metric !== null) {
    const keys = Object.keys(metric);
    const [key] = keys;
    const v = (metric as Record<string, unknown>)[key];
    if (keys.length === 1 && (key === 'minPrecision' || key === 'minRecall') && typeof v === 'number' && v >= 0 && v <= 1) return metric as ThresholdMetric;
    if (keys.length === 1 && key === 'fBeta' && typeof v === 'number' && v > 0 && Number.isFinite(v)) return metric as ThresholdMetric;
  }
  throw new WasmlpError('BAD_OPTION', `metric must be 'f1', 'balancedAccuracy', 'youden', 'matthewsCorrcoef', { fBeta: b }, { minPrecision: p } or { minRecall: r } with p, r in [0, 1]; received ${describe(metric)}.`, { option: 'metric' });
}

/**
 * The best threshold for y (0/1) and scores p. Candidates sit halfway between consecutive distinct
 * scores (and halfway between the lowest score and 0), so the cut does not hug a training value;
 * ties in the metric keep the highest threshold. Pure function: no model involved.
 */
export function chooseThreshold(y: ArrayLike<number>, p: ArrayLike<number>, metric: ThresholdMetric = 'balancedAccuracy'): ThresholdChoice {
  const m = checkMetric(metric);
  const c = binaryClfCurve(y, p);
  const k = c.thresholds.length;
  const P = k ? c.tps[k - 1] : 0, N = k ? c.fps[k - 1] : 0;
  if (P === 0 || N === 0) {
    throw new WasmlpError('NOT_BINARY', `chooseThreshold needs both classes in y; found ${P} positives and ${N} negatives.`, { option: 'y' });
  }
  const candidates = new Float64Array(k), scores = new Float64Array(k);
  let best = -1;
  for (let i = 0; i < k; i++) {
    const lower = i + 1 < k ? c.thresholds[i + 1] : c.thresholds[i] > 0 ? 0 : c.thresholds[i] - 1;
    candidates[i] = (c.thresholds[i] + lower) / 2;
    const counts = { tp: c.tps[i], fp: c.fps[i], fn: P - c.tps[i], tn: N - c.fps[i] };
    let s: number;
    if (m === 'f1') s = fBetaFromCounts(counts);
    else if (m === 'balancedAccuracy') s = balancedAccuracyFromCounts(counts);
    else if (m === 'youden') s = counts.tp / P - counts.fp / N;
    else if (m === 'matthewsCorrcoef') s = mccFromCounts(counts);
    else if ('fBeta' in m) s = fBetaFromCounts(counts, m.fBeta);
    else if ('minPrecision' in m) s = precisionFromCounts(counts) >= m.minPrecision ? recallFromCounts(counts) : NaN;
    else s = recallFromCounts(counts) >= m.minRecall ? precisionFromCounts(counts) : NaN;
    scores[i] = s;
    if (!Number.isNaN(s) && (best < 0 || s > scores[best])) best = i;
  }
  if (best < 0) {
    let top = 0;
    for (let i = 0; i < k; i++) top = Math.max(top, c.tps[i] / (c.tps[i] + c.fps[i]));
    throw new WasmlpError('UNREACHABLE_CONSTRAINT', `No threshold reaches precision ${(m as { minPrecision: number }).minPrecision} on the out-of-fold predictions; the best precision is ${top.toFixed(4)}. Lower minPrecision or improve the model.`, { option: 'metric' });
  }
  const counts = { tp: c.tps[best], fp: c.fps[best], fn: P - c.tps[best], tn: N - c.fps[best] };
  return {
    threshold: candidates[best], score: scores[best], metric: metricName(m),
    precision: precisionFromCounts(counts), recall: recallFromCounts(counts), candidates, scores,
  };
}

export interface TuneThresholdOptions {
  /** Default 'balancedAccuracy' (scikit-learn's default for TunedThresholdClassifierCV). */
  metric?: ThresholdMetric;
  /** Inner folds over the training rows: a number (stratified, shuffled with seed; default 5) or a splitter. */
  cv?: number | FoldSplitter;
  /** Seed of the inner stratified folds; default 0. */
  seed?: number;
  /** Refit the model on all the rows after tuning (default true); false keeps no model (threshold only). */
  refit?: boolean;
}

/** Probabilities carrying the decision threshold; scorers that threshold read it instead of 0.5. */
export type ThresholdedProba = Matrix & { threshold: number };

const OPTION_KEYS = ['metric', 'cv', 'seed', 'refit'] as const;

/**
 * A binary classifier with a tuned decision threshold (scikit-learn's TunedThresholdClassifierCV).
 * fit(x, y): out-of-fold probabilities of x from `cv` clones, the threshold that maximises
 * `metric` on them, then the model refitted on all of x. predict uses p > threshold;
 * predictProba returns the model's probabilities unchanged, tagged with `threshold`.
 * As an estimator it can sit inside crossValidate or wrap a Pipeline: each outer fold then tunes
 * on its own training rows only.
 *
 * @example
 * const tuned = new TunedThresholdClassifier(pipe, { metric: 'f1', cv: 5, seed: 1 });
 * await tuned.fit(xTrain, yTrain);
 * tuned.threshold; tuned.predict(xTest);
 */
export class TunedThresholdClassifier implements Estimator {
  readonly className = 'TunedThresholdClassifier';
  readonly estimator: ProbabilisticClassifier;
  readonly options: Required<Pick<TuneThresholdOptions, 'metric' | 'seed' | 'refit'>> & { cv: number | FoldSplitter };
  /** The chosen threshold (null before fit); set it by hand to move the decision rule. */
  threshold: number | null = null;
  /** The tuning details of the last fit. */
  choice: ThresholdChoice | null = null;
  /** Out-of-fold positive probabilities and 0/1 targets of the last fit (for curves). */
  outOfFold: { y: Int32Array; proba: Float64Array } | null = null;
  classes: [number, number] | null = null;
  private model: ProbabilisticClassifier | null = null;

  constructor(estimator: ProbabilisticClassifier, options: TuneThresholdOptions = {}) {
    this.estimator = checkClassifier(estimator, 'TunedThresholdClassifier');
    options = normaliseOptions<TuneThresholdOptions>('TunedThresholdClassifier', options, OPTION_KEYS);
    const seed = options.seed ?? 0;
    if (!Number.isInteger(seed) || seed < 0) throw new WasmlpError('BAD_OPTION', `TunedThresholdClassifier: seed must be an integer >= 0, received ${describe(options.seed)}.`, { option: 'seed' });
    this.options = { metric: checkMetric(options.metric ?? 'balancedAccuracy'), cv: options.cv ?? 5, seed, refit: options.refit ?? true };
    resolveSplitter(this.options.cv, seed, 'TunedThresholdClassifier');
  }

  get isFitted(): boolean {
    return this.threshold !== null && (this.model !== null || !this.options.refit);
  }

  get history(): History | null {
    return ((this.model as { history?: History | null } | null)?.history ?? null);
  }

  /** The refitted model (null before fit or with refit: false). */
  get fittedEstimator(): ProbabilisticClassifier | null {
    return this.model;
  }

  async fit(x: FeaturesLike, y: ArrayLike<number>): Promise<this> {
    const X = toFeatures(x, 'x');
    if (!y || y.length !== X.rows) {
      throw new WasmlpError('SHAPE_MISMATCH', `TunedThresholdClassifier.fit: y needs one label per row of x (${X.rows}); received ${describe(y)}.`, { option: 'y' });
    }
    const classes = binaryClasses(y, 'TunedThresholdClassifier.fit');
    const targets = binaryTargets(y, classes);
    const splitter = resolveSplitter(this.options.cv, this.options.seed, 'TunedThresholdClassifier');
    // The threshold is tuned for the chosen metric: the inner fits need no accuracy advice.
    const oof = await withImbalanceHandled(() => outOfFoldProba(this.estimator, X, y, splitter, 'TunedThresholdClassifier.fit'));
    const choice = chooseThreshold(targets, oof.proba, this.options.metric);
    this.dispose();
    if (this.options.refit) {
      const model = this.estimator.clone();
      try {
        await withImbalanceHandled(() => model.fit(X, y));
      } catch (e) {
        model.dispose?.();
        throw e;
      }
      this.model = model;
    }
    this.classes = classes;
    this.choice = choice;
    this.threshold = choice.threshold;
    this.outOfFold = { y: targets, proba: oof.proba };
    return this;
  }

  private fitted(call: string): { model: ProbabilisticClassifier; threshold: number; classes: [number, number] } {
    if (!this.model || this.threshold === null || !this.classes) {
      throw new WasmlpError('NOT_FITTED', `This TunedThresholdClassifier is not fitted${this.threshold !== null ? ' with a model (refit: false)' : ''}: call fit(x, y) before ${call}(x).`, { option: call });
    }
    return { model: this.model, threshold: this.threshold, classes: this.classes };
  }

  /** rows x 2 probabilities [1 − p, p] from the refitted model, tagged with the threshold. */
  predictProba(x: FeaturesLike): ThresholdedProba {
    const { model, threshold } = this.fitted('predictProba');
    const p = positiveProba(model.predictProba(x), 'TunedThresholdClassifier.predictProba');
    const data = new Float32Array(p.length * 2);
    for (let r = 0; r < p.length; r++) { data[2 * r] = 1 - p[r]; data[2 * r + 1] = p[r]; }
    return { data, rows: p.length, cols: 2, threshold };
  }

  /** Class value per row: the positive class when p > threshold. */
  predict(x: FeaturesLike): Int32Array {
    const { classes } = this.fitted('predict');
    const proba = this.predictProba(x);
    return Int32Array.from({ length: proba.rows }, (_, r) => (proba.data[2 * r + 1] > proba.threshold ? classes[1] : classes[0]));
  }

  /** 0/1 per row (the positive class is 1), as Sequential.predictClasses. */
  predictClasses(x: FeaturesLike): Int32Array {
    const proba = this.predictProba(x);
    return Int32Array.from({ length: proba.rows }, (_, r) => (proba.data[2 * r + 1] > proba.threshold ? 1 : 0));
  }

  /** A scoring name (default 'accuracy') on (x, y); threshold scores use the tuned threshold. */
  score(x: FeaturesLike, y: ArrayLike<number>, scoring: ScoringIdentifier = 'accuracy'): number {
    const { classes } = this.fitted('score');
    return getScorer(scoring).score(encodeClasses(y, classes, 'TunedThresholdClassifier.score'), this.predictProba(x));
  }

  clone(): TunedThresholdClassifier {
    return new TunedThresholdClassifier(this.estimator.clone(), { ...this.options });
  }

  getParams(): Record<string, unknown> {
    return { ...(this.estimator.getParams?.() ?? {}), metric: this.options.metric };
  }

  /** `metric` sets the tuning metric; everything else goes to the wrapped estimator. */
  setParams(params: Record<string, unknown>): this {
    const rest: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(params)) {
      if (k === 'metric') this.options.metric = checkMetric(v);
      else rest[k] = v;
    }
    if (Object.keys(rest).length) {
      if (!this.estimator.setParams) throw new WasmlpError('BAD_OPTION', `TunedThresholdClassifier.setParams: the wrapped estimator has no setParams for ${Object.keys(rest).join(', ')}.`, { option: Object.keys(rest)[0] });
      this.estimator.setParams(rest);
    }
    return this;
  }

  toJSON(): unknown {
    const { cv } = this.options;
    return {
      className: this.className,
      config: { metric: this.options.metric, cv: typeof cv === 'number' ? cv : 'splitter', seed: this.options.seed, refit: this.options.refit },
      threshold: this.threshold,
      classes: this.classes,
      estimator: this.model?.toJSON?.() ?? this.estimator.toJSON?.() ?? null,
    };
  }

  dispose(): void {
    this.model?.dispose?.();
    this.model = null;
  }
}

/**
 * Tunes the decision threshold of `estimator` on out-of-fold predictions of (x, y) and returns
 * the fitted TunedThresholdClassifier (the model refitted on all of x, `threshold` stored).
 * Give it training rows only; evaluate on rows it has not seen.
 *
 * @example
 * const tuned = await tuneThreshold(pipe, xTrain, yTrain, { metric: { minRecall: 0.9 }, cv: 5, seed: 7 });
 * console.log(tuned.threshold, tuned.choice!.precision);
 * tuned.predict(xTest);
 */
export async function tuneThreshold(estimator: ProbabilisticClassifier, x: FeaturesLike, y: ArrayLike<number>, options: TuneThresholdOptions = {}): Promise<TunedThresholdClassifier> {
  return new TunedThresholdClassifier(estimator, options).fit(x, y);
}
