/**
 * The CLI's decision-threshold flag and the binary decision charts of the HTML report
 * (precision-recall and reliability curves). Kept apart from the commands, which call in here.
 */
import type { Matrix } from '../data/matrix.js';
import type { Pipeline } from '../model-selection/pipeline.js';
import { TunedThresholdClassifier, type ThresholdMetric } from '../decision/threshold.js';
import { calibrationCurve, precisionRecallCurve } from '../metrics/curves.js';
import { brierScore, prAuc } from '../metrics/binary-scores.js';
import { decidedClasses } from '../metrics/decision-scorers.js';
import { positiveColumn } from '../metrics/scoring.js';
import { UsageError, type FlagSpecs } from './args.js';

export const THRESHOLD_FLAG: FlagSpecs = {
  'tune-threshold': {
    kind: 'string', value: 'metric',
    help: 'choose the decision threshold on out-of-fold predictions of the training rows (5 inner folds): f1, balancedAccuracy, youden, minPrecision=0.8 or minRecall=0.9 (two classes)',
  },
};

/** `--tune-threshold f1 | balancedAccuracy | youden | matthewsCorrcoef | minPrecision=p | minRecall=r`. */
export function parseThresholdMetric(raw: unknown, command: string): ThresholdMetric | null {
  if (raw === undefined) return null;
  const text = String(raw);
  if (text === 'f1' || text === 'balancedAccuracy' || text === 'youden' || text === 'matthewsCorrcoef') return text;
  const m = /^(minPrecision|minRecall)=(0(?:\.\d+)?|1(?:\.0+)?|\.\d+)$/.exec(text);
  if (m) return m[1] === 'minPrecision' ? { minPrecision: Number(m[2]) } : { minRecall: Number(m[2]) };
  throw new UsageError(`--tune-threshold expects f1, balancedAccuracy, youden, matthewsCorrcoef, minPrecision=<0..1> or minRecall=<0..1>; received ${JSON.stringify(text)}.`, command);
}

export function tunedPipeline(pipe: Pipeline, metric: ThresholdMetric, seed: number, classes: number, command: string): TunedThresholdClassifier {
  if (classes !== 2) throw new UsageError(`--tune-threshold needs two classes; the data has ${classes}.`, command);
  return new TunedThresholdClassifier(pipe, { metric, cv: 5, seed });
}

export const metricLabel = (m: ThresholdMetric): string => (typeof m === 'string' ? m : Object.entries(m).map(([k, v]) => `${k}=${v}`).join(''));

/**
 * A saved pipeline whose metadata holds `decisionThreshold` (wasmlp train --tune-threshold):
 * predictProba tags its output with the threshold (scores and confusion matrices follow it) and
 * predict calls the positive class when p > threshold.
 */
export function applySavedThreshold(pipe: Pipeline): void {
  const t = (pipe.metadata as { decisionThreshold?: unknown }).decisionThreshold;
  if (typeof t !== 'number' || !Number.isFinite(t)) return;
  const base = pipe.predictProba.bind(pipe);
  const classes = (pipe.final.step as unknown as { classes: number[] | null }).classes ?? [0, 1];
  pipe.predictProba = (x) => Object.assign(base(x), { threshold: t });
  pipe.predict = (x) => Int32Array.from(decidedClasses(pipe.predictProba(x)), (c) => classes[c]);
}

const COLORS = ['#1f77b4', '#d62728'];
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function square(title: string, xLabel: string, yLabel: string, body: (px: (v: number) => number, py: (v: number) => number) => string): string {
  const S = 300, M = 44;
  const px = (v: number) => M + v * (S - M - 10), py = (v: number) => S - M + 20 - v * (S - M - 10);
  const ticks = [0, 0.5, 1].map((v) => `<text x="${px(v)}" y="${py(0) + 16}" text-anchor="middle">${v}</text><text x="${px(0) - 6}" y="${py(v) + 4}" text-anchor="end">${v}</text>`).join('');
  return `<svg viewBox="0 0 ${S + 120} ${S + 30}" width="${S + 120}" height="${S + 30}" role="img" aria-label="${esc(title)}"><text x="${(S + 120) / 2}" y="16" text-anchor="middle" class="title">${esc(title)}</text><rect x="${px(0)}" y="${py(1)}" width="${px(1) - px(0)}" height="${py(0) - py(1)}" fill="none" class="grid"/>${ticks}${body(px, py)}<text x="${(px(0) + px(1)) / 2}" y="${py(0) + 30}" text-anchor="middle">${esc(xLabel)}</text><text transform="translate(12,${(py(0) + py(1)) / 2}) rotate(-90)" text-anchor="middle">${esc(yLabel)}</text></svg>`;
}

/** Precision-recall curve (steps, as average precision sums them) with the base rate. */
export function precisionRecallChart(y: ArrayLike<number>, p: ArrayLike<number>): string {
  const c = precisionRecallCurve(y, p);
  const ap = prAuc(y, p);
  let pos = 0;
  for (let i = 0; i < y.length; i++) if (y[i] === 1) pos++;
  const base = y.length ? pos / y.length : 0;
  return square(`Precision-recall, average precision ${ap.toFixed(3)}`, 'recall', 'precision', (px, py) => {
    const pts: string[] = [];
    for (let i = c.recall.length - 1; i >= 0; i--) {
      // From low recall to high: precision is P[i] on (R[i + 1], R[i]], the step average precision sums.
      if (i < c.recall.length - 1) pts.push(`${px(c.recall[i + 1]).toFixed(1)},${py(c.precision[i]).toFixed(1)}`);
      pts.push(`${px(c.recall[i]).toFixed(1)},${py(c.precision[i]).toFixed(1)}`);
    }
    return `<line x1="${px(0)}" x2="${px(1)}" y1="${py(base).toFixed(1)}" y2="${py(base).toFixed(1)}" class="grid" stroke-dasharray="4 4"/><text x="${px(1) + 4}" y="${py(base) + 4}">base rate ${base.toFixed(2)}</text><polyline points="${pts.join(' ')}" fill="none" stroke="${COLORS[0]}" stroke-width="2"/>`;
  });
}

/** Reliability diagram: observed positive rate per bin of predicted probability, with the Brier score. */
export function reliabilityChart(y: ArrayLike<number>, p: ArrayLike<number>, nBins = 10): string {
  const clipped = Float64Array.from(p, (v) => Math.min(1, Math.max(0, v)));
  const c = calibrationCurve(y, clipped, { nBins });
  const brier = brierScore(y, clipped);
  return square(`Reliability (${nBins} bins), Brier ${brier.toFixed(4)}`, 'mean predicted probability', 'observed positive rate', (px, py) => {
    const pts = Array.from(c.probPred, (v, i) => `${px(v).toFixed(1)},${py(c.probTrue[i]).toFixed(1)}`).join(' ');
    const dots = Array.from(c.probPred, (v, i) => `<circle cx="${px(v).toFixed(1)}" cy="${py(c.probTrue[i]).toFixed(1)}" r="3" fill="${COLORS[1]}"><title>${c.counts[i]} rows</title></circle>`).join('');
    return `<line x1="${px(0)}" y1="${py(0)}" x2="${px(1)}" y2="${py(1)}" class="grid" stroke-dasharray="4 4"/><polyline points="${pts}" fill="none" stroke="${COLORS[1]}" stroke-width="2"/>${dots}`;
  });
}

/** The binary charts for a report: precision-recall and reliability; empty for more classes. */
export function decisionCharts(y: ArrayLike<number>, proba: Matrix): string {
  if (proba.cols > 2) return '';
  const p = positiveColumn(proba);
  return `<h2>Precision-recall and calibration</h2><div class="charts">${precisionRecallChart(y, p)}${reliabilityChart(y, p)}</div>`;
}
