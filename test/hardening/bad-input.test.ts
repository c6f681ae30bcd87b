import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import {
  Dense, Dropout, EarlyStopping, LabelEncoder, MinMaxScaler, Sequential, StandardScaler, StratifiedKFold, loadCsvText, trainTestSplit,
} from '../../src/index.js';
import { loadCsv } from '../../src/node.js';
import { expectWasmlpError } from '../helpers/expect-error.js';

/**
 * The bad-input catalogue: each case is one distinct way to hold the library wrong, with the
 * code and the words of the message that tell the user what and where. None may end in an
 * uncaught exception, a trap, a hang or a NaN model.
 */
type Case = [name: string, run: () => unknown, code: string, parts: (string | RegExp)[]];

const compiled = (inputDim = 2) => {
  const m = new Sequential([new Dense({ units: 3, activation: 'relu', inputDim }), new Dense({ units: 1, activation: 'sigmoid' })], { seed: 1 });
  m.compile({ loss: 'binaryCrossentropy', optimizer: 'adam', metrics: ['accuracy'] });
  return m;
};
const X = [[0, 1], [1, 0], [1, 1], [0, 0]];
const Y = [1, 1, 0, 0];
const dir = mkdtempSync(join(tmpdir(), 'wasmlp-bad-'));
const file = (name: string, text: string) => { const p = join(dir, name); writeFileSync(p, text); return p; };

const CSV: Case[] = [
  ['ragged row', () => loadCsvText('1,2,0\n3,1\n'), 'RAGGED_ROW', [/line 2/]],
  ['non-numeric feature cell', () => loadCsvText('1,2,0\n3,abc,1\n4,5,0\n'), 'NOT_A_NUMBER', [/line 2, column 2 is "abc", not a number/]],
  ['a text feature column', () => loadCsvText('1,x,0\n3,y,1\n4,z,0\n'), 'TEXT_COLUMN', [/categorical: 'onehot'/]],
  ['empty text', () => loadCsvText(''), 'EMPTY_FILE', []],
  ['header-only file', () => loadCsvText('a,b,label\n'), 'HEADER_ONLY', []],
  ['a single class in a binary task', () => loadCsvText('1,2,M\n3,4,M\n'), 'SINGLE_CLASS', [/M/]],
  ['missing value by default', () => loadCsvText('1,2,0\n?,4,1\n5,6,0\n'), 'MISSING_VALUE', [/line 2/, /missing/]],
  ['1e999 in a cell', () => loadCsvText('1,2,0\n1e999,4,1\n'), 'NON_FINITE', [/line 2/]],
  ['a BOM in the middle of the file', () => loadCsvText('1,2,0\n\ufeff3,4,1\n'), 'BOM_IN_DATA', [/line 2 holds a byte-order mark/, /concatenated/]],
  ['a BOM in the middle of a streamed file', () => loadCsv(file('joined.csv', '1,2,0\n3,4,1\n\ufeff5,6,0\n')), 'BOM_IN_DATA', [/position 12 of the stream/]],
  ['a 0-byte file', () => loadCsv(file('empty.csv', '')), 'EMPTY_FILE', []],
  ['a directory where a file is expected', () => loadCsv(dir + '/'), 'FILE_NOT_FOUND', []],
  ['a missing file', () => loadCsv(join(dir, 'nope.csv')), 'FILE_NOT_FOUND', [/nope\.csv/]],
  ['an unknown label column name', () => loadCsvText('a,b,c\n1,2,0\n3,4,1\n', { label: 'target' }), 'UNKNOWN_LABEL_COLUMN', [/"target"/, /Valid label column names: a, b, c/]],
];

const ARRAYS: Case[] = [
  ['NaN in x', async () => compiled().fit([[0, NaN], ...X.slice(1)], Y), 'NON_FINITE', [/row 0, column 1 is NaN/]],
  ['Infinity in y', async () => compiled().fit(X, [1, Infinity, 0, 0]), 'NON_FINITE', [/row 1 is Infinity/]],
  ['float32 overflow (1e39)', async () => compiled().fit([[1e39, 0], ...X.slice(1)], Y), 'NON_FINITE', [/overflow float32/]],
  ['a string in x', async () => compiled().fit([[0, '1' as unknown as number], ...X.slice(1)], Y), 'NOT_A_NUMBER', [/row 0, column 1 is "1"/]],
  ['ragged x', async () => compiled().fit([[0, 1], [1], [1, 1], [0, 0]], Y), 'RAGGED_ROW', [/row 1 has 1 values but row 0 has 2/]],
  ['a flat array for x', async () => compiled().fit([0, 1, 2, 3] as never, Y), 'BAD_INPUT_TYPE', [/array of rows/]],
  ['empty x', async () => compiled().fit([], []), 'EMPTY_DATA', [/x is empty/]],
  ['mismatched x and y lengths', async () => compiled().fit(X, [1, 0]), 'LENGTH_MISMATCH', [/x has 4 rows but y has 2/]],
  ['mismatched feature width at predict', async () => { const m = compiled(); await m.fit(X, Y); return m.predict([[1, 2, 3]]); }, 'INPUT_WIDTH', [/built for 2 input features, but the data has 3 columns/]],
  ['labels outside [0, 1] for binary cross-entropy', async () => compiled().fit(X, [0, 1, 2, 0]), 'LABEL_RANGE', [/row 2 is 2/]],
  ['a Matrix whose data is short', async () => compiled().fit({ data: new Float32Array(3), rows: 2, cols: 2 }, [0, 1]), 'SHAPE_MISMATCH', [/needs 4 values/]],
  ['sampleWeight of the wrong length', async () => compiled().fit(X, Y, { sampleWeight: [1] }), 'LENGTH_MISMATCH', [/sampleWeight has 1 values/]],
  ['a negative sample weight', async () => compiled().fit(X, Y, { sampleWeight: [1, -1, 1, 1] }), 'BAD_OPTION', [/sampleWeight\[1\] is -1/]],
  ['classWeight on a regression', async () => { const m = new Sequential([new Dense({ units: 1, inputDim: 2 })]); m.compile({ loss: 'mse' }); return m.fit(X, Y, { classWeight: 'balanced' }); }, 'BAD_OPTION', [/sampleWeight instead/]],
  ['transform before fit', () => new StandardScaler().transform(X), 'NOT_FITTED', [/fit/]],
  ['scaler width mismatch', () => new MinMaxScaler().fit(X).transform([[1, 2, 3]]), 'WIDTH_MISMATCH', [/2 columns/]],
  ['an unseen label for LabelEncoder', () => new LabelEncoder().fit(['a', 'b']).transform(['c']), 'UNKNOWN_LABEL', [/"?c"?/]],
  ['more folds than members of a class', () => [...new StratifiedKFold({ nSplits: 3 }).split(X, [0, 0, 0, 1])], 'TOO_FEW_MEMBERS', []],
  ['a test size of 0', () => trainTestSplit(X, Y, { testSize: 0 }), 'BAD_OPTION', [/testSize/]],
];

const CONFIG: Case[] = [
  ['negative units', () => new Dense({ units: -1 }), 'BAD_OPTION', [/'units' must be a positive integer, received -1/]],
  ['fractional units', () => new Dense({ units: 1.5 }), 'BAD_OPTION', [/received 1\.5/]],
  ['units as a string', () => new Dense({ units: '8' as never }), 'BAD_OPTION', [/received "8"/]],
  ['missing units', () => new Dense({} as never), 'BAD_OPTION', [/needs 'units'/]],
  // @ts-expect-error a name wasmlp does not have: a compile error in TypeScript, a coded error in JavaScript
  ['an unknown activation', () => new Dense({ units: 2, activation: 'swish' }), 'UNKNOWN_ACTIVATION', [/"swish"/, /sigmoid/]],
  ['an unknown option name', () => new Dense({ units: 2, activaton: 'relu' } as never), 'BAD_OPTION', [/Unknown Dense option 'activaton'/]],
  ['dropout rate of 1', () => new Dropout({ rate: 1 }), 'BAD_OPTION', [/\[0, 1\)/]],
  // @ts-expect-error a name wasmlp does not have: a compile error in TypeScript, a coded error in JavaScript
  ['an unknown loss', () => compiled().compile({ loss: 'hinge' }), 'UNKNOWN_LOSS', [/"hinge"/]],
  // @ts-expect-error a name wasmlp does not have: a compile error in TypeScript, a coded error in JavaScript
  ['an unknown optimizer', () => compiled().compile({ loss: 'bce', optimizer: 'lbfgs' }), 'UNKNOWN_OPTIMIZER', [/"lbfgs"/]],
  ['a negative learning rate', () => compiled().compile({ loss: 'bce', optimizer: { type: 'adam', learningRate: -0.1 } }), 'BAD_OPTION', [/learningRate must be > 0/]],
  // @ts-expect-error a name wasmlp does not have: a compile error in TypeScript, a coded error in JavaScript
  ['an unknown metric', () => compiled().compile({ loss: 'bce', metrics: ['accuracyy'] }), 'UNKNOWN_METRIC', [/"accuracyy"/]],
  ['softmax over one unit', () => new Sequential([new Dense({ units: 1, activation: 'softmax', inputDim: 2 })]).compile({ loss: 'bce' }), 'SOFTMAX_ONE_UNIT', [/always 1\.0/]],
  ['a seed that is not an integer', () => new Sequential([], { seed: 1.5 }), 'BAD_OPTION', [/seed must be an integer/]],
  ['a layer that is not a layer', () => new Sequential([{ units: 3 } as never]), 'BAD_LAYER', [/Dense, Dropout and BatchNormalization/]],
  ['a second layer whose inputDim disagrees', () => new Sequential([new Dense({ units: 3, inputDim: 2 }), new Dense({ units: 1, inputDim: 4 })]), 'BAD_ARCHITECTURE', [/declares inputDim 4/]],
  ['batchSize 0', async () => compiled().fit(X, Y, { batchSize: 0 }), 'BAD_OPTION', [/batchSize/]],
  ['epochs negative', async () => compiled().fit(X, Y, { epochs: -5 }), 'BAD_OPTION', [/epochs/]],
  ['validationSplit of 1.5', async () => compiled().fit(X, Y, { validationSplit: 1.5 }), 'BAD_OPTION', [/strictly between 0 and 1/]],
  ['EarlyStopping with negative patience', () => new EarlyStopping({ patience: -1 }), 'BAD_OPTION', [/patience/]],
  ['an EarlyStopping monitor that is never logged', async () => compiled().fit(X, Y, { callbacks: new EarlyStopping({ monitor: 'val_auc' }) }), 'BAD_OPTION', [/monitors 'val_auc'/]],
  ['a validationData that is not a pair', async () => compiled().fit(X, Y, { validationData: [X] as never }), 'BAD_OPTION', [/'validationData' must be \[x, y\]/]],
];

const MODEL_FILES: Case[] = [
  ['a model file that is not JSON', () => Sequential.fromJSON('{"format"'), 'BAD_MODEL_FILE', [/not JSON/]],
  ['a TensorFlow.js file given to fromJSON', () => Sequential.fromJSON({ format: 'layers-model' }), 'BAD_MODEL_FILE', [/TensorFlow.js or Keras/]],
  ['a future format version', () => Sequential.fromJSON({ format: 'wasmlp-model', formatVersion: 99, layers: [] }), 'MODEL_VERSION', [/Upgrade wasmlp/]],
  ['a directory given to load', () => Sequential.load(dir), 'FILE_IS_DIRECTORY', [/directory/]],
  ['a 0-byte model file', () => Sequential.load(file('empty.json', '')), 'BAD_MODEL_FILE', [/empty \(0 bytes\)/]],
];

describe('bad input gets a clear error', () => {
  const all = [...CSV, ...ARRAYS, ...CONFIG, ...MODEL_FILES];
  it(`covers at least 40 distinct cases (${all.length})`, () => {
    if (all.length < 40) throw new Error(`only ${all.length} cases`);
    if (new Set(all.map((c) => c[0])).size !== all.length) throw new Error('duplicate case names');
  });
  for (const [group, cases] of [['CSV text', CSV], ['arrays', ARRAYS], ['configuration', CONFIG], ['model files', MODEL_FILES]] as const) {
    describe(group, () => {
      for (const [name, run, code, parts] of cases) it(name, () => expectWasmlpError(run, code, parts));
    });
  }
});
