import { describe, expect, it } from 'vitest';
import { Dense, Dropout, EarlyStopping, Sequential, StandardScaler, MinMaxScaler, makeMoons } from '../../src/index.js';
import type { Matrix } from '../../src/data/matrix.js';
import { fitStream } from '../../src/stream/fit-stream.js';
import type { RowChunk } from '../../src/stream/source.js';
import { expectWasmlpError } from '../helpers/expect-error.js';

const data = makeMoons({ nSamples: 1000, noise: 0.2, seed: 3 });

function model(seed = 7, dropout = true): Sequential {
  const m = new Sequential([
    new Dense({ units: 16, activation: 'relu', inputDim: 2 }),
    ...(dropout ? [new Dropout({ rate: 0.2 })] : []),
    new Dense({ units: 1, activation: 'sigmoid' }),
  ], { seed });
  m.compile({ loss: 'binaryCrossentropy', optimizer: 'adam', metrics: ['accuracy'] });
  return m;
}

/** The rows of `x, y` as chunks of uneven sizes (chunk boundaries never on batch boundaries). */
function chunked(x: Matrix, y: ArrayLike<number>, sizes = [37, 101, 5, 250]): () => Generator<RowChunk> {
  return function* () {
    let start = 0, i = 0;
    while (start < x.rows) {
      const n = Math.min(sizes[i++ % sizes.length], x.rows - start);
      yield { x: { data: x.data.slice(start * x.cols, (start + n) * x.cols), rows: n, cols: x.cols }, y: Array.from(y).slice(start, start + n) };
      start += n;
    }
  };
}

const bytes = (m: Sequential) => Buffer.concat(m.getWeights().map((w) => Buffer.from(w.values.buffer, w.values.byteOffset, w.values.byteLength)));

describe('streaming fit', () => {
  it('gives the weights of in-memory fit on the same rows in the same order (shuffle false, dropout on, blocks and chunks unaligned)', async () => {
    const a = model(), b = model();
    const ha = await a.fit(data.x, data.y, { epochs: 3, batchSize: 16, shuffle: false });
    const hb = await b.fit(chunked(data.x, data.y), { epochs: 3, batchSize: 16, shuffle: false, blockRows: 100 });
    expect(bytes(b).equals(bytes(a))).toBe(true);
    // The loss is summed over blocks; the same sums, so equal to rounding of the division.
    ha.history.loss.forEach((l, i) => expect(hb.history.loss[i]).toBeCloseTo(l, 6));
    ha.history.binaryAccuracy.forEach((acc, i) => expect(hb.history.binaryAccuracy[i]).toBeCloseTo(acc, 6));
    expect(hb.params.samples).toBe(1000);
    a.dispose(); b.dispose();
  });

  it('same seed and source give bit-identical weights with the shuffle buffer; another seed differs', async () => {
    const run = async (seed: number) => {
      const m = model(seed);
      const h = await fitStream(m, chunked(data.x, data.y), { epochs: 2, batchSize: 32, shuffleBuffer: 200 });
      const w = bytes(m);
      m.dispose();
      return { w, h: h.history };
    };
    const a = await run(5), b = await run(5), c = await run(6);
    expect(a.w.equals(b.w)).toBe(true);
    expect(a.h).toEqual(b.h);
    expect(a.w.equals(c.w)).toBe(false);
  });

  it('learns through the shuffle buffer, scores a validation source and stops early', async () => {
    const m = model(1, false);
    const val = makeMoons({ nSamples: 300, noise: 0.2, seed: 9 });
    const h = await m.fit(chunked(data.x, data.y), {
      epochs: 100, batchSize: 32, shuffleBuffer: 128, validationData: chunked(val.x, val.y),
      callbacks: [new EarlyStopping({ monitor: 'val_loss', patience: 2, minDelta: 1e-3 })],
    });
    expect(h.history.val_loss.length).toBeLessThan(100);
    expect(h.history.val_binaryAccuracy.at(-1)!).toBeGreaterThan(0.85);
    // Held-out accuracy from an in-memory evaluate agrees with the streamed val_binaryAccuracy of the last epoch.
    expect(m.evaluate(val.x, val.y).binaryAccuracy).toBeGreaterThan(0.85);
    m.dispose();
  });

  it('batch callbacks see every step', async () => {
    const m = model();
    let batches = 0;
    await m.fit(chunked(data.x, data.y), { epochs: 1, batchSize: 64, blockRows: 128, callbacks: { onBatchEnd: () => { batches++; } } });
    expect(batches).toBe(Math.ceil(1000 / 64));
    m.dispose();
  });

  it('scaler statistics from partialFit over chunks match fit on all rows', () => {
    for (const make of [() => new StandardScaler(), () => new MinMaxScaler()]) {
      const whole = make().fit(data.x).toJSON().state as { scale: number[] };
      const streamed = make();
      for (const c of chunked(data.x, data.y)()) streamed.partialFit(c.x);
      const s = streamed.toJSON().state as { scale: number[] };
      s.scale.forEach((v, i) => expect(v).toBeCloseTo(whole.scale[i], 10));
    }
  });
});

describe('streaming fit: bad input', () => {
  it('a source that throws mid-epoch: SOURCE_FAILED naming the epoch and row; the weights from before that epoch are kept', async () => {
    const m = model();
    let pass = 0;
    const src = function* () {
      pass++;
      const all = chunked(data.x, data.y)();
      let n = 0;
      for (const c of all) {
        if (pass === 2 && n >= 300) throw new Error('disk gone');
        n += (c.x as Matrix).rows;
        yield c;
      }
    };
    let after1: Buffer | null = null;
    await expectWasmlpError(() => m.fit(src, { epochs: 3, callbacks: { onEpochEnd: (e) => { if (e === 0) after1 = bytes(m); } } }),
      'SOURCE_FAILED', [/epoch 2/, /disk gone/], { epoch: 1 });
    expect(bytes(m).equals(after1!)).toBe(true);
    m.dispose();
  });

  it('a chunk with the wrong width: CHUNK_WIDTH naming the chunk', async () => {
    const m = model();
    const src = function* () {
      yield { x: [[1, 2], [3, 4]], y: [0, 1] };
      yield { x: [[1, 2, 3]], y: [1] };
    };
    await expectWasmlpError(() => m.fit(src), 'CHUNK_WIDTH', [/chunk 1/, /3 columns/], { chunk: 1, row: 2 });
    m.dispose();
  });

  it('an empty source: EMPTY_SOURCE', async () => {
    const m = model();
    await expectWasmlpError(() => m.fit(function* () {}), 'EMPTY_SOURCE', [/no rows/]);
    m.dispose();
  });

  it('a generator object cannot be re-read for a second epoch: SOURCE_NOT_REREADABLE', async () => {
    const m = model();
    await expectWasmlpError(() => m.fit(chunked(data.x, data.y)(), { epochs: 2 }), 'SOURCE_NOT_REREADABLE', [/generator function/]);
    m.dispose();
  });

  it('a chunk that is not { x, y }, and in-memory-only options', async () => {
    const m = model();
    await expectWasmlpError(() => m.fit(function* () { yield { rows: 1 } as unknown as RowChunk; }), 'BAD_CHUNK', [/chunk 0/], { chunk: 0 });
    await expectWasmlpError(() => m.fit(chunked(data.x, data.y), { validationSplit: 0.2 } as never), 'BAD_OPTION', [/validationData/], { option: 'validationSplit' });
    m.dispose();
  });
});
