import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Dense, Dropout, Sequential, setWarningHandler } from '../../src/index.js';
import { expectWasmlpError } from '../helpers/expect-error.js';

/** A WasmlpError with this code whose message matches every pattern. */
const rejects = (action: () => unknown, code: string, ...patterns: RegExp[]) => expectWasmlpError(action, code, patterns);

const binary = (inputDim = 2, extra: object = {}) => {
  const m = new Sequential([new Dense({ units: 4, activation: 'relu', inputDim }), new Dense({ units: 1, activation: 'sigmoid', ...extra })], { seed: 1 });
  return m;
};
const X = [[0, 0], [0, 1], [1, 0], [1, 1]];
const Y = [0, 1, 1, 0];

describe('misuse is refused at compile or fit, naming the fix', () => {
  let warnings: string[] = [];
  beforeEach(() => { warnings = []; setWarningHandler((code, msg) => warnings.push(`${code}: ${msg}`)); });
  afterEach(() => setWarningHandler(null));

  it('softmax over a single unit', async () => {
    const m = new Sequential([new Dense({ units: 1, activation: 'softmax', inputDim: 2 })]);
    const err = await rejects(() => m.compile({ loss: 'binaryCrossentropy', optimizer: 'adam' }), 'SOFTMAX_ONE_UNIT', /always 1\.0/, /use activation 'sigmoid'/);
    expect(err.where.layer).toBe(0);
  });

  it('binaryCrossentropy with labels outside [0, 1]', async () => {
    const m = binary();
    m.compile({ loss: 'binaryCrossentropy', optimizer: 'sgd' });
    const err = await rejects(() => m.fit(X, [0, 1, 2, 0]), 'LABEL_RANGE', /row 2 is 2/, /labels in \[0, 1\]/, /sparseCategoricalCrossentropy/);
    expect(err.where.row).toBe(2);
  });

  it('categoricalCrossentropy with class ids, or rows that are not one-hot', async () => {
    const m = new Sequential([new Dense({ units: 3, activation: 'softmax', inputDim: 2 })]);
    m.compile({ loss: 'categorical_crossentropy', optimizer: 'adam' });
    await rejects(() => m.fit(X, [0, 1, 2, 0]), 'LABEL_SHAPE', /one-hot label rows of width 3/, /sparseCategoricalCrossentropy/);
    await rejects(() => m.fit(X, [[1, 0, 0], [0, 1, 1], [0, 0, 1], [1, 0, 0]]), 'LABEL_NOT_ONE_HOT', /row 1 is \[0, 1, 1\]/);
  });

  it('sparse labels out of range or fractional', async () => {
    const m = new Sequential([new Dense({ units: 3, activation: 'softmax', inputDim: 2 })]);
    m.compile({ loss: 'sparseCategoricalCrossentropy', optimizer: 'adam' });
    await rejects(() => m.fit(X, [0, 1, 3, 0]), 'LABEL_RANGE', /row 2 is 3/, /class ids 0\.\.2/);
    await rejects(() => m.fit(X, [0, 1, 1.5, 0]), 'LABEL_RANGE', /row 2 is 1\.5/);
    await rejects(() => m.fit(X, [0, -1, 1, 0]), 'LABEL_RANGE', /row 1 is -1/);
  });

  it('label count or width that does not match', async () => {
    const m = binary();
    m.compile({ loss: 'binaryCrossentropy', optimizer: 'sgd' });
    await rejects(() => m.fit(X, [0, 1, 1]), 'LENGTH_MISMATCH', /x has 4 rows but y has 3/);
    await rejects(() => m.fit(X, [[0, 1], [1, 0], [1, 0], [0, 1]]), 'LABEL_SHAPE', /1 unit but y has 2 values per row/, /softmax/);
  });

  it('inputDim that does not match the data', async () => {
    const m = binary(3);
    m.compile({ loss: 'binaryCrossentropy', optimizer: 'sgd' });
    const err = await rejects(() => m.fit(X, Y), 'INPUT_WIDTH', /expects inputDim 3 features, but x has 2 columns/);
    expect(err.where.option).toBe('inputDim');
  });

  it('NaN or Infinity in inputs or labels, naming row and column', async () => {
    const m = binary();
    m.compile({ loss: 'binaryCrossentropy', optimizer: 'sgd' });
    const err = await rejects(() => m.fit([[0, 0], [0, NaN], [1, 0], [1, 1]], Y), 'NON_FINITE', /x: row 1, column 1 is NaN/);
    expect(err.where).toMatchObject({ row: 1, column: 1 });
    await rejects(() => m.fit([[0, 0], [0, 1], [Infinity, 0], [1, 1]], Y), 'NON_FINITE', /row 2, column 0 is Infinity/);
    await rejects(() => m.fit([[0, 0], [0, 1], [1e39, 0], [1, 1]], Y), 'NON_FINITE', /overflow float32/);
    await rejects(() => m.fit(X, [0, NaN, 1, 0]), 'NON_FINITE', /y: row 1 is NaN/);
  });

  it('empty data, batchSize < 1, epochs < 1, fractional sizes', async () => {
    const m = binary();
    m.compile({ loss: 'binaryCrossentropy', optimizer: 'sgd' });
    await rejects(() => m.fit([], []), 'EMPTY_DATA', /x is empty/);
    await rejects(() => m.fit(X, Y, { batchSize: 0 }), 'BAD_OPTION', /'batchSize' must be an integer >= 1, received 0/);
    await rejects(() => m.fit(X, Y, { epochs: 0 }), 'BAD_OPTION', /'epochs' must be an integer >= 1, received 0/);
    await rejects(() => m.fit(X, Y, { epochs: 2.5 }), 'BAD_OPTION', /'epochs' must be an integer >= 1, received 2\.5/);
    await rejects(() => m.fit(X, Y, { validationSplit: 1 }), 'BAD_OPTION', /strictly between 0 and 1/);
    await rejects(() => m.fit(X, Y, { epoch: 3 } as never), 'BAD_OPTION', /Unknown fit option 'epoch'.*epochs/);
    await rejects(() => new Dense({ units: -2 }), 'BAD_OPTION', /'units' must be a positive integer, received -2/);
    await rejects(() => new Dense({ units: 2.5 }), 'BAD_OPTION', /received 2\.5/);
  });

  it('unknown activation, loss, optimizer, metric and initializer names list the valid ones', async () => {
    // @ts-expect-error a name wasmlp does not have: a compile error in TypeScript, a coded error in JavaScript
    await rejects(() => new Dense({ units: 2, activation: 'relu6' }), 'UNKNOWN_ACTIVATION', /"relu6"/, /linear, relu, leakyRelu, elu, selu, gelu, tanh, sigmoid, softmax/);
    // @ts-expect-error a name wasmlp does not have: a compile error in TypeScript, a coded error in JavaScript
    await rejects(() => new Dense({ units: 2, kernelInitializer: 'glorot' }), 'UNKNOWN_INITIALIZER', /glorotUniform/);
    const m = binary();
    // @ts-expect-error a name wasmlp does not have: a compile error in TypeScript, a coded error in JavaScript
    await rejects(() => m.compile({ loss: 'hinge' }), 'UNKNOWN_LOSS', /binaryCrossentropy, categoricalCrossentropy, sparseCategoricalCrossentropy, meanSquaredError, meanAbsoluteError/);
    // @ts-expect-error a name wasmlp does not have: a compile error in TypeScript, a coded error in JavaScript
    await rejects(() => m.compile({ loss: 'binaryCrossentropy', optimizer: 'nadam' }), 'UNKNOWN_OPTIMIZER', /sgd, adam, adamw, rmsprop, adagrad/);
    // @ts-expect-error a name wasmlp does not have: a compile error in TypeScript, a coded error in JavaScript
    await rejects(() => m.compile({ loss: 'binaryCrossentropy', metrics: ['acuracy'] }), 'UNKNOWN_METRIC', /"acuracy"/, /accuracy, binaryAccuracy/);
    await rejects(() => new Dense({ units: 2, unit: 3 } as never), 'BAD_OPTION', /Unknown Dense option 'unit'/);
  });

  it('Keras snake_case names are accepted', () => {
    const m = new Sequential([
      new Dense({ units: 4, activation: 'leaky_relu', input_dim: 2, kernel_initializer: 'he_normal', use_bias: true } as never),
      new Dense({ units: 1, activation: 'sigmoid' }),
    ]);
    m.compile({ loss: 'binary_crossentropy', optimizer: { className: 'SGD', config: { learning_rate: 0.1 } }, metrics: ['acc'] });
    expect(m.compiled!.loss).toBe('binaryCrossentropy');
    expect(m.compiled!.metrics.map((x) => x.name)).toEqual(['binaryAccuracy']);
    expect(m.inputDim).toBe(2);
  });

  it('fit or evaluate before compile', async () => {
    const m = binary();
    await rejects(() => m.fit(X, Y), 'NOT_COMPILED', /Call model.compile/);
    await rejects(() => m.evaluate(X, Y), 'NOT_COMPILED', /before model.evaluate/);
  });

  it('a Dropout as the last layer, or accuracy on a regression', async () => {
    const d = new Sequential([new Dense({ units: 2, inputDim: 2 }), new Dropout({ rate: 0.5 })]);
    await rejects(() => d.compile({ loss: 'mse' }), 'BAD_ARCHITECTURE', /last layer is a Dropout/);
    const r = new Sequential([new Dense({ units: 1, inputDim: 2 })]);
    await rejects(() => r.compile({ loss: 'mse', metrics: ['accuracy'] }), 'METRIC_NOT_APPLICABLE', /regression/, /meanAbsoluteError/);
    await rejects(() => new Dropout({ rate: 1 }), 'BAD_OPTION', /\[0, 1\)/);
  });

  it('warns (does not fail) for sigmoid + categoricalCrossentropy and softmax + binaryCrossentropy', () => {
    const a = new Sequential([new Dense({ units: 3, activation: 'sigmoid', inputDim: 2 })]);
    a.compile({ loss: 'categoricalCrossentropy' });
    const b = new Sequential([new Dense({ units: 3, activation: 'softmax', inputDim: 2 })]);
    b.compile({ loss: 'binaryCrossentropy' });
    expect(warnings.some((w) => w.startsWith('SIGMOID_WITH_CATEGORICAL') && /expects a softmax output/.test(w))).toBe(true);
    expect(warnings.some((w) => w.startsWith('SOFTMAX_WITH_BINARY') && /categoricalCrossentropy/.test(w))).toBe(true);
  });

  it('a learning rate that makes training diverge stops fit and keeps finite weights', async () => {
    const m = new Sequential([new Dense({ units: 8, activation: 'relu', inputDim: 2 }), new Dense({ units: 1 })], { seed: 3 });
    m.compile({ loss: 'mse', optimizer: { type: 'sgd', learningRate: 1e4 } });
    const xs = Array.from({ length: 64 }, (_, i) => [i, 2 * i]);
    const ys = xs.map(([a]) => a * 10);
    await rejects(() => m.fit(xs, ys, { epochs: 50, batchSize: 8 }), 'TRAINING_DIVERGED', /learningRate=10000/, /Lower the learning rate/);
    for (const w of m.getWeights()) for (const v of w.values) expect(Number.isFinite(v)).toBe(true);
  });

  it('use after dispose', async () => {
    const m = binary();
    m.compile({ loss: 'binaryCrossentropy', optimizer: 'sgd' });
    await m.fit(X, Y, { epochs: 1 });
    m.dispose();
    await rejects(() => m.predict(X), 'DISPOSED', /disposed/);
    await rejects(() => m.fit(X, Y), 'DISPOSED');
  });
});
