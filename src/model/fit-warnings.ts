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

/** Before training: a class under 10% and accuracy is all the user asked to see. */
export function warnAccuracyOnRareClass(classIds: Int32Array | null, n: number, metricNames: readonly string[]): void {
  if (!classIds || n === 0 || metricNames.length === 0 || !metricNames.every((m) => /accuracy$|^acc$/i.test(m) && !/^balanced/i.test(m))) return;
  const counts = classCounts(classIds, n).filter((c) => c > 0);
  if (counts.length < 2 || Math.min(...counts) / n >= RARE_CLASS_SHARE) return;
  warn('ACCURACY_ON_IMBALANCED', `A class makes up less than ${RARE_CLASS_SHARE * 100}% of the training labels and accuracy is the only metric: a model that always predicts the majority class scores high. Watch balancedAccuracy and prAuc (average precision) instead, and consider classWeight: 'balanced' and a tuned threshold (tuneThreshold).`);
}

/**
 * After training: predicts the training rows once and warns when every prediction falls in one
 * class (one sigmoid unit: the same side of 0.5; softmax: the same argmax) while the labels hold
 * at least two.
 */
export function warnCollapsedPredictions(rt: Runtime, net: Network, data: DeviceData, classIds: Int32Array | null, n: number): void {
  if (!classIds || n === 0) return;
  const present = classCounts(classIds, n).filter((c) => c > 0).length;
  if (present < 2) return;
  const cols = net.outDim;
  if (cols === 1 && classCounts(classIds, n).length > 2) return; // regression-like single output
  const out = rt.mem.alloc(n * cols * 4, 'training predictions');
  try {
    predictOnDevice(net, { x: data.x, sp: data.sp, rows: n }, out);
    const p = rt.mem.f32(out, n * cols);
    const classOf = (r: number): number => {
      if (cols === 1) return p[r] > 0.5 ? 1 : 0;
      let best = 0;
      for (let j = 1; j < cols; j++) if (p[r * cols + j] > p[r * cols + best]) best = j;
      return best;
    };
    const first = classOf(0);
    for (let r = 1; r < n; r++) if (classOf(r) !== first) return;
    warn('MAJORITY_CLASS_ONLY', `The trained model predicts class ${first} for every training row although the labels hold ${present} classes: it learned the majority class. Try classWeight: 'balanced', stratifiedBatches: true, more epochs or a higher learning rate, and judge it by balancedAccuracy or prAuc; tuneThreshold can also move the decision threshold.`);
  } finally {
    rt.mem.free(out);
  }
}
