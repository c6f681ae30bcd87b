import { afterEach, describe, expect, it, vi } from 'vitest';
import { GridSearchCV, HalvingRandomSearchCV, KerasClassifier, RandomizedSearchCV, SeededRandom, StratifiedKFold, makeMoons, memoryStats, sampleParams } from '../../src/index.js';
import { buildMlp, type MlpParams } from './builders.js';
import { FakeClassifier, fakeTable } from './search-fakes.js';
import { expectWasmlpError } from '../helpers/expect-error.js';
import { settledBytesInUse } from '../helpers/settled-memory.js';

afterEach(() => vi.restoreAllMocks());

describe('sampleParams (scikit-learn ParameterSampler)', () => {
  it('draws with the project RNG, never Math.random: same seed, same sets; keys sorted', () => {
    vi.spyOn(Math, 'random').mockImplementation(() => { throw new Error('Math.random used'); });
    const space = { lr: { type: 'loguniform', low: 1e-4, high: 1e-1 }, dropout: { type: 'uniform', low: 0, high: 0.5 }, units: { type: 'randint', low: 8, high: 12 }, act: ['relu', 'selu'] } as const;
    const a = sampleParams(space, 50, 7), b = sampleParams(space, 50, 7), c = sampleParams(space, 50, 8);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(Object.keys(a[0])).toEqual(['act', 'dropout', 'lr', 'units']);
    // A straightforward reference: one draw per key, keys in sorted order, from the same generator.
    const rng = new SeededRandom(7);
    const ref = Array.from({ length: 50 }, () => {
      const act = ['relu', 'selu'][rng.int(2)];
      const dropout = 0.5 * rng.next();
      const lr = Number(Math.exp(Math.log(1e-4) + (Math.log(1e-1) - Math.log(1e-4)) * rng.next()).toPrecision(10));
      const units = 8 + Math.floor(rng.next() * 4);
      return { act, dropout, lr, units };
    });
    expect(a).toEqual(ref);
    for (const p of a) {
      expect(p.lr).toBeGreaterThanOrEqual(1e-4);
      expect(p.lr).toBeLessThan(1e-1);
      expect([8, 9, 10, 11]).toContain(p.units);
    }
    // Log-uniform: about a third of the draws per decade.
    const decades = [0, 0, 0];
    for (const p of sampleParams({ lr: space.lr }, 3000, 1)) decades[Math.floor(Math.log10(p.lr as number) + 4)]++;
    for (const d of decades) expect(d).toBeGreaterThan(900);
  });

  it('draws lists-only spaces from the grid without replacement (the whole grid when small)', () => {
    const grid = { a: [1, 2, 3], b: ['x', 'y'] };
    const some = sampleParams(grid, 4, 3);
    expect(some).toHaveLength(4);
    expect(new Set(some.map((p) => JSON.stringify(p))).size).toBe(4);
    const all = sampleParams(grid, 100, 3);
    expect(all).toHaveLength(6);
    expect(all.map((p) => JSON.stringify(p)).sort()).toEqual(['{"a":1,"b":"x"}', '{"a":1,"b":"y"}', '{"a":2,"b":"x"}', '{"a":2,"b":"y"}', '{"a":3,"b":"x"}', '{"a":3,"b":"y"}']);
    expect(sampleParams([{ a: [1] }, { b: [2, 3] }], 9, 0).map((p) => JSON.stringify(p)).sort()).toEqual(['{"a":1}', '{"b":2}', '{"b":3}']);
  });

  it('refuses bad spaces with coded errors naming the parameter', async () => {
    await expectWasmlpError(() => sampleParams({ lr: { type: 'logunifrom', low: 1, high: 2 } as never }, 1, 0), 'BAD_OPTION', ["Did you mean 'loguniform'?"], { option: 'paramDistributions.lr.type' });
    await expectWasmlpError(() => sampleParams({ lr: { type: 'loguniform', low: 0, high: 2 } }, 1, 0), 'BAD_OPTION', ['0 < low < high'], { option: 'paramDistributions.lr' });
    await expectWasmlpError(() => sampleParams({ n: { type: 'randint', low: 1.5, high: 4 } }, 1, 0), 'BAD_OPTION', ['integers with low < high']);
    await expectWasmlpError(() => sampleParams({ lr: { type: 'uniform', low: 0, hihg: 1 } as never }, 1, 0), 'BAD_OPTION', ["Did you mean 'high'?"]);
    await expectWasmlpError(() => sampleParams({ lr: 0.1 } as never, 1, 0), 'BAD_OPTION', ['lr: [value]'], { option: 'paramDistributions.lr' });
    await expectWasmlpError(() => sampleParams({ lr: [] }, 1, 0), 'BAD_OPTION', ['empty list']);
    await expectWasmlpError(() => sampleParams({ lr: [1] }, 0, 0), 'BAD_OPTION', ['nIter must be an integer >= 1'], { option: 'nIter' });
  });
});

const table = fakeTable(120);
const qualities = { quality: [0.2, 0.35, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 0.3, 0.4, 0.45] };

describe('RandomizedSearchCV', () => {
  it('cross-validates nIter drawn candidates like GridSearchCV and finds the known best', async () => {
    const rs = new RandomizedSearchCV(new FakeClassifier(), qualities, { nIter: 5, cv: 3, seed: 2, refit: false });
    await rs.fit(table.x, table.y);
    expect(rs.candidates).toEqual(sampleParams(qualities, 5, 2));
    expect(rs.results).toHaveLength(5);
    const best = Math.max(...rs.candidates.map((c) => c.quality as number));
    expect(rs.bestParams).toEqual({ quality: best });
    // Accuracy of the fake is the share of rows whose column 1 is below the quality (per fold, about that).
    const expected = table.x.filter((r) => r[1] < best).length / table.x.length;
    expect(Math.abs(rs.bestScore - expected)).toBeLessThan(0.02);
    expect(rs.bestScore).toBe(Math.max(...rs.results.map((r) => r.mean.accuracy)));
    const cv = rs.cvResults;
    expect(Object.keys(cv)).toEqual(['params', 'param_quality', 'split0_test_score', 'split1_test_score', 'split2_test_score', 'mean_test_score', 'std_test_score', 'rank_test_score', 'mean_fit_time']);
    expect(cv.rank_test_score).toEqual(rs.results.map((r) => r.rank));
    expect(rs.resultsTable().split('\n')[2]).toMatch(new RegExp(`^1\\s+quality=${best}`));
    expect(rs.className).toBe('RandomizedSearchCV');
    expect(rs.clone().candidates).toEqual(rs.candidates);
  });

  it('is deterministic on a real network: same seed, same candidates, same scores; refits the best', async () => {
    const before = settledBytesInUse();
    const moons = makeMoons({ nSamples: 90, noise: 0.2, seed: 3 });
    const clf = () => new KerasClassifier<MlpParams>({ build: buildMlp, params: { hidden: [8] }, epochs: 15, batchSize: 16, seed: 1 });
    const space = { learningRate: { type: 'loguniform', low: 1e-3, high: 1e-1 }, hidden: [[4], [12]] } as const;
    const run = async () => {
      const rs = new RandomizedSearchCV(clf(), space, { nIter: 3, cv: 3, seed: 9, scoring: ['accuracy', 'logLoss'] });
      await rs.fit(moons.x, moons.y);
      return rs;
    };
    const a = await run(), b = await run();
    expect(b.results.map((r) => [r.params, r.testScores])).toEqual(a.results.map((r) => [r.params, r.testScores]));
    expect(a.cvResults.rank_test_accuracy).toEqual(a.results.map((r) => r.rank));
    expect(a.cvResults.rank_test_logLoss).toHaveLength(3);
    expect(a.score(moons.x, moons.y)).toBeGreaterThan(0.5);
    a.dispose();
    b.dispose();
    expect(memoryStats().bytesInUse).toBe(before);
  });

  it('with a splitter of its own, the seed only draws the candidates (as scikit-learn random_state)', async () => {
    const splitter = new StratifiedKFold({ nSplits: 3, shuffle: true, seed: 5 });
    const rs = new RandomizedSearchCV(new FakeClassifier(), qualities, { nIter: 3, cv: splitter, seed: 2, refit: false });
    await rs.fit(table.x, table.y);
    expect(rs.candidates).toEqual(sampleParams(qualities, 3, 2));
    const hs = new HalvingRandomSearchCV(new FakeClassifier(), qualities, { cv: splitter, seed: 2, refit: false });
    await hs.fit(table.x, table.y);
    expect(hs.nResources[0]).toBe(12);
  });

  it('refuses option typos and bad nIter', async () => {
    await expectWasmlpError(() => new RandomizedSearchCV(new FakeClassifier(), qualities, { nIters: 3 } as never), 'BAD_OPTION', ["Did you mean 'nIter'?"]);
    await expectWasmlpError(() => new RandomizedSearchCV(new FakeClassifier(), qualities, { nIter: -1 }), 'BAD_OPTION', ['nIter']);
    await expectWasmlpError(() => new RandomizedSearchCV({} as never, qualities), 'BAD_OPTION', ['RandomizedSearchCV needs an estimator']);
    await expectWasmlpError(() => new RandomizedSearchCV(new FakeClassifier(), qualities).bestParams, 'NOT_FITTED', ['RandomizedSearchCV is not fitted']);
  });
});

describe('a time budget (injected clock, no timing)', () => {
  it('with a budget too small for two candidates, only the first runs', async () => {
    let now = 0;
    const rs = new RandomizedSearchCV(new FakeClassifier(undefined, [], () => { now += 1000; }), qualities, { nIter: 6, cv: 2, seed: 1, budget: 0.5, clock: () => now, refit: false });
    await rs.fit(table.x, table.y);
    expect(rs.results).toHaveLength(1);
    expect(rs.stoppedEarly).toBe(true);
    expect(rs.bestParams).toEqual(rs.candidates[0]);
  });

  it('starts a candidate only when the time spent plus its expected cost fits', async () => {
    let now = 0;
    // Every fit takes 10 s on the fake clock, so a 2-fold candidate takes 20 s.
    const make = (budget?: number) => new GridSearchCV(new FakeClassifier(undefined, [], () => { now += 10_000; }), qualities, { cv: 2, budget, clock: () => now, refit: false });
    const gs = make(65);
    await gs.fit(table.x, table.y);
    expect(gs.results).toHaveLength(3); // 20 + 20 + 20 = 60; a fourth would end at 80 > 65
    expect(gs.stoppedEarly).toBe(true);
    const all = make(undefined);
    await all.fit(table.x, table.y);
    expect(all.results).toHaveLength(12);
    expect(all.stoppedEarly).toBe(false);
    await expectWasmlpError(() => make(-1), 'BAD_OPTION', ['budget must be a number of seconds > 0'], { option: 'budget' });
  });
});

describe('HalvingRandomSearchCV', () => {
  // n_resources_ and n_candidates_ of scikit-learn 1.2's HalvingRandomSearchCV (cv=3, random_state=0) on
  // 120 rows of 2 classes with a 20-value list (its grid has 20 sets), printed by /usr/bin/python3.
  const twenty = { quality: Array.from({ length: 20 }, (_, i) => 0.05 * i) };
  it.each([
    [{}, [12, 36, 108], [10, 4, 2]],
    [{ factor: 2 }, [12, 24, 48, 96], [10, 5, 3, 2]],
    [{ minResources: 'exhaust', nCandidates: 7 }, [40, 120], [7, 3]],
    [{ aggressiveElimination: true, nCandidates: 30 }, [12, 36, 108], [20, 7, 3]],
    [{ minResources: 20 }, [20, 60], [6, 2]],
  ] as const)('rounds as scikit-learn with %j', async (options, resources, candidates) => {
    const log: { rows: number }[] = [];
    const hs = new HalvingRandomSearchCV(new FakeClassifier(undefined, log as never), twenty, { cv: 3, seed: 0, refit: false, ...options });
    await hs.fit(table.x, table.y);
    expect(hs.nResources).toEqual(resources);
    expect(hs.nCandidatesPerRound).toEqual(candidates);
    // Each fold trains on about 2/3 of the round's rows (subsampled, stratified).
    const firstFit = log[0].rows;
    expect(Math.abs(firstFit - (2 / 3) * resources[0])).toBeLessThanOrEqual(2);
    expect(hs.results).toHaveLength(candidates.reduce((a, b) => a + b, 0));
  });

  it('keeps the best 1/factor each round and picks the best of the last round; ranks put later rounds first', async () => {
    const hs = new HalvingRandomSearchCV(new FakeClassifier(), qualities, { cv: 3, seed: 4, refit: false });
    await hs.fit(table.x, table.y);
    const last = Math.max(...hs.results.map((r) => r.iter!));
    expect(hs.results[hs.bestIndex].iter).toBe(last);
    expect(hs.results[hs.bestIndex].rank).toBe(1);
    for (let round = 1; round <= last; round++) {
      const prev = hs.results.filter((r) => r.iter === round - 1).sort((a, b) => b.mean.accuracy - a.mean.accuracy);
      const kept = hs.results.filter((r) => r.iter === round).map((r) => r.params.quality);
      expect(kept).toEqual(prev.slice(0, Math.ceil(prev.length / 3)).map((r) => r.params.quality));
    }
    const lastRanks = hs.results.filter((r) => r.iter === last).map((r) => r.rank);
    const earlier = hs.results.filter((r) => r.iter! < last).map((r) => r.rank);
    expect(Math.max(...lastRanks)).toBeLessThan(Math.min(...earlier));
    expect(Object.keys(hs.cvResults)).toContain('n_resources');
    expect(hs.resultsTable().split('\n')[0]).toMatch(/^rank\s+iter\s+resources\s+params/);
  });

  it('uses an estimator parameter as the resource (epochs) as scikit-learn does', async () => {
    const log: { epochs: number }[] = [];
    const hs = new HalvingRandomSearchCV(new FakeClassifier(undefined, log as never), twenty, { resource: 'epochs', maxResources: 81, cv: 3, seed: 0 });
    await hs.fit(table.x, table.y);
    expect(hs.nResources).toEqual([1, 3, 9]); // scikit-learn: [1, 3, 9], candidates [20, 7, 3]
    expect(hs.nCandidatesPerRound).toEqual([20, 7, 3]);
    expect([...new Set(log.map((l) => l.epochs))]).toEqual([1, 3, 9]); // the refit too trains with 9
    expect(hs.bestParams.epochs).toBe(9);
    const exhaust = new HalvingRandomSearchCV(new FakeClassifier(), twenty, { resource: 'epochs', maxResources: 81, minResources: 'exhaust', nCandidates: 10, cv: 3, refit: false });
    await exhaust.fit(table.x, table.y);
    expect(exhaust.nResources).toEqual([9, 27, 81]);
    expect(exhaust.nCandidatesPerRound).toEqual([10, 4, 2]);
  });

  it('same seed, same rounds and scores; a budget stops between candidates', async () => {
    const a = new HalvingRandomSearchCV(new FakeClassifier(), qualities, { cv: 3, seed: 5, refit: false });
    const b = new HalvingRandomSearchCV(new FakeClassifier(), qualities, { cv: 3, seed: 5, refit: false });
    await a.fit(table.x, table.y);
    await b.fit(table.x, table.y);
    expect(b.results).toEqual(a.results.map((r) => ({ ...r, meanFitTime: b.results[a.results.indexOf(r)].meanFitTime })));
    let now = 0;
    const cut = new HalvingRandomSearchCV(new FakeClassifier(undefined, [], () => { now += 1000; }), qualities, { cv: 3, seed: 5, refit: false, budget: 0.001, clock: () => now });
    await cut.fit(table.x, table.y);
    expect(cut.results).toHaveLength(1);
    expect(cut.stoppedEarly).toBe(true);
  });

  it('refuses bad settings with coded errors', async () => {
    const make = (o: object) => new HalvingRandomSearchCV(new FakeClassifier(), qualities, o);
    await expectWasmlpError(() => make({ factr: 2 }), 'BAD_OPTION', ["Did you mean 'factor'?"]);
    await expectWasmlpError(() => make({ factor: 1 }), 'BAD_OPTION', ['factor must be a number > 1'], { option: 'factor' });
    await expectWasmlpError(() => make({ resource: 'epochs' }), 'BAD_OPTION', ["resource 'epochs' needs maxResources"], { option: 'maxResources' });
    await expectWasmlpError(() => make({ resource: 'epocs', maxResources: 9 }), 'BAD_OPTION', ["no parameter 'epocs'"], { option: 'resource' });
    await expectWasmlpError(() => make({ resource: 'quality', maxResources: 9 }), 'BAD_OPTION', ['cannot also be searched'], { option: 'resource' });
    await expectWasmlpError(() => make({ minResources: 'exhaust' }), 'BAD_OPTION', ["cannot both be 'exhaust'"]);
    await expectWasmlpError(() => make({ minResources: 500 }).fit(table.x, table.y), 'BAD_OPTION', ['minResources (500) is more than maxResources (120)']);
  });
});

describe('on worker threads (the shared fold pool)', () => {
  const fixture = new URL('./fixtures/parallel-builders.mjs', import.meta.url).href;
  const clf = () => new KerasClassifier<MlpParams>({ build: buildMlp, buildModule: fixture, params: { hidden: [8] }, epochs: 10, batchSize: 16, seed: 3 });
  const moons = makeMoons({ nSamples: 90, noise: 0.2, seed: 5 });
  const space = { learningRate: { type: 'loguniform', low: 1e-3, high: 1e-1 }, hidden: [[2], [12]] } as const;

  it('RandomizedSearchCV and HalvingRandomSearchCV with 2 workers equal the sequential run', async () => {
    for (const make of [
      (workers: number) => new RandomizedSearchCV(clf(), space, { nIter: 3, cv: 3, seed: 1, refit: false, workers }),
      (workers: number) => new HalvingRandomSearchCV(clf(), space, { nCandidates: 4, cv: 3, seed: 1, refit: false, workers, minResources: 30 }),
    ]) {
      const a = make(1), b = make(2);
      await a.fit(moons.x, moons.y);
      await b.fit(moons.x, moons.y);
      expect(b.results.map((r) => [r.params, r.testScores, r.rank, r.iter])).toEqual(a.results.map((r) => [r.params, r.testScores, r.rank, r.iter]));
    }
  });
});
