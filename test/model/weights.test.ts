import { describe, expect, it } from 'vitest';
import { Dense, Sequential } from '../../src/index.js';

describe('getWeights / setWeights', () => {
  const make = () => {
    const m = new Sequential([new Dense({ units: 2, inputDim: 3 }), new Dense({ units: 1, useBias: false })], { seed: 1 });
    m.build();
    return m;
  };

  it('round-trips as Float32Arrays, plain arrays or { values } objects', () => {
    const m = make();
    expect(m.getWeights().map((w) => [w.name, w.shape])).toEqual([['dense_0/kernel', [3, 2]], ['dense_0/bias', [2]], ['dense_1/kernel', [2, 1]]]);
    const arrays = [new Float32Array([1, 2, 3, 4, 5, 6]), [0.5, -0.5], Float32Array.of(2, 3)];
    m.setWeights(arrays);
    expect(m.getWeights().map((w) => Array.from(w.values))).toEqual([[1, 2, 3, 4, 5, 6], [0.5, -0.5], [2, 3]]);
    // x . W + b by hand for one row: [1, 1, 1] -> [1+3+5+0.5, 2+4+6-0.5] = [9.5, 11.5] -> 2*9.5 + 3*11.5
    expect(m.predict([[1, 1, 1]]).data[0]).toBeCloseTo(2 * 9.5 + 3 * 11.5, 4);
    m.setWeights(m.getWeights());
    expect(m.predict([[1, 1, 1]]).data[0]).toBeCloseTo(53.5, 4);
  });

  it('refuses wrong counts, sizes and non-finite values, naming the weight', () => {
    const m = make();
    expect(() => m.setWeights([[1]])).toThrow(/expects 3 arrays/);
    expect(() => m.setWeights([[1, 2], [0, 0], [1, 1]])).toThrow(/dense_0\/kernel needs 6 values \(shape \[3, 2\]\), received 2/);
    expect(() => m.setWeights([[1, 2, 3, 4, 5, NaN], [0, 0], [1, 1]])).toThrow(/dense_0\/kernel\[5\] is NaN/);
  });

  it('exportTfjs() gives the TensorFlow.js layers format', async () => {
    const artifacts = await make().exportTfjs();
    expect(artifacts.modelTopology).toMatchObject({ class_name: 'Sequential', config: { layers: [{ class_name: 'Dense', config: { units: 2, batch_input_shape: [null, 3] } }, { class_name: 'Dense', config: { units: 1, use_bias: false } }] } });
    expect(artifacts.weightSpecs.map((w) => [w.name, w.shape, w.dtype])).toEqual([['dense_0/kernel', [3, 2], 'float32'], ['dense_0/bias', [2], 'float32'], ['dense_1/kernel', [2, 1], 'float32']]);
    expect(artifacts.weightData.byteLength).toBe((6 + 2 + 2) * 4);
  });
});
