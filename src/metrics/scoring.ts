/**
 * Scoring names for model selection (scikit-learn's `scoring=`), built on scores.ts.
 * A scorer reads class ids and the probability matrix an estimator's predictProba returns
 * (rows x classes; for two classes column 1 is the positive class).
 */
import { WasmlpError, unknownName } from '../errors.js';
import type { Spelling } from '../names.js';
import type { Matrix } from '../data/matrix.js';
import {
  argmaxRow, binaryCounts, confusionMatrix, fBetaFromCounts, macroScores, precisionFromCounts,
  recallFromCounts, rocAuc,
} from './scores.js';
import { brierScoreScore, decidedClasses, decisionThreshold, matthewsScore, prAucScore } from './decision-scorers.js';

/** Every scoring name, in a stable order. */
export const SCORING_NAMES = ['accuracy', 'balancedAccuracy', 'precision', 'recall', 'f1', 'rocAuc', 'logLoss', 'matthewsCorrcoef', 'prAuc', 'brierScore'] as const;
/** A scoring name accepted by crossValidate, GridSearchCV, score and permutationImportance. */
export type ScoringName = (typeof SCORING_NAMES)[number];

/** A scoring function by name: whether greater is better, and how to score class ids against probabilities. */
export interface Scorer {
  readonly name: ScoringName;
  /** false for logLoss: model selection keeps the lowest value. */
  readonly greaterIsBetter: boolean;
  /** y: class ids 0..k-1 per row; proba: rows x k probabilities. */
  score(y: ArrayLike<number>, proba: Matrix): number;
}

/** Probability of class 1 per row (binary problems). */
export function positiveColumn(proba: Matrix): Float32Array {
  if (proba.cols === 1) return proba.data;
  const out = new Float32Array(proba.rows);
  for (let r = 0; r < proba.rows; r++) out[r] = proba.data[r * proba.cols + 1];
  return out;
}

/** Class id per row: argmax for several columns, p > 0.5 for one (or p > proba.threshold when a tuned estimator set one). */
export function predictedClasses(proba: Matrix): Int32Array {
  if (proba.cols <= 2 && decisionThreshold(proba) !== 0.5) return decidedClasses(proba);
  const out = new Int32Array(proba.rows);
  if (proba.cols === 1) for (let r = 0; r < proba.rows; r++) out[r] = proba.data[r] > 0.5 ? 1 : 0;
  else for (let r = 0; r < proba.rows; r++) out[r] = argmaxRow(proba.data, r, proba.cols);
  return out;
}

const classCount = (proba: Matrix) => Math.max(2, proba.cols);

/** Fraction of rows whose most probable class is the true one. */
export function accuracyScore(y: ArrayLike<number>, proba: Matrix): number {
  const pred = predictedClasses(proba);
  let ok = 0;
  for (let i = 0; i < pred.length; i++) if (pred[i] === y[i]) ok++;
  return pred.length ? ok / pred.length : 0;
}

/** Mean per-class recall (scikit-learn's balanced_accuracy_score); classes absent from y are skipped. */
export function balancedAccuracyScore(y: ArrayLike<number>, proba: Matrix): number {
  const cm = confusionMatrix(y, predictedClasses(proba), classCount(proba));
  let sum = 0, present = 0;
  cm.forEach((row, c) => {
    const total = row.reduce((a, b) => a + b, 0);
    if (total > 0) { sum += row[c] / total; present++; }
  });
  return present ? sum / present : 0;
}

/** Binary: of the positive class (p > 0.5); multi-class: macro average over classes. */
function thresholdScore(kind: 'precision' | 'recall' | 'f1') {
  return (y: ArrayLike<number>, proba: Matrix): number => {
    if (proba.cols > 2) return macroScores(confusionMatrix(y, predictedClasses(proba), proba.cols))[kind];
    const c = binaryCounts(y, positiveColumn(proba), decisionThreshold(proba));
    return kind === 'precision' ? precisionFromCounts(c) : kind === 'recall' ? recallFromCounts(c) : fBetaFromCounts(c);
  };
}

/** Binary: exact ROC AUC of the positive column; multi-class: one-vs-rest macro average. */
export function rocAucScore(y: ArrayLike<number>, proba: Matrix): number {
  if (proba.cols <= 2) return rocAuc(y, positiveColumn(proba));
  let sum = 0, count = 0;
  for (let c = 0; c < proba.cols; c++) {
    const yc = new Float32Array(proba.rows), pc = new Float32Array(proba.rows);
    for (let r = 0; r < proba.rows; r++) { yc[r] = y[r] === c ? 1 : 0; pc[r] = proba.data[r * proba.cols + c]; }
    const a = rocAuc(yc, pc);
    if (!Number.isNaN(a)) { sum += a; count++; }
  }
  return count ? sum / count : NaN;
}

/** Probabilities are clipped to [eps, 1 - eps] as scikit-learn's log_loss does (eps = 1e-15 in float64). */
const LOG_EPS = 1e-15;

/** Mean negative log-likelihood of the true class: -mean(log p[y]). Lower is better. */
export function logLossScore(y: ArrayLike<number>, proba: Matrix): number {
  let total = 0;
  for (let r = 0; r < proba.rows; r++) {
    let p: number;
    if (proba.cols === 1) p = y[r] === 1 ? proba.data[r] : 1 - proba.data[r];
    else p = proba.data[r * proba.cols + y[r]];
    total -= Math.log(Math.min(Math.max(p, LOG_EPS), 1 - LOG_EPS));
  }
  return proba.rows ? total / proba.rows : 0;
}

const SCORERS: Record<ScoringName, Scorer> = {
  accuracy: { name: 'accuracy', greaterIsBetter: true, score: accuracyScore },
  balancedAccuracy: { name: 'balancedAccuracy', greaterIsBetter: true, score: balancedAccuracyScore },
  precision: { name: 'precision', greaterIsBetter: true, score: thresholdScore('precision') },
  recall: { name: 'recall', greaterIsBetter: true, score: thresholdScore('recall') },
  f1: { name: 'f1', greaterIsBetter: true, score: thresholdScore('f1') },
  rocAuc: { name: 'rocAuc', greaterIsBetter: true, score: rocAucScore },
  logLoss: { name: 'logLoss', greaterIsBetter: false, score: logLossScore },
  matthewsCorrcoef: { name: 'matthewsCorrcoef', greaterIsBetter: true, score: matthewsScore },
  prAuc: { name: 'prAuc', greaterIsBetter: true, score: prAucScore },
  brierScore: { name: 'brierScore', greaterIsBetter: false, score: brierScoreScore },
};

/** snake_case and scikit-learn spellings accepted at the boundary. */
const ALIASES = {
  acc: 'accuracy', balanced_accuracy: 'balancedAccuracy', roc_auc: 'rocAuc', auc: 'rocAuc',
  log_loss: 'logLoss', neg_log_loss: 'logLoss', f1score: 'f1',
  matthews_corrcoef: 'matthewsCorrcoef', mcc: 'matthewsCorrcoef', average_precision: 'prAuc', averageprecision: 'prAuc',
  pr_auc: 'prAuc', brier_score: 'brierScore', brier_score_loss: 'brierScore', neg_brier_score: 'brierScore',
} as const satisfies Record<string, ScoringName>;

/** A scoring as users may write it: 'rocAuc', scikit-learn's 'roc_auc', 'neg_log_loss', ... */
export type ScoringIdentifier = Spelling<ScoringName> | keyof typeof ALIASES;

/** Resolves a scoring name; unknown names list the valid ones. */
export function getScorer(name: unknown, option = 'scoring'): Scorer {
  if (typeof name === 'string') {
    if ((SCORING_NAMES as readonly string[]).includes(name)) return SCORERS[name as ScoringName];
    const aliases: Record<string, ScoringName> = ALIASES;
    const alias = aliases[name] ?? aliases[name.toLowerCase()];
    if (alias) return SCORERS[alias];
    const folded = SCORING_NAMES.find((s) => s.toLowerCase() === name.toLowerCase().replace(/[_-]/g, ''));
    if (folded) return SCORERS[folded];
  }
  throw unknownName('scoring', name, SCORING_NAMES, option);
}

/** Scorers for a name or a list of names (at least one, no duplicates). */
export function getScorers(scoring: unknown, option = 'scoring'): Scorer[] {
  const names = scoring === undefined ? ['accuracy'] : Array.isArray(scoring) ? scoring : [scoring];
  if (names.length === 0) throw new WasmlpError('BAD_OPTION', `${option} needs at least one name: ${SCORING_NAMES.join(', ')}.`, { option });
  const scorers = names.map((n) => getScorer(n, option));
  const seen = new Set<string>();
  for (const s of scorers) {
    if (seen.has(s.name)) throw new WasmlpError('BAD_OPTION', `${option} lists '${s.name}' twice.`, { option });
    seen.add(s.name);
  }
  return scorers;
}
