import { WasmlpError } from '../errors.js';
import type { ActivationName } from '../activations.js';
import type { LossName } from '../losses.js';
import { nameKey, type Spelling } from '../names.js';
import {
  argmaxRow, binaryAccuracy, binaryCounts, classAccuracy, confusionMatrix, fBetaFromCounts, macroScores,
  precisionFromCounts, recallFromCounts, rocAuc, subsetAccuracy,
} from './scores.js';
import { atK, checkK, topKHits } from './top-k.js';

/** What the output and loss say about the labels; decides what 'accuracy' means. */
export type Task = 'binary' | 'multilabel' | 'multiclassOneHot' | 'multiclassSparse' | 'regression';

export function taskOf(activation: ActivationName, units: number, loss: LossName): Task {
  if (loss === 'sparseCategoricalCrossentropy') return 'multiclassSparse';
  if (loss === 'categoricalCrossentropy') return 'multiclassOneHot';
  if (loss === 'binaryCrossentropy') return units === 1 ? 'binary' : 'multilabel';
  if (activation === 'sigmoid') return units === 1 ? 'binary' : 'multilabel';
  if (activation === 'softmax') return 'multiclassOneHot';
  return 'regression';
}

/** A metric computed on the host from a whole epoch's outputs and labels. */
export interface Metric {
  readonly name: string;
  /** Higher is better (decides EarlyStopping's 'auto' mode). */
  readonly higherIsBetter: boolean;
  compute(labels: Float32Array, outputs: Float32Array, rows: number, units: number): number;
}

/** A metric as users may write it: 'accuracy', 'binaryAccuracy', Keras' 'binary_accuracy', or 'acc', 'mse', 'mae'. */
export type MetricIdentifier = Spelling<Known> | Spelling<keyof typeof ALIASES>;

/** A metric name, or { type, name, threshold } for a thresholded one (e.g. { type: 'precision', threshold: 0.3 }). */
export type MetricSpec = MetricIdentifier | { name?: string; type?: MetricIdentifier; className?: MetricIdentifier; threshold?: number; k?: number };

const KNOWN = ['accuracy', 'binaryAccuracy', 'categoricalAccuracy', 'sparseCategoricalAccuracy', 'subsetAccuracy',
  'precision', 'recall', 'f1', 'auc', 'meanSquaredError', 'meanAbsoluteError',
  'topKCategoricalAccuracy', 'sparseTopKCategoricalAccuracy', 'precisionAtK', 'recallAtK'] as const;
type Known = (typeof KNOWN)[number];
const ALIASES = { acc: 'accuracy', mse: 'meanSquaredError', mae: 'meanAbsoluteError', f1score: 'f1', rocauc: 'auc', f1Score: 'f1', rocAuc: 'auc' } as const satisfies Record<string, Known>;

function canonical(name: string): Known | undefined {
  const key = nameKey(name);
  return (KNOWN as readonly string[]).find((k) => nameKey(k) === key) as Known | undefined ?? (ALIASES as Record<string, Known>)[key];
}

/** Class id per row: sparse labels are ids already; one-hot rows take their argmax. */
function classIds(labels: Float32Array, rows: number, units: number, task: Task): Int32Array {
  const ids = new Int32Array(rows);
  for (let r = 0; r < rows; r++) ids[r] = task === 'multiclassSparse' ? labels[r] : argmaxRow(labels, r, units);
  return ids;
}

function predictedIds(outputs: Float32Array, rows: number, units: number): Int32Array {
  const ids = new Int32Array(rows);
  for (let r = 0; r < rows; r++) ids[r] = argmaxRow(outputs, r, units);
  return ids;
}

function thresholded(kind: 'precision' | 'recall' | 'f1', task: Task, threshold: number) {
  return (labels: Float32Array, outputs: Float32Array, rows: number, units: number): number => {
    if (task === 'multiclassOneHot' || task === 'multiclassSparse') {
      const cm = confusionMatrix(classIds(labels, rows, units, task), predictedIds(outputs, rows, units), units);
      return macroScores(cm)[kind];
    }
    const c = binaryCounts(labels, outputs, threshold);
    return kind === 'precision' ? precisionFromCounts(c) : kind === 'recall' ? recallFromCounts(c) : fBetaFromCounts(c);
  };
}

function macroAuc(labels: Float32Array, outputs: Float32Array, rows: number, units: number, task: Task): number {
  const ids = classIds(labels, rows, units, task);
  let sum = 0, count = 0;
  for (let c = 0; c < units; c++) {
    const y = new Float32Array(rows), p = new Float32Array(rows);
    for (let r = 0; r < rows; r++) { y[r] = ids[r] === c ? 1 : 0; p[r] = outputs[r * units + c]; }
    const a = rocAuc(y, p);
    if (!Number.isNaN(a)) { sum += a; count++; }
  }
  return count ? sum / count : NaN;
}

/**
 * Resolves metric names against the model once, at compile. 'accuracy' becomes the accuracy that
 * fits the output and loss, reported under its real name: one sigmoid unit -> binaryAccuracy;
 * softmax -> categoricalAccuracy (one-hot) or sparseCategoricalAccuracy (ids); several sigmoid
 * units -> binaryAccuracy (per label) and subsetAccuracy (whole rows), never a bare 'accuracy'.
 */
export function resolveMetrics(specs: readonly MetricSpec[] | undefined, task: Task, outputActivation?: ActivationName): Metric[] {
  if (specs === undefined) return [];
  if (!Array.isArray(specs)) {
    throw new WasmlpError('BAD_OPTION', `compile: 'metrics' must be an array such as ['accuracy']; received ${JSON.stringify(specs)}.`, { option: 'metrics' });
  }
  const out: Metric[] = [];
  const add = (m: Metric) => { if (!out.some((o) => o.name === m.name)) out.push(m); };
  for (const spec of specs) {
    const raw = typeof spec === 'string' ? spec : spec?.type ?? spec?.className ?? spec?.name;
    const name = typeof raw === 'string' ? canonical(raw) : undefined;
    if (!name) {
      throw new WasmlpError('UNKNOWN_METRIC', `Unknown metric ${JSON.stringify(raw ?? spec)} in 'metrics'. Valid metrics: ${KNOWN.join(', ')} (aliases: acc, mse, mae).`, { option: 'metrics' });
    }
    const threshold = typeof spec === 'object' && spec.threshold !== undefined ? spec.threshold : 0.5;
    if (typeof threshold !== 'number' || !(threshold >= 0 && threshold <= 1)) {
      throw new WasmlpError('BAD_OPTION', `Metric '${name}': threshold must be a number in [0, 1], received ${JSON.stringify(threshold)}.`, { option: 'metrics' });
    }
    const label = typeof spec === 'object' && spec.name && spec.name !== raw ? spec.name : undefined;
    // Keras' default k is 5 (TopKCategoricalAccuracy); a k on another metric is a mistake worth saying.
    const k = typeof spec === 'object' && spec.k !== undefined ? checkK(spec.k, `Metric '${name}'`) : 5;
    if (typeof spec === 'object' && spec.k !== undefined && !/atk$|topk/i.test(name)) {
      throw new WasmlpError('BAD_OPTION', `Metric '${name}' takes no k; k belongs to topKCategoricalAccuracy, sparseTopKCategoricalAccuracy, precisionAtK and recallAtK.`, { option: 'metrics' });
    }
    const regression = task === 'regression';
    const multiclass = task === 'multiclassOneHot' || task === 'multiclassSparse';
    const needClassification = (n: string) => {
      if (regression) {
        throw new WasmlpError('METRIC_NOT_APPLICABLE', `Metric '${n}' needs a classifier, but this model is a regression (linear output with a regression loss). Use 'meanAbsoluteError' or 'meanSquaredError', or give the output a sigmoid/softmax activation and a crossentropy loss.`, { option: 'metrics' });
      }
    };
    switch (name) {
      case 'accuracy':
        needClassification('accuracy');
        if (task === 'binary') add(binaryAccuracyMetric(threshold, label));
        else if (task === 'multilabel') { add(binaryAccuracyMetric(threshold, label)); add(subsetAccuracyMetric(threshold)); }
        else add(classAccuracyMetric(task, label));
        break;
      case 'binaryAccuracy':
        needClassification(name);
        if (multiclass) throw new WasmlpError('METRIC_NOT_APPLICABLE', `binaryAccuracy compares each output to a threshold, which says little for a softmax over classes. Use 'categoricalAccuracy' (or 'accuracy').`, { option: 'metrics' });
        add(binaryAccuracyMetric(threshold, label));
        break;
      case 'subsetAccuracy':
        needClassification(name);
        add(subsetAccuracyMetric(threshold, label));
        break;
      case 'categoricalAccuracy':
      case 'sparseCategoricalAccuracy':
        needClassification(name);
        // A softmax output trained with binaryCrossentropy (Keras tutorials do this) still has one
        // class per row: its argmax is a class, so class accuracy applies.
        if (!multiclass && !(task === 'multilabel' && outputActivation === 'softmax')) throw new WasmlpError('METRIC_NOT_APPLICABLE', `${name} needs a softmax output over classes; this model's output is ${task}. Use 'binaryAccuracy' (or 'accuracy').`, { option: 'metrics' });
        add(classAccuracyMetric(task, label));
        break;
      case 'precision': case 'recall': case 'f1':
        needClassification(name);
        add({ name: label ?? name, higherIsBetter: true, compute: thresholded(name, task, threshold) });
        break;
      case 'auc':
        needClassification(name);
        add({ name: label ?? 'auc', higherIsBetter: true, compute: (l, o, rows, units) => (multiclass ? macroAuc(l, o, rows, units, task) : rocAuc(l, o)) });
        break;
      case 'topKCategoricalAccuracy':
      case 'sparseTopKCategoricalAccuracy': {
        needClassification(name);
        if (!multiclass && !(task === 'multilabel' && outputActivation === 'softmax')) throw new WasmlpError('METRIC_NOT_APPLICABLE', `${name} ranks the scores of classes, so it needs a softmax output over classes; this model's output is ${task}. For several independent labels use 'precisionAtK' or 'recallAtK'.`, { option: 'metrics' });
        const sparse = task === 'multiclassSparse';
        add({ name: label ?? (sparse ? 'sparseTopKCategoricalAccuracy' : 'topKCategoricalAccuracy'), higherIsBetter: true, compute: (l, o, rows, units) => topKHits(classIds(l, rows, units, task), o, units, k) });
        break;
      }
      case 'precisionAtK':
      case 'recallAtK': {
        needClassification(name);
        if (task === 'binary') throw new WasmlpError('METRIC_NOT_APPLICABLE', `${name} ranks several labels per row; this model has one output unit. Use 'precision' or 'recall'.`, { option: 'metrics' });
        const which = name === 'precisionAtK' ? 'precision' : 'recall';
        // Sparse class ids become one-hot rows: one relevant label per row.
        const relevant = (l: Float32Array, rows: number, units: number) => (task === 'multiclassSparse' ? oneHot(l, rows, units) : l);
        add({ name: label ?? name, higherIsBetter: true, compute: (l, o, rows, units) => atK(relevant(l, rows, units), o, units, k)[which] });
        break;
      }
      case 'meanSquaredError':
        add({ name: label ?? 'meanSquaredError', higherIsBetter: false, compute: (l, o) => meanError(l, o, true) });
        break;
      case 'meanAbsoluteError':
        add({ name: label ?? 'meanAbsoluteError', higherIsBetter: false, compute: (l, o) => meanError(l, o, false) });
        break;
    }
  }
  return out;
}

function binaryAccuracyMetric(threshold: number, name = 'binaryAccuracy'): Metric {
  return { name, higherIsBetter: true, compute: (l, o) => binaryAccuracy(l, o, threshold) };
}

function subsetAccuracyMetric(threshold: number, name = 'subsetAccuracy'): Metric {
  return { name, higherIsBetter: true, compute: (l, o, _rows, units) => subsetAccuracy(l, o, units, threshold) };
}

function classAccuracyMetric(task: Task, name?: string): Metric {
  const sparse = task === 'multiclassSparse';
  return {
    name: name ?? (sparse ? 'sparseCategoricalAccuracy' : 'categoricalAccuracy'),
    higherIsBetter: true,
    compute: (l, o, rows, units) => classAccuracy(classIds(l, rows, units, task), o, units),
  };
}

function oneHot(ids: Float32Array, rows: number, units: number): Float32Array {
  const out = new Float32Array(rows * units);
  for (let r = 0; r < rows; r++) out[r * units + ids[r]] = 1;
  return out;
}

function meanError(labels: Float32Array, outputs: Float32Array, squared: boolean): number {
  let s = 0;
  for (let i = 0; i < labels.length; i++) {
    const d = outputs[i] - labels[i];
    s += squared ? d * d : Math.abs(d);
  }
  return s / labels.length;
}
