import { describe, expect, it } from 'vitest';
import { Dense, Dropout, Sequential, makeMoons } from '../../src/index.js';

async function train(seed: number) {
  const { x, y } = makeMoons({ nSamples: 200, noise: 0.2, seed: 3 });
  const m = new Sequential([
    new Dense({ units: 16, activation: 'relu', inputDim: 2, kernelInitializer: 'heNormal' }),
    new Dropout({ rate: 0.2 }),
    new Dense({ units: 1, activation: 'sigmoid' }),
  ], { seed });
  m.compile({ loss: 'binaryCrossentropy', optimizer: 'adam', metrics: ['accuracy'] });
  const h = await m.fit(x, y, { epochs: 20, batchSize: 16, shuffle: true, validationSplit: 0.2 });
  const bytes = new Uint8Array(m.getWeights().flatMap((w) => Array.from(new Uint8Array(w.values.buffer, w.values.byteOffset, w.values.byteLength))));
  m.dispose();
  return { bytes, history: h.history };
}

describe('reproducibility', () => {
  it('the same seed gives bit-identical weights and histories (shuffle, dropout, validation split)', async () => {
    const a = await train(7), b = await train(7);
    expect(a.bytes.length).toBeGreaterThan(0);
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
    expect(a.history).toEqual(b.history);
  });

  it('different seeds give different weights', async () => {
    const a = await train(7), b = await train(8);
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(false);
  });

  it('initial weights depend on the seed only, not on other models created in between', () => {
    const make = (seed: number) => {
      const m = new Sequential([new Dense({ units: 5, inputDim: 3 })], { seed });
      m.build();
      return m;
    };
    const first = make(1).getWeights()[0].values;
    make(2); make(3);
    expect(Array.from(make(1).getWeights()[0].values)).toEqual(Array.from(first));
  });
});
