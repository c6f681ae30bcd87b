import { describe, expect, it } from 'vitest';
import { runtime } from '../../src/runtime/wasm.js';
import { resolveOptimizer, type OptimizerName } from '../../src/optimizers/index.js';
import { randn, testRandom } from '../helpers/device.js';

/**
 * Each optimizer's core update against its published formula (Keras 3's form), evaluated in
 * float64 on the host for three consecutive steps with fresh gradients each time.
 */
type State = { p: Float64Array; s1: Float64Array; s2: Float64Array };
type Formula = (st: State, g: Float64Array, t: number, c: Record<string, number | boolean>) => void;

const FORMULAS: Record<string, Formula> = {
  sgd: ({ p, s1 }, g, _t, c) => {
    const lr = c.learningRate as number, m = c.momentum as number;
    for (let i = 0; i < p.length; i++) {
      if (m === 0) { p[i] -= lr * g[i]; continue; }
      s1[i] = m * s1[i] - lr * g[i];
      p[i] += c.nesterov ? m * s1[i] - lr * g[i] : s1[i];
    }
  },
  adam: ({ p, s1, s2 }, g, t, c) => {
    const lr = c.learningRate as number, b1 = c.beta1 as number, b2 = c.beta2 as number, eps = c.epsilon as number;
    const alpha = (lr * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t);
    for (let i = 0; i < p.length; i++) {
      s1[i] += (g[i] - s1[i]) * (1 - b1);
      s2[i] += (g[i] * g[i] - s2[i]) * (1 - b2);
      p[i] -= (alpha * s1[i]) / (Math.sqrt(s2[i]) + eps);
    }
  },
  adamw: (st, g, t, c) => {
    const wd = c.weightDecay as number, lr = c.learningRate as number;
    for (let i = 0; i < st.p.length; i++) st.p[i] -= st.p[i] * wd * lr;
    FORMULAS.adam(st, g, t, c);
  },
  rmsprop: ({ p, s1 }, g, _t, c) => {
    const lr = c.learningRate as number, rho = c.rho as number, eps = c.epsilon as number;
    for (let i = 0; i < p.length; i++) {
      s1[i] = rho * s1[i] + (1 - rho) * g[i] * g[i];
      p[i] -= (lr * g[i]) / Math.sqrt(s1[i] + eps);
    }
  },
  adagrad: ({ p, s1 }, g, _t, c) => {
    const lr = c.learningRate as number, eps = c.epsilon as number;
    for (let i = 0; i < p.length; i++) {
      s1[i] += g[i] * g[i];
      p[i] -= (lr * g[i]) / Math.sqrt(s1[i] + eps);
    }
  },
};

const CASES: [OptimizerName, Record<string, unknown>][] = [
  ['sgd', { learningRate: 0.1 }],
  ['sgd', { learningRate: 0.05, momentum: 0.9 }],
  ['sgd', { learningRate: 0.05, momentum: 0.9, nesterov: true }],
  ['adam', {}],
  ['adam', { learningRate: 0.01, beta1: 0.8, beta2: 0.99, epsilon: 1e-6 }],
  ['adamw', { learningRate: 0.01, weightDecay: 0.1 }],
  ['rmsprop', { learningRate: 0.01 }],
  ['adagrad', { learningRate: 0.1 }],
];

describe('optimizer steps follow their formulas', () => {
  for (const [name, options] of CASES) {
    it(`${name} ${JSON.stringify(options)}`, () => {
      const { core, mem } = runtime();
      const opt = resolveOptimizer({ type: name, ...options });
      const n = 12; // a multiple of 4, as the core requires
      const rand = testRandom(7);
      const p0 = Array.from({ length: n }, () => randn(rand));
      const ref: State = { p: Float64Array.from(p0), s1: new Float64Array(n), s2: new Float64Array(n) };
      if (name === 'adagrad') ref.s1.fill(opt.config.initialAccumulatorValue as number);
      const [pp, gp, s1, s2] = [0, 1, 2, 3].map(() => mem.alloc(n * 4));
      mem.f32(pp, n).set(p0);
      if (name === 'adagrad') mem.f32(s1, n).fill(opt.core.a);
      // The reference starts from the float32-rounded parameters the core holds.
      ref.p.set(mem.f32(pp, n));
      for (let t = 1; t <= 3; t++) {
        const g = Float64Array.from({ length: n }, () => randn(rand));
        mem.f32(gp, n).set(g);
        const c = opt.core;
        core.f32_opt_step__simd(c.code, pp, gp, s1, s2, n, c.learningRate, c.a, c.b, c.epsilon, c.weightDecay, c.flags, t);
        FORMULAS[name](ref, Float64Array.from(mem.f32(gp, n)), t, opt.config as Record<string, number | boolean>); // constant rates here, no schedule objects
        const got = mem.f32(pp, n);
        for (let i = 0; i < n; i++) expect(Math.abs(got[i] - ref.p[i]), `step ${t} param ${i}: core ${got[i]} vs formula ${ref.p[i]}`).toBeLessThan(1e-5 * Math.max(1, Math.abs(ref.p[i])));
      }
      // It moved: a step that did nothing would also "match" a zero learning rate.
      expect(Math.abs(mem.f32(pp, n)[0] - p0[0])).toBeGreaterThan(1e-4);
      for (const p of [pp, gp, s1, s2]) mem.free(p);
    });
  }

  it('accepts Keras-style configs and rejects unknown options', () => {
    expect(resolveOptimizer({ className: 'SGD', config: { learning_rate: 0.3 } }).config.learningRate).toBe(0.3);
    expect(resolveOptimizer('Adam').config).toEqual({ learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 });
    expect(resolveOptimizer({ type: 'sgd', lr: 0.2 }).config.learningRate).toBe(0.2);
    expect(() => resolveOptimizer({ type: 'sgd', momentun: 0.9 })).toThrow(/Unknown option 'momentun' for optimizer 'sgd'. Did you mean 'momentum'\? Its options are: learningRate, momentum, nesterov/);
    // @ts-expect-error not an optimizer wasmlp has: the type rejects it, and so does the run-time check
    expect(() => resolveOptimizer('adamax')).toThrow(/Unknown optimizer "adamax".*Valid optimizer names: sgd, adam, adamw, rmsprop, adagrad/);
    expect(() => resolveOptimizer({ type: 'adam', learningRate: -1 })).toThrow(/optimizer.learningRate must be > 0, received -1/);
  });
});
