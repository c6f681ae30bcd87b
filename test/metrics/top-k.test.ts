import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { Dense, SeededRandom, Sequential, precisionAtK, recallAtK, sparseTopKCategoricalAccuracy, topKCategoricalAccuracy } from '../../src/index.js';
import { atK, topKHits } from '../../src/metrics/top-k.js';
import { resolveMetrics } from '../../src/metrics/resolve.js';
import { expectWasmlpError } from '../helpers/expect-error.js';

const randomScores = (rows: number, cols: number, seed: number) => {
  const rng = new SeededRandom(seed);
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => rng.next()));
};

describe('top-k categorical accuracy (Keras names and semantics)', () => {
  it("matches Keras' documented examples", () => {
    // keras.metrics.TopKCategoricalAccuracy(k=1) and SparseTopKCategoricalAccuracy(k=1): 0.5.
    expect(topKCategoricalAccuracy([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]], 1)).toBe(0.5);
    expect(sparseTopKCategoricalAccuracy([2, 1], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]], 1)).toBe(0.5);
    expect(topKCategoricalAccuracy([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]], 2)).toBe(1);
    // Default k = 5: with 3 classes every row is a hit.
    expect(sparseTopKCategoricalAccuracy([0, 1], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]])).toBe(1);
  });

  it('counts ties at the boundary as in the top k (tf.math.in_top_k)', () => {
    expect(topKHits([1], [0.5, 0.5, 0], 3, 1)).toBe(1);
    expect(topKHits([2], [0.4, 0.4, 0.2], 3, 2)).toBe(0);
    expect(topKHits([2], [0.4, 0.2, 0.2], 3, 2)).toBe(1);
  });

  it('equals tf.inTopKAsync from @tensorflow/tfjs 4.22 on random scores', async () => {
    const p = randomScores(200, 7, 3);
    const rng = new SeededRandom(4);
    const ids = Array.from({ length: 200 }, () => rng.int(7));
    for (const k of [1, 2, 3, 5]) {
      const pred = tf.tensor2d(p), target = tf.tensor1d(ids, 'int32');
      const hits = await (await tf.inTopKAsync(pred, target, k)).data();
      const expected = Array.from(hits).filter(Boolean).length / 200;
      tf.dispose([pred, target]);
      expect(sparseTopKCategoricalAccuracy(ids, p, k)).toBeCloseTo(expected, 12);
      expect(topKCategoricalAccuracy(ids.map((c) => Array.from({ length: 7 }, (_, j) => (j === c ? 1 : 0))), p, k)).toBeCloseTo(expected, 12);
    }
  });

  it('refuses a bad k and mismatched shapes with coded errors', async () => {
    await expectWasmlpError(() => topKCategoricalAccuracy([[1, 0]], [[0.2, 0.8]], 0), 'BAD_OPTION', ['k must be an integer >= 1'], { option: 'k' });
    await expectWasmlpError(() => topKCategoricalAccuracy([[1, 0]], [[0.2, 0.8], [0.1, 0.9]], 1), 'SHAPE_MISMATCH', ['yTrue is 1 x 2 but yPred is 2 x 2']);
    await expectWasmlpError(() => sparseTopKCategoricalAccuracy([3], [[0.2, 0.8]], 1), 'UNKNOWN_LABEL', ['yTrue[0] is 3']);
  });
});

/** The straightforward reference: sort each row's labels by score (stable, so lower index first on ties). */
function referenceAtK(y: number[][], p: number[][], k: number) {
  let precision = 0, recall = 0, n = 0;
  y.forEach((row, r) => {
    const top = row.map((_, j) => j).sort((a, b) => p[r][b] - p[r][a] || a - b).slice(0, k);
    const found = top.filter((j) => row[j] === 1).length;
    const relevant = row.filter((v) => v === 1).length;
    precision += found / Math.min(k, row.length);
    if (relevant) { recall += found / relevant; n++; }
  });
  return { precision: precision / y.length, recall: n ? recall / n : 0 };
}

describe('precision and recall at k (multi-label)', () => {
  it('hand-computed values', () => {
    const y = [[1, 0, 1, 0], [0, 1, 0, 0], [0, 0, 0, 0]];
    const p = [[0.9, 0.8, 0.1, 0.3], [0.2, 0.1, 0.3, 0.4], [0.5, 0.6, 0.7, 0.8]];
    // k = 2: row 0 top {0, 1}: 1 relevant of 2 -> P 1/2, R 1/2; row 1 top {3, 2}: 0 -> P 0, R 0; row 2: P 0, no relevant (left out of R).
    expect(precisionAtK(y, p, 2)).toBeCloseTo((0.5 + 0 + 0) / 3, 12);
    expect(recallAtK(y, p, 2)).toBeCloseTo((0.5 + 0) / 2, 12);
    // k = 4: every label is in the top; precision counts relevant over the 4 labels.
    expect(precisionAtK(y, p, 4)).toBeCloseTo((2 / 4 + 1 / 4 + 0) / 3, 12);
    expect(recallAtK(y, p, 4)).toBe(1);
    // k beyond the labels: all of them (precision over the labels there are).
    expect(precisionAtK(y, p, 9)).toBeCloseTo(precisionAtK(y, p, 4), 12);
    // Ties take the lower label index first.
    expect(precisionAtK([[0, 1]], [[0.5, 0.5]], 1)).toBe(0);
  });

  it('equals a sorted reference on random multi-label data', () => {
    const rng = new SeededRandom(11);
    const y = Array.from({ length: 150 }, () => Array.from({ length: 12 }, () => (rng.next() < 0.2 ? 1 : 0)));
    const p = randomScores(150, 12, 12).map((row) => row.map((v) => Math.round(v * 20) / 20)); // with ties
    for (const k of [1, 3, 5, 12]) {
      const ref = referenceAtK(y, p, k);
      const got = atK(new Float32Array(y.flat()), new Float32Array(p.flat()), 12, k);
      expect(got.precision).toBeCloseTo(ref.precision, 6);
      expect(got.recall).toBeCloseTo(ref.recall, 6);
    }
  });
});

describe('in compile metrics and evaluate (Keras spellings)', () => {
  it('resolves snake_case names, takes k, reports under the Keras name', () => {
    const names = (specs: Parameters<typeof resolveMetrics>[0], task: Parameters<typeof resolveMetrics>[1]) => resolveMetrics(specs, task).map((m) => m.name);
    expect(names(['top_k_categorical_accuracy'], 'multiclassOneHot')).toEqual(['topKCategoricalAccuracy']);
    expect(names(['sparse_top_k_categorical_accuracy'], 'multiclassSparse')).toEqual(['sparseTopKCategoricalAccuracy']);
    expect(names([{ type: 'topKCategoricalAccuracy', k: 2, name: 'top2' }], 'multiclassOneHot')).toEqual(['top2']);
    expect(names(['precision_at_k', 'recall_at_k'], 'multilabel')).toEqual(['precisionAtK', 'recallAtK']);
    const [top1] = resolveMetrics([{ type: 'sparse_top_k_categorical_accuracy', k: 1 }], 'multiclassSparse');
    expect(top1.compute(new Float32Array([2, 1]), new Float32Array([0.1, 0.9, 0.8, 0.05, 0.95, 0]), 2, 3)).toBe(0.5);
    const [p1] = resolveMetrics([{ type: 'precisionAtK', k: 1 }], 'multiclassSparse');
    expect(p1.compute(new Float32Array([2, 1]), new Float32Array([0.1, 0.9, 0.8, 0.05, 0.95, 0]), 2, 3)).toBe(0.5);
  });

  it('refuses them where they do not apply', async () => {
    await expectWasmlpError(() => resolveMetrics(['topKCategoricalAccuracy'], 'multilabel', 'sigmoid'), 'METRIC_NOT_APPLICABLE', ["'precisionAtK'"]);
    await expectWasmlpError(() => resolveMetrics(['precisionAtK'], 'binary'), 'METRIC_NOT_APPLICABLE', ["Use 'precision'"]);
    await expectWasmlpError(() => resolveMetrics([{ type: 'topKCategoricalAccuracy', k: 1.5 }], 'multiclassOneHot'), 'BAD_OPTION', ['k must be an integer >= 1']);
    await expectWasmlpError(() => resolveMetrics([{ type: 'accuracy', k: 2 }], 'binary'), 'BAD_OPTION', ['takes no k']);
  });

  it('a softmax model reports top-k during fit and evaluate; a multi-label model precision/recall at k', async () => {
    const rng = new SeededRandom(2);
    const x = Array.from({ length: 60 }, () => [rng.next(), rng.next(), rng.next()]);
    const ids = x.map((r) => (r[0] > 0.66 ? 2 : r[0] > 0.33 ? 1 : 0));
    const m = new Sequential([new Dense({ units: 4, activation: 'softmax', inputDim: 3 })], { seed: 1 });
    m.compile({ loss: 'sparseCategoricalCrossentropy', optimizer: 'adam', metrics: ['accuracy', { type: 'sparse_top_k_categorical_accuracy', k: 2 }] });
    const h = await m.fit(x, ids, { epochs: 2, batchSize: 16 });
    expect(h.history.sparseTopKCategoricalAccuracy).toHaveLength(2);
    const ev = m.evaluate(x, ids) as Record<string, number>;
    const probs = m.predict(x);
    const rows = Array.from({ length: 60 }, (_, r) => Array.from(probs.data.subarray(r * 4, r * 4 + 4)));
    expect(ev.sparseTopKCategoricalAccuracy).toBeCloseTo(sparseTopKCategoricalAccuracy(ids, rows, 2), 6);
    m.dispose();
    const y = x.map((r) => r.map((v) => (v > 0.5 ? 1 : 0)));
    const ml = new Sequential([new Dense({ units: 3, activation: 'sigmoid', inputDim: 3 })], { seed: 1 });
    ml.compile({ loss: 'binaryCrossentropy', optimizer: 'adam', metrics: [{ type: 'precisionAtK', k: 1 }, { type: 'recall_at_k', k: 2 }] });
    await ml.fit(x, y, { epochs: 1, batchSize: 16 });
    const e2 = ml.evaluate(x, y) as Record<string, number>;
    const out = ml.predict(x);
    const scores = Array.from({ length: 60 }, (_, r) => Array.from(out.data.subarray(r * 3, r * 3 + 3)));
    expect(e2.precisionAtK).toBeCloseTo(precisionAtK(y, scores, 1), 6);
    expect(e2.recallAtK).toBeCloseTo(recallAtK(y, scores, 2), 6);
    ml.dispose();
  });
});
