import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Dense, Dropout, Sequential } from '../../src/index.js';
import { CSVLogger } from '../../src/callbacks/csv-logger.js';
import { LearningRateScheduler, ReduceLROnPlateau } from '../../src/callbacks/learning-rate.js';
import { ModelCheckpoint } from '../../src/callbacks/model-checkpoint.js';
import { TerminateOnNaN } from '../../src/callbacks/terminate-on-nan.js';
import { CosineDecay } from '../../src/optimizers/schedules.js';
import { expectWasmlpError } from '../helpers/expect-error.js';
import { randn, testRandom } from '../helpers/device.js';

const rand = testRandom(21);
const x = Array.from({ length: 64 }, () => [randn(rand), randn(rand), randn(rand)]);
const y = x.map(([a, b, c]) => (a - b + 0.5 * c > 0 ? 1 : 0));

function model(optimizer: unknown = { type: 'adam', learningRate: 0.01 }) {
  const m = new Sequential([new Dense({ units: 8, activation: 'relu', inputDim: 3 }), new Dropout({ rate: 0.2 }), new Dense({ units: 1, activation: 'sigmoid' })], { seed: 6 });
  m.compile({ loss: 'binaryCrossentropy', optimizer: optimizer as never, metrics: ['accuracy'] });
  return m;
}

describe('optimizer state saved with the model', () => {
  for (const [name, optimizer] of [
    ['adam', { type: 'adam', learningRate: 0.01 }],
    ['sgd with momentum', { type: 'sgd', learningRate: 0.05, momentum: 0.9 }],
    ['adamw on a cosine schedule', { type: 'adamw', learningRate: new CosineDecay({ initialLearningRate: 0.02, decaySteps: 24 }) }],
  ] as const) {
    it(`${name}: 3 epochs, save, load, 3 more = 6 epochs in one go, bit for bit`, async () => {
      const straight = model(optimizer);
      await straight.fit(x, y, { epochs: 6, batchSize: 16 });
      const first = model(optimizer);
      await first.fit(x, y, { epochs: 3, batchSize: 16 });
      const json = JSON.parse(JSON.stringify(first.toJSON()));
      expect(json.optimizer.step).toBe(12);
      const resumed = Sequential.fromJSON(json);
      await resumed.fit(x, y, { epochs: 3, batchSize: 16 });
      expect(Array.from(resumed.getWeightsSnapshot())).toEqual(Array.from(straight.getWeightsSnapshot()));
      // Without the optimizer state the continuation differs (the test can fail).
      const fresh = Sequential.fromJSON(first.toJSON({ includeOptimizer: false }));
      await fresh.fit(x, y, { epochs: 3, batchSize: 16 });
      expect(Array.from(fresh.getWeightsSnapshot())).not.toEqual(Array.from(straight.getWeightsSnapshot()));
      for (const m of [straight, first, resumed, fresh]) m.dispose();
    });
  }

  it('an edited optimizer state is refused by the integrity check', async () => {
    const m = model();
    await m.fit(x, y, { epochs: 1, batchSize: 16 });
    const json = m.toJSON();
    json.optimizer!.step = 1;
    await expectWasmlpError(() => Sequential.fromJSON(json), 'MODEL_CORRUPTED');
    m.dispose();
  });
});

describe('callbacks', () => {
  it('ReduceLROnPlateau multiplies the rate when the monitor stalls', async () => {
    const m = model({ type: 'sgd', learningRate: 0.1 });
    const cb = new ReduceLROnPlateau({ monitor: 'loss', factor: 0.5, patience: 1, minDelta: 10 }); // nothing counts as improvement
    await m.fit(x, y, { epochs: 5, batchSize: 16, callbacks: [cb] });
    expect(cb.reductions.map((r) => r.epoch)).toEqual([1, 2, 3, 4]);
    expect(m.learningRate).toBe(Math.fround(0.1 * 0.5 ** 4));
    m.dispose();
  });

  it('LearningRateScheduler sets the rate each epoch; a scheduled optimizer refuses it', async () => {
    const m = model({ type: 'sgd', learningRate: 0.1 });
    const seen: number[] = [];
    await m.fit(x, y, { epochs: 3, batchSize: 64, callbacks: [new LearningRateScheduler((epoch, lr) => { seen.push(lr); return 0.1 / (epoch + 1); })] });
    expect(seen).toEqual([Math.fround(0.1), Math.fround(0.1), Math.fround(0.05)]);
    expect(m.learningRate).toBe(Math.fround(0.1 / 3));
    const s = model({ type: 'adam', learningRate: new CosineDecay({ initialLearningRate: 0.01, decaySteps: 10 }) });
    await expectWasmlpError(() => s.fit(x, y, { epochs: 1, callbacks: [new LearningRateScheduler(() => 0.1)] }), 'BAD_OPTION', [/schedule/]);
    m.dispose(); s.dispose();
  });

  it('TerminateOnNaN stops quietly and keeps the last finite weights', async () => {
    const m = new Sequential([new Dense({ units: 1, activation: 'linear', inputDim: 3 })], { seed: 1 });
    m.compile({ loss: 'mse', optimizer: { type: 'sgd', learningRate: 1e6 } });
    const big = x.map((r) => r.map((v) => v * 1e6));
    const cb = new TerminateOnNaN();
    const h = await m.fit(big, y, { epochs: 50, batchSize: 8, callbacks: [cb] });
    expect(cb.stoppedAt).not.toBeNull();
    expect((h.history.loss ?? []).length).toBeLessThan(50);
    expect(Array.from(m.getWeightsSnapshot()).every(Number.isFinite)).toBe(true);
    // Without it the same run is an error.
    const n = new Sequential([new Dense({ units: 1, activation: 'linear', inputDim: 3 })], { seed: 1 });
    n.compile({ loss: 'mse', optimizer: { type: 'sgd', learningRate: 1e6 } });
    await expectWasmlpError(() => n.fit(big, y, { epochs: 50, batchSize: 8 }), 'TRAINING_DIVERGED');
    m.dispose(); n.dispose();
  });

  it('CSVLogger writes a header and a row per epoch; ModelCheckpoint saves the best epochs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wasmlp-cb-'));
    const csv = join(dir, 'log.csv');
    const lines: string[] = [];
    const m = model();
    const ck = new ModelCheckpoint({ path: join(dir, 'm-{epoch}.json'), monitor: 'val_loss', saveBestOnly: true });
    const h = await m.fit(x, y, { epochs: 4, batchSize: 16, validationSplit: 0.25, callbacks: [new CSVLogger({ path: csv }), new CSVLogger({ write: (l) => { lines.push(l); }, separator: ';' }), ck] });
    const rows = readFileSync(csv, 'utf8').trim().split('\n');
    expect(rows[0]).toBe('epoch,binaryAccuracy,loss,val_binaryAccuracy,val_loss');
    expect(rows.length).toBe(5);
    expect(Number(rows[4].split(',')[2])).toBe(h.history.loss[3]);
    expect(lines.join('').split('\n')[0]).toBe('epoch;binaryAccuracy;loss;val_binaryAccuracy;val_loss');
    // Saved exactly at the epochs where val_loss reached a new best.
    const best: number[] = [];
    let low = Infinity;
    h.history.val_loss.forEach((v: number, e: number) => { if (v < low) { low = v; best.push(e + 1); } });
    expect(ck.saved).toEqual(best.map((e) => join(dir, `m-${e}.json`)));
    const loaded = await Sequential.load(ck.saved.at(-1)!);
    expect(loaded.countParams()).toBe(m.countParams());
    expect(existsSync(join(dir, 'm-99.json'))).toBe(false);
    m.dispose(); loaded.dispose();
  });

  it('refuses bad options', async () => {
    await expectWasmlpError(() => new ReduceLROnPlateau({ factor: 1 }), 'BAD_OPTION', [/factor/], { option: 'factor' });
    await expectWasmlpError(() => new CSVLogger({} as never), 'BAD_OPTION', [/path/]);
    await expectWasmlpError(() => new ModelCheckpoint({ path: '' }), 'BAD_OPTION', [/path/]);
    await expectWasmlpError(() => new ReduceLROnPlateau({ patients: 3 } as never), 'BAD_OPTION', [/patience/]);
  });
});
