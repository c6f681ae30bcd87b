import { takeRows, type Matrix } from '../../src/data/matrix.js';
import { StratifiedKFold } from '../../src/model-selection/stratified-kfold.js';
import { TunedThresholdClassifier, type ThresholdMetric } from '../../src/decision/threshold.js';
import { balancedAccuracy, f1 } from '../../src/metrics/binary-scores.js';
import { ScaledMlp, type MlpOptions } from './helpers.js';

export interface Arm { balancedAccuracy: number[]; f1: number[]; thresholds: number[] }
export interface Comparison { plain: Arm; balanced: Arm; tuned: Arm }

const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;

/**
 * One outer stratified k-fold, three arms on the same folds: the plain model at 0.5; the model
 * trained with balanced class weights at 0.5; the balanced model with a threshold tuned on
 * out-of-fold predictions of the outer training rows only (inner stratified folds).
 */
export async function compareArms(x: Matrix, y: Int32Array, o: { folds?: number; seed: number; mlp: MlpOptions; balancedFit?: MlpOptions['fit']; metric: ThresholdMetric; innerCv?: number }): Promise<Comparison> {
  const out: Comparison = { plain: empty(), balanced: empty(), tuned: empty() };
  const outer = new StratifiedKFold({ nSplits: o.folds ?? 5, shuffle: true, seed: o.seed });
  for (const { train, test } of outer.split(x, y)) {
    const xTrain = takeRows(x, train), yTrain = Int32Array.from(train, (i) => y[i]);
    const xTest = takeRows(x, test), yTest = Int32Array.from(test, (i) => y[i]);
    const plain = await new ScaledMlp(o.mlp).fit(xTrain, yTrain);
    record(out.plain, yTest, plain.predictProba(xTest).data, 0.5);
    plain.dispose();
    const balancedMlp = new ScaledMlp({ ...o.mlp, fit: { classWeight: 'balanced', ...(o.balancedFit ?? {}) } });
    const tuned = await new TunedThresholdClassifier(balancedMlp, { metric: o.metric, cv: o.innerCv ?? 5, seed: o.seed + 1 }).fit(xTrain, yTrain);
    const p = tuned.predictProba(xTest);
    const pos = Float64Array.from({ length: p.rows }, (_, r) => p.data[2 * r + 1]);
    // The refitted balanced model at 0.5 is the 'balanced only' arm (same weights, same fit).
    record(out.balanced, yTest, pos, 0.5);
    record(out.tuned, yTest, pos, tuned.threshold!);
    tuned.dispose();
  }
  return out;
}

function empty(): Arm { return { balancedAccuracy: [], f1: [], thresholds: [] }; }

function record(arm: Arm, y: Int32Array, p: ArrayLike<number>, t: number): void {
  arm.balancedAccuracy.push(balancedAccuracy(y, p, t));
  arm.f1.push(f1(y, p, t));
  arm.thresholds.push(t);
}

export function table(name: string, c: Comparison): string {
  const row = (label: string, a: Arm) => `  ${label.padEnd(26)} balancedAccuracy ${mean(a.balancedAccuracy).toFixed(4)}  f1 ${mean(a.f1).toFixed(4)}  threshold ${a.thresholds.map((t) => t.toFixed(3)).join(' ')}`;
  return [`${name}`, row('plain @ 0.5', c.plain), row('balanced @ 0.5', c.balanced), row('balanced + tuned threshold', c.tuned)].join('\n');
}

export { mean };
