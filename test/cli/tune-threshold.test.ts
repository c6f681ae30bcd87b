import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from './io.js';
import { dataPath } from '../helpers/data-dir.js';

const pima = dataPath('pima-indians-diabetes.csv');
const dir = mkdtempSync(join(tmpdir(), 'wasmlp-threshold-'));

describe('wasmlp cv/train --tune-threshold and the decision charts', () => {
  it('cv: a threshold per fold, scored at it; the report draws precision-recall and reliability curves', async () => {
    const report = join(dir, 'cv.html');
    const common = ['cv', pima, '--layers', '8', '--epochs', '20', '--folds', '3', '--seed', '2', '--scoring', 'balancedAccuracy,f1,prAuc', '--quiet'];
    const plain = JSON.parse((await cli([...common, '--json'])).stdout);
    const r = await cli([...common, '--tune-threshold', 'f1', '--json', '--report', report]);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.tuneThreshold).toBe('f1');
    expect(j.thresholds).toHaveLength(3);
    expect(j.thresholds.every((t: number) => t > 0 && t < 1 && t !== 0.5)).toBe(true);
    // Same models on the same folds: the ranking score is unchanged, F1 is scored at the threshold.
    expect(j.mean.prAuc).toBeCloseTo(plain.mean.prAuc, 12);
    expect(j.mean.f1).not.toBe(plain.mean.f1);
    console.log(`wasmlp cv pima (3 folds, 20 epochs): f1 ${plain.mean.f1.toFixed(4)} -> ${j.mean.f1.toFixed(4)}, balancedAccuracy ${plain.mean.balancedAccuracy.toFixed(4)} -> ${j.mean.balancedAccuracy.toFixed(4)}, thresholds ${j.thresholds.map((t: number) => t.toFixed(3)).join(' ')}`);
    const html = readFileSync(report, 'utf8');
    expect(html).toContain('Precision-recall, average precision');
    expect(html).toContain('Reliability (10 bins), Brier');
    expect(html).toContain('threshold tuned for f1');
    const text = await cli([...common, '--tune-threshold', 'minRecall=0.8']);
    expect(text.stdout).toMatch(/decision {2}threshold tuned for minRecall=0.8/);
    expect(text.stdout).toMatch(/fold +balancedAccuracy +f1 +prAuc +threshold +fit s/);
  });

  it('train: saves the threshold; evaluate and predict use it', async () => {
    const model = join(dir, 'model.json');
    const r = await cli(['train', pima, '--layers', '8', '--epochs', '20', '--seed', '1', '--test-size', '0.25', '--tune-threshold', 'balancedAccuracy', '--out', model, '--json', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.threshold).toBeGreaterThan(0);
    expect(JSON.parse(readFileSync(model, 'utf8')).metadata.decisionThreshold).toBe(j.threshold);
    const ev = JSON.parse((await cli(['evaluate', model, pima, '--json'])).stdout);
    expect(ev.scores.prAuc).toBeGreaterThan(0.5);
    // The confusion matrix follows p > threshold: its positive column matches a direct count.
    const rows = readFileSync(pima, 'utf8').trim().split('\n').slice(0, 20).join('\n');
    const pr = await cli(['predict', model], { stdin: rows });
    expect(pr.code, pr.stderr).toBe(0);
    const lines = pr.stdout.trim().split('\n').slice(1).map((l) => l.split(','));
    for (const [pred, , p1] of lines) expect(pred).toBe(Number(p1) > j.threshold ? '1' : '0');
  });

  it('refuses a bad metric', async () => {
    const r = await cli(['cv', pima, '--tune-threshold', 'accuracy', '--quiet']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('--tune-threshold expects f1, balancedAccuracy, youden');
  });
});
