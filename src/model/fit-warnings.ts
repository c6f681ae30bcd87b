/**
 * Warnings fit gives about imbalanced labels (each shown once per process, through warn()):
 * accuracy as the only metric on a set with a rare class, and a trained model whose predictions
 * on its own training rows all fall in one class.
 */
import { warn } from '../warnings.js';
import type { Runtime } from '../runtime/wasm.js';
import type { Network } from './network.js';
import { predictOnDevice, type DeviceData } from './device-data.js';

/** A class under this share of the training labels counts as rare. */
export const RARE_CLASS_SHARE = 0.1;

function classCounts(classIds: Int32Array, n: number): number[] {
  const counts: number[] = [];
  for (let i = 0; i < n; i++) counts[classIds[i]] = (counts[classIds[i]] ?? 0) + 1;
  return Array.from(counts, (c) => c ?? 0);
}

/**
 * Depth of callers that already handle imbalance (a tuned threshold fits its inner models inside
 * this), so fit does not advise what is being done.
 */
let imbalanceHandled = 0;

/** Runs `fn` with the accuracy-on-imbalance advice off: the caller tunes the decision itself. */
export async function withImbalanceHandled<T>(fn: () => Promise<T>): Promise<T> {
  imbalanceHandled++;
  try {
    return await fn();
  } finally {
    imbalanceHandled--;
  }
}

/** What fit knows about how the user already deals with imbalance. */
export interface ImbalanceContext {
  /** classWeight or sampleWeight given. */
  weighted: boolean;
  /** Multi-label 0/1 label rows (rows x width), when the task is multi-label. */
  multiLabel?: { labels: Float32Array; width: number } | null;
}

/**
 * A class counts as rare below 10% of the labels and below half its share in a balanced set
 * (1/k): ten equal classes hold 10% each and are not imbalanced.
 */
export function rareClassShare(classes: number): number {
  return Math.min(RARE_CLASS_SHARE, 0.5 / Math.max(2, classes));
}

/** Before training: a rare class (or rare positive labels) and accuracy is all the user asked to see. */
export function warnAccuracyOnRareClass(classIds: Int32Array | null, n: number, metricNames: readonly string[], context: ImbalanceContext = { weighted: false }): void {
  if (imbalanceHandled > 0 || context.weighted || n === 0 || metricNames.length === 0) return;
  if (!metricNames.every((m) => /accuracy$|^acc$/i.test(m) && !/^balanced/i.test(m))) return;
  if (!classIds) {
    if (context.multiLabel && positiveShare(context.multiLabel.labels) < RARE_CLASS_SHARE) {
      warn('ACCURACY_ON_IMBALANCED', `Fewer than ${RARE_CLASS_SHARE * 100}% of the multi-label targets are 1 and accuracy is the only metric: a model that predicts 0 for every label scores a high binaryAccuracy with subsetAccuracy near 0. Watch recall and precisionAtK/recallAtK instead, and weight the positives (sampleWeight) or lower the threshold.`);
    }
    return;
  }
  const counts = classCounts(classIds, n).filter((c) => c > 0);
  if (counts.length < 2 || Math.min(...counts) / n >= rareClassShare(counts.length)) return;
  warn('ACCURACY_ON_IMBALANCED', `A class makes up less than ${RARE_CLASS_SHARE * 100}% of the training labels and accuracy is the only metric: a model that always predicts the majority class scores high. Watch balancedAccuracy and prAuc (average precision) instead, and consider classWeight: 'balanced' and a tuned threshold (tuneThreshold).`);
}

/** Rows predicted at a time by the post-fit checks. */
const SCAN_ROWS = 64;

/**
 * Predicts the training rows in chunks of SCAN_ROWS, calling `settled` with each chunk's outputs
 * (rows x outDim) until it returns true. The checks below look for the rare collapsed model, so
 * the first chunk usually settles them: fit pays for a few hundred rows, not a pass over the
 * training set (a 1-epoch fit of a large network spent a quarter of its time here). Sparse rows
 * are predicted in one go (a CSR chunk would need its own descriptor).
 */
function scanPredictions(rt: Runtime, net: Network, data: DeviceData, n: number, settled: (p: Float32Array, rows: number) => boolean): boolean {
  const cols = net.outDim;
  const chunk = data.sp ? n : Math.min(n, SCAN_ROWS);
  const out = rt.mem.alloc(chunk * cols * 4, 'training predictions');
  try {
    for (let r0 = 0; r0 < n; r0 += chunk) {
      const rows = Math.min(chunk, n - r0);
      predictOnDevice(net, { x: data.sp ? 0 : data.x + r0 * net.inDim * 4, sp: data.sp, rows }, out);
      if (settled(rt.mem.f32(out, rows * cols), rows)) return true;
    }
    return false;
  } finally {
    rt.mem.free(out);
  }
}

/**
 * After training: predicts the training rows (until two classes show up) and warns when every
 * prediction falls in one class (one sigmoid unit: the same side of 0.5; softmax: the same argmax)
 * while the labels hold at least two.
 */
export function warnCollapsedPredictions(rt: Runtime, net: Network, data: DeviceData, classIds: Int32Array | null, n: number, multiLabel: { labels: Float32Array; width: number } | null = null): void {
  if (!classIds && multiLabel && n > 0) { warnMultiLabelAllNegative(rt, net, data, n, multiLabel.labels); return; }
  if (!classIds || n === 0) return;
  const present = classCounts(classIds, n).filter((c) => c > 0).length;
  if (present < 2) return;
  const cols = net.outDim;
  if (cols === 1 && classCounts(classIds, n).length > 2) return; // regression-like single output
  let first = -1;
  const varied = scanPredictions(rt, net, data, n, (p, rows) => {
    for (let r = 0; r < rows; r++) {
      let best = 0;
      if (cols === 1) best = p[r] > 0.5 ? 1 : 0;
      else for (let j = 1; j < cols; j++) if (p[r * cols + j] > p[r * cols + best]) best = j;
      if (first < 0) first = best;
      else if (best !== first) return true;
    }
    return false;
  });
  if (varied) return;
  warn('MAJORITY_CLASS_ONLY', `The trained model predicts class ${first} for every training row although the labels hold ${present} classes: it learned the majority class. Try classWeight: 'balanced', stratifiedBatches: true, more epochs or a higher learning rate, and judge it by balancedAccuracy or prAuc; tuneThreshold can also move the decision threshold.`);
}

function positiveShare(labels: Float32Array): number {
  let pos = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] >= 0.5) pos++;
  return labels.length ? pos / labels.length : 0;
}

/**
 * Multi-label: every output of every training row at or under 0.5 while the labels hold
 * positives (the 416-label trap: binaryAccuracy 0.993, subsetAccuracy 0).
 */
function warnMultiLabelAllNegative(rt: Runtime, net: Network, data: DeviceData, n: number, labels: Float32Array): void {
  if (positiveShare(labels) === 0) return;
  const cols = net.outDim;
  const anyPositive = scanPredictions(rt, net, data, n, (p) => {
    for (let i = 0; i < p.length; i++) if (p[i] > 0.5) return true;
    return false;
  });
  if (anyPositive) return;
  warn('MULTILABEL_ALL_NEGATIVE', `The trained multi-label model predicts 0 for all ${cols} labels of every training row although ${(100 * positiveShare(labels)).toFixed(2)}% of the targets are 1: binaryAccuracy looks high while subsetAccuracy and recall are 0. Weight the positive labels (sampleWeight), lower the threshold, train longer or with a higher learning rate, and judge it by recall or precisionAtK/recallAtK.`);
}
