import { WasmlpError, describe } from '../errors.js';
import { toMatrix, type MatrixLike } from '../data/matrix.js';
import { argmaxRow } from './scores.js';

/** k must be a whole number of classes or labels, at least 1 (Keras' default is 5). */
export function checkK(k: unknown, where: string): number {
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 1) {
    throw new WasmlpError('BAD_OPTION', `${where}: k must be an integer >= 1 (how many of the highest scores count); received ${describe(k)}.`, { option: 'k' });
  }
  return k;
}

/**
 * Share of rows whose true class is among the k highest scores. Ties at the boundary count as in
 * the top k (tf.math.in_top_k, which Keras' top_k_categorical_accuracy uses): the true class is
 * in when fewer than k classes score strictly higher.
 */
export function topKHits(classIds: ArrayLike<number>, p: ArrayLike<number>, cols: number, k: number): number {
  const rows = classIds.length;
  let hits = 0;
  for (let r = 0; r < rows; r++) {
    const target = p[r * cols + classIds[r]];
    let higher = 0;
    for (let j = 0; j < cols; j++) if (p[r * cols + j] > target) higher++;
    if (higher < k) hits++;
  }
  return rows === 0 ? 0 : hits / rows;
}

/**
 * Per row, of the k highest-scored labels (exactly k: ties go to the lower label index), the
 * share that is relevant (precision, over k) and the share of the row's relevant labels found
 * (recall), each averaged over rows. Rows without a relevant label count 0 for precision and are
 * left out of recall (it is undefined for them); no such row at all gives recall 0.
 */
export function atK(y: ArrayLike<number>, p: ArrayLike<number>, cols: number, k: number): { precision: number; recall: number } {
  const rows = cols === 0 ? 0 : y.length / cols;
  const kk = Math.min(k, cols);
  const order = new Int32Array(cols);
  let precision = 0, recall = 0, withRelevant = 0;
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    for (let j = 0; j < cols; j++) order[j] = j;
    // Partial selection sort: the first kk places get the highest scores, lower index first on ties.
    for (let i = 0; i < kk; i++) {
      let best = i;
      for (let j = i + 1; j < cols; j++) {
        const a = p[base + order[j]], b = p[base + order[best]];
        if (a > b || (a === b && order[j] < order[best])) best = j;
      }
      const t = order[i]; order[i] = order[best]; order[best] = t;
    }
    let found = 0, relevant = 0;
    for (let i = 0; i < kk; i++) if (y[base + order[i]] >= 0.5) found++;
    for (let j = 0; j < cols; j++) if (y[base + j] >= 0.5) relevant++;
    precision += found / kk;
    if (relevant > 0) { recall += found / relevant; withRelevant++; }
  }
  return { precision: rows === 0 ? 0 : precision / rows, recall: withRelevant === 0 ? 0 : recall / withRelevant };
}

function matrixPair(yTrue: MatrixLike, yPred: MatrixLike, caller: string) {
  const t = toMatrix(yTrue, 'yTrue'), p = toMatrix(yPred, 'yPred');
  if (t.rows !== p.rows || t.cols !== p.cols) {
    throw new WasmlpError('SHAPE_MISMATCH', `${caller}: yTrue is ${t.rows} x ${t.cols} but yPred is ${p.rows} x ${p.cols}; give one row of labels per row of scores.`, { option: 'yTrue' });
  }
  return { t, p };
}

/**
 * Keras' top_k_categorical_accuracy: one-hot rows yTrue, scores yPred (rows x classes); the share
 * of rows whose class is among the k highest scores (ties included, as tf.math.in_top_k).
 *
 * @example
 * topKCategoricalAccuracy([[0, 0, 1], [0, 1, 0]], [[0.5, 0.3, 0.2], [0.1, 0.2, 0.7]], 2); // 0.5
 */
export function topKCategoricalAccuracy(yTrue: MatrixLike, yPred: MatrixLike, k = 5): number {
  const { t, p } = matrixPair(yTrue, yPred, 'topKCategoricalAccuracy');
  const ids = Int32Array.from({ length: t.rows }, (_, r) => argmaxRow(t.data, r, t.cols));
  return topKHits(ids, p.data, p.cols, checkK(k, 'topKCategoricalAccuracy'));
}

/**
 * Keras' sparse_top_k_categorical_accuracy: class ids yTrue, scores yPred (rows x classes).
 *
 * @example
 * sparseTopKCategoricalAccuracy([2, 1], [[0.5, 0.3, 0.2], [0.1, 0.2, 0.7]], 2); // 0.5
 */
export function sparseTopKCategoricalAccuracy(yTrue: ArrayLike<number>, yPred: MatrixLike, k = 5): number {
  const p = toMatrix(yPred, 'yPred');
  if (yTrue.length !== p.rows) {
    throw new WasmlpError('SHAPE_MISMATCH', `sparseTopKCategoricalAccuracy: yTrue has ${yTrue.length} class ids but yPred has ${p.rows} rows.`, { option: 'yTrue' });
  }
  for (let r = 0; r < yTrue.length; r++) {
    if (!Number.isInteger(yTrue[r]) || yTrue[r] < 0 || yTrue[r] >= p.cols) {
      throw new WasmlpError('UNKNOWN_LABEL', `sparseTopKCategoricalAccuracy: yTrue[${r}] is ${JSON.stringify(yTrue[r])}, not a class id in [0, ${p.cols}).`, { option: 'yTrue', row: r });
    }
  }
  return topKHits(yTrue, p.data, p.cols, checkK(k, 'sparseTopKCategoricalAccuracy'));
}

/**
 * Multi-label precision at k: per row, the share of its k highest-scored labels that are
 * relevant (yTrue 1), averaged over rows.
 *
 * @example
 * precisionAtK([[1, 0, 1, 0]], [[0.9, 0.8, 0.1, 0.3]], 2); // 0.5
 */
export function precisionAtK(yTrue: MatrixLike, yScore: MatrixLike, k: number): number {
  const { t, p } = matrixPair(yTrue, yScore, 'precisionAtK');
  return atK(t.data, p.data, p.cols, checkK(k, 'precisionAtK')).precision;
}

/**
 * Multi-label recall at k: per row, the share of its relevant labels found among its k
 * highest-scored labels, averaged over the rows that have a relevant label.
 *
 * @example
 * recallAtK([[1, 0, 1, 0]], [[0.9, 0.8, 0.1, 0.3]], 2); // 0.5
 */
export function recallAtK(yTrue: MatrixLike, yScore: MatrixLike, k: number): number {
  const { t, p } = matrixPair(yTrue, yScore, 'recallAtK');
  return atK(t.data, p.data, p.cols, checkK(k, 'recallAtK')).recall;
}
