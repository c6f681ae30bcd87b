import { describe, expect, it } from 'vitest';
import { Pipeline, crossValidate, GridSearchCV } from '../../src/data-tools.js';
import { TabularClassifier, RobustScaler, makeBlobs, makeMoons } from '../../src/index.js';
import { StandardScaler } from '../../src/preprocessing/standard-scaler.js';
import { autoTraining, memberSeed } from '../../src/recipe/tabular-classifier.js';
import { expectWasmlpError } from '../helpers/expect-error.js';

// A small, fast version of the recipe: the defaults are measured in docs/recipe.md, not here.
const SMALL = { hidden: [16], ensemble: 2, epochs: 40 };

describe('TabularClassifier', () => {
  const moons = makeMoons({ nSamples: 160, noise: 0.2, seed: 3 });
  const blobs = makeBlobs({ nSamples: 150, centers: 3, nFeatures: 4, seed: 2 });

  it('learns a binary and a 3-class problem; probabilities are rows of the classes', async () => {
    const a = await new TabularClassifier({ ...SMALL, seed: 1 }).fit(moons.x, moons.y);
    expect(a.score(moons.x, moons.y)).toBeGreaterThan(0.85);
    const b = await new TabularClassifier({ ...SMALL, seed: 1 }).fit(blobs.x, blobs.y);
    expect(b.score(blobs.x, blobs.y)).toBeGreaterThan(0.9);
    const p = b.predictProba(blobs.x);
    expect(p.cols).toBe(3);
    for (let r = 0; r < p.rows; r++) expect(p.data[3 * r] + p.data[3 * r + 1] + p.data[3 * r + 2]).toBeCloseTo(1, 5);
    expect(a.members.length).toBe(2);
    a.dispose(); b.dispose();
  });

  it('is deterministic: the same seed gives the same bits, another seed other ones', async () => {
    const fit = async (seed: number) => {
      const c = await new TabularClassifier({ ...SMALL, seed }).fit(moons.x, moons.y);
      const p = Array.from(c.predictProba(moons.x).data);
      c.dispose();
      return p;
    };
    const [a, b, c] = [await fit(4), await fit(4), await fit(5)];
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('averages its members: the ensemble equals the mean of the members it holds', async () => {
    const c = await new TabularClassifier({ ...SMALL, seed: 2 }).fit(moons.x, moons.y);
    const scaled = new StandardScaler().fit(moons.x).transform(moons.x);
    const p = c.predictProba(moons.x);
    const m0 = c.members[0].predict(scaled), m1 = c.members[1].predict(scaled);
    for (let r = 0; r < 20; r++) expect(p.data[2 * r + 1]).toBeCloseTo((m0.data[r] + m1.data[r]) / 2, 6);
    expect(memberSeed(2, 0)).not.toBe(memberSeed(2, 1));
    c.dispose();
  });

  it('saves and loads, alone and in a Pipeline, with the same probabilities', async () => {
    const c = await new TabularClassifier({ ...SMALL, seed: 3 }).fit(blobs.x, blobs.y);
    const copy = TabularClassifier.fromJSON(JSON.parse(JSON.stringify(c.toJSON())));
    expect(Array.from(copy.predictProba(blobs.x).data)).toEqual(Array.from(c.predictProba(blobs.x).data));
    const pipe = await new Pipeline([['classifier', new TabularClassifier({ ...SMALL, seed: 3 })]]).fit(blobs.x, blobs.y);
    const loaded = Pipeline.fromJSON(JSON.stringify(pipe.toJSON()));
    expect(Array.from(loaded.predictProba(blobs.x).data)).toEqual(Array.from(pipe.predictProba(blobs.x).data));
    expect(Array.from(loaded.predictProba(blobs.x).data)).toEqual(Array.from(c.predictProba(blobs.x).data));
    for (const m of [c, copy, pipe, loaded]) m.dispose();
  });

  it('works in crossValidate (also on 2 worker threads, same scores) and GridSearchCV', async () => {
    const clf = new TabularClassifier({ ...SMALL, seed: 1 });
    const one = await crossValidate(clf, moons.x, moons.y, { cv: 3, seed: 1 });
    const two = await crossValidate(clf, moons.x, moons.y, { cv: 3, seed: 1, workers: 2 });
    expect(two.testScores.accuracy).toEqual(one.testScores.accuracy);
    expect(one.mean.accuracy).toBeGreaterThan(0.8);
    const gs = new GridSearchCV(new Pipeline([['classifier', clf]]), { classifier__dropout: [0, 0.3] }, { cv: 3, seed: 1 });
    await gs.fit(moons.x, moons.y);
    expect(gs.results.map((r) => r.params)).toEqual([{ classifier__dropout: 0 }, { classifier__dropout: 0.3 }]);
    gs.dispose();
  });

  it("hidden: 'auto' picks the architecture by an inner CV on the training rows, and keeps what it chose", async () => {
    const AUTO = { ensemble: 1, epochs: 30, hiddenCandidates: [[], [32]], seed: 1 };
    // Moons are not linearly separable: the inner CV must prefer the hidden layer over the linear model.
    const c = await new TabularClassifier(AUTO).fit(moons.x, moons.y);
    const sel = c.selection!;
    expect(sel.candidates).toEqual([[], [32]]);
    expect(sel.accuracy[1]).toBeGreaterThan(sel.accuracy[0]);
    expect(sel.chosen).toBe(1);
    expect(c.members[0].toJSON().layers.filter((l) => l.className === 'Dense').length).toBe(2);
    // Blobs with well separated centres: both fit, and a tie keeps the first (simplest) candidate.
    const easy = makeBlobs({ nSamples: 90, centers: 2, nFeatures: 2, noise: 0.3, seed: 4 });
    const e = await new TabularClassifier(AUTO).fit(easy.x, easy.y);
    expect(e.selection!.accuracy).toEqual([1, 1]);
    expect(e.selection!.chosen).toBe(0);
    // Saved and loaded with the choice; a clone chooses again (hidden stays 'auto').
    const copy = TabularClassifier.fromJSON(JSON.parse(JSON.stringify(c.toJSON())));
    expect(copy.selection).toEqual(sel);
    expect(c.clone().getParams().hidden).toBe('auto');
    // The same seed gives the same choice and the same bits.
    const again = await new TabularClassifier(AUTO).fit(moons.x, moons.y);
    expect(Array.from(again.predictProba(moons.x).data)).toEqual(Array.from(c.predictProba(moons.x).data));
    for (const m of [c, e, copy, again]) m.dispose();
  });

  it("hidden: 'auto' with a class too small for the inner folds uses fewer folds, or the first candidate", async () => {
    const x = { data: Float32Array.from({ length: 40 }, (_, i) => (i * 7919) % 13), rows: 20, cols: 2 };
    const y = Int32Array.from({ length: 20 }, (_, i) => (i === 0 ? 1 : 0));
    const c = await new TabularClassifier({ ensemble: 1, epochs: 5, hiddenCandidates: [[4], []] }).fit(x, y);
    expect(c.selection!.chosen).toBe(0);
    expect(c.selection!.accuracy.every(Number.isNaN)).toBe(true);
    c.dispose();
  });

  it('scales training to the table: small tables get small batches and more epochs', () => {
    expect(autoTraining(100)).toEqual({ batchSize: 16, epochs: 256 });
    const big = autoTraining(20000);
    expect(big.batchSize).toBe(256);
    expect(big.epochs).toBeLessThan(40);
    // steps sets the target: 1000 rows at batch 64 take 16 steps an epoch.
    expect(autoTraining(1000)).toEqual({ batchSize: 64, epochs: 125 });
    expect(autoTraining(1000, 500)).toEqual({ batchSize: 64, epochs: 31 });
    expect(autoTraining(1000, 10).epochs).toBe(20); // within the 20-256 epoch bounds
  });

  it('steps sets how long each network trains when epochs is auto', async () => {
    const c = new TabularClassifier({ ...SMALL, epochs: 'auto', steps: 400, ensemble: 2 });
    await c.fit(moons.x, moons.y);
    const { epochs } = autoTraining(moons.x.rows, 400);
    expect(epochs).toBe(40); // 160 rows at batch 16: 10 steps an epoch (the default 2000 steps: 200 epochs)
    expect(c.histories.map((h) => h.history.loss.length)).toEqual([epochs, epochs]);
    expect(c.getParams().steps).toBe(400);
    c.dispose();
  });

  it('refuses bad options and use before fit, naming the option', async () => {
    await expectWasmlpError(() => new TabularClassifier({ ensemble: 0 }), 'BAD_OPTION', [/ensemble/], { option: 'ensemble' });
    await expectWasmlpError(() => new TabularClassifier({ schedule: 'linear' as never }), 'BAD_OPTION', [/multiCycle/], { option: 'schedule' });
    await expectWasmlpError(() => new TabularClassifier({ ensembel: 3 } as never), 'BAD_OPTION', [/ensemble/]);
    await expectWasmlpError(() => new TabularClassifier({ hidden: 'big' as never }), 'BAD_OPTION', [/'auto' or an array/], { option: 'hidden' });
    await expectWasmlpError(() => new TabularClassifier({ hiddenCandidates: [] }), 'BAD_OPTION', [/non-empty/], { option: 'hiddenCandidates' });
    await expectWasmlpError(() => new TabularClassifier({ hiddenCandidates: [[64, 0]] }), 'BAD_OPTION', [/hiddenCandidates\[0\]\[1\]/], { option: 'hiddenCandidates[0][1]' });
    await expectWasmlpError(() => new TabularClassifier({ selectFolds: 1 }), 'BAD_OPTION', [/selectFolds/], { option: 'selectFolds' });
    for (const steps of [0, 2.5, '500', NaN]) await expectWasmlpError(() => new TabularClassifier({ steps: steps as number }), 'BAD_OPTION', [/'steps' must be an integer/], { option: 'steps' });
    await expectWasmlpError(() => new TabularClassifier().predict(moons.x), 'NOT_FITTED', [/fit\(x, y\)/]);
    await expectWasmlpError(() => new TabularClassifier(SMALL).fit(moons.x, new Int32Array(moons.x.rows)), 'SINGLE_CLASS');
  });
});

describe('RobustScaler', () => {
  it('median / IQR (numpy quantiles), 2 / range when the IQR is 0, then the smooth clip', () => {
    const x = { data: Float32Array.from([1, 0, 2, 0, 3, 0, 4, 1, 100, 0]), rows: 5, cols: 2 };
    const s = new RobustScaler().fit(x);
    const state = s.toJSON().state!;
    expect(state.median).toEqual([3, 0]);
    expect(state.factor).toEqual([1 / 2, 2 / 1]); // IQR of 1..4,100 is 4 - 2; column 2 has IQR 0, range 1
    const z = (v: number) => v / Math.sqrt(1 + (v / 3) ** 2);
    const out = s.transform(x).data;
    expect(out[8]).toBeCloseTo(z((100 - 3) / 2), 5); // the outlier ends just under 3
    expect(out[8]).toBeLessThan(3);
    expect(out[7]).toBeCloseTo(z(2), 5);
    const back = s.inverseTransform(s.transform(x)).data;
    expect(back[2]).toBeCloseTo(2, 4);
    const plain = new RobustScaler({ smoothClip: false }).fit(x).transform(x).data;
    expect(plain[8]).toBeCloseTo(48.5, 4);
  });
});
