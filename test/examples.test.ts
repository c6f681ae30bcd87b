import { beforeAll, describe, expect, it, vi } from 'vitest';
import { dataDir } from './helpers/data-dir.js';

/**
 * Runs every example in examples/ with its real settings and checks the issue's floors. The
 * examples import 'wasmlp/node' (dist/, built by `npm test`'s pretest) exactly as a user would.
 */
beforeAll(() => {
  vi.stubEnv('WASMLP_DATA_DIR', dataDir());
  vi.stubEnv('WASMLP_CACHE_DIR', '/nonexistent-wasmlp-cache'); // never download from a test
  return () => vi.unstubAllEnvs();
});

const lines: string[] = [];
const print = (line: string) => { lines.push(line); console.log(line); };

describe('examples/', () => {
  it('sonar.mjs: baseline / standardized / smaller / larger table; standardized >= 0.82 mean, whole table under a minute', async () => {
    const { main } = await import('../examples/sonar.mjs');
    const t0 = performance.now();
    const rows = await main({ print });
    const seconds = (performance.now() - t0) / 1000;
    expect(rows.map((r: { name: string }) => r.name)).toEqual(['Baseline', 'Standardized', 'Smaller', 'Larger']);
    const standardized = rows[1];
    expect(standardized.mean).toBeGreaterThanOrEqual(0.82);
    expect(standardized.scores).toHaveLength(10);
    for (const r of rows) expect(r.mean).toBeGreaterThan(0.75);
    expect(seconds).toBeLessThan(60);
    expect(lines.some((l) => /^Standardized\s+60\s+\d+\.\d\d% \(\d+\.\d\d%\)/.test(l))).toBe(true);
  });

  it('sms-spam.mjs: TF-IDF fitted per fold on sparse rows, >= 98% in stratified 5-fold CV; a prize message is spam', async () => {
    const { main } = await import('../examples/sms-spam.mjs');
    const r = await main({ print });
    expect(r.scores).toHaveLength(5);
    expect(r.mean).toBeGreaterThanOrEqual(0.98);
    expect(r.verdicts).toEqual(['spam', 'ham']);
  });

  it('banknote.mjs: 99%+ on the held-out 20% averaged over seeded splits, then a new banknote', async () => {
    const { main } = await import('../examples/banknote.mjs');
    const r = await main({ print });
    expect(r.mean).toBeGreaterThanOrEqual(0.99);
    for (const a of r.accuracies) expect(a).toBeGreaterThanOrEqual(0.98);
    expect(r.newBanknote.predicted).toBe('0');
    expect(r.newBanknote.probability).toBeLessThan(0.05);
  });

  it('regression-to-classifier.mjs: linear + MSE outputs leave [0, 1]; sigmoid + binaryCrossentropy gives probabilities', async () => {
    const { main } = await import('../examples/regression-to-classifier.mjs');
    const r = await main({ print });
    expect(r.regression.outsideUnitInterval).toBeGreaterThan(0);
    expect(r.classifier.outsideUnitInterval).toBe(0);
    expect(r.classifier.min).toBeGreaterThan(0);
    expect(r.classifier.max).toBeLessThan(1);
    expect(r.classifier.accuracy).toBeGreaterThan(0.7);
    expect(r.regression.accuracy).toBeGreaterThan(0.65);
  });

  it('multi-label.mjs: binaryAccuracy flatters; subsetAccuracy and F1 expose the do-nothing baseline', async () => {
    const { main } = await import('../examples/multi-label.mjs');
    const r = await main({ print });
    expect(r.baseline.binaryAccuracy).toBeGreaterThan(0.8);
    expect(r.baseline.subsetAccuracy).toBeLessThan(0.5);
    expect(r.baseline.f1).toBe(0);
    expect(r.model.f1).toBeGreaterThan(0.7);
    expect(r.model.binaryAccuracy).toBeGreaterThan(r.model.subsetAccuracy);
  });

  it('iris.mjs: softmax over three species, >= 0.93 under 10-fold CV', async () => {
    const { main } = await import('../examples/iris.mjs');
    const r = await main({ print });
    expect(r.mean).toBeGreaterThanOrEqual(0.93);
    expect(lines.some((l) => /-> Iris-\w+ \(probabilities/.test(l))).toBe(true);
  });
});
