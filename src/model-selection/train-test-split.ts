import type { WithSnakeCase } from '../names.js';
import { WasmlpError, describe } from '../errors.js';
import { isMatrix, type Matrix, type MatrixLike } from '../data/matrix.js';
import { selectRows, toFeatures, type Features } from '../data/rows.js';
import type { SparseMatrix } from '../data/sparse.js';
import type { Table } from '../data/table.js';
import { SeededRandom, range } from '../random.js';
import { indicesByClass } from './labels.js';
import { normaliseOptions } from '../options.js';

/** Options of trainTestSplit: the test share, stratification, shuffling and seed. */
export interface TrainTestSplitOptions {
  /** Test share in (0, 1), or a whole number of test rows (default 0.25). Rounded up, as scikit-learn. */
  testSize?: number;
  /**
   * Keep class proportions in both parts. Default: true when y holds class labels (an Int32Array, or
   * integers in a plain array) and shuffle is on; false for a Float32Array (regression targets).
   */
  stratify?: boolean;
  /** Shuffle before splitting (default true); false takes the last rows as the test set. */
  shuffle?: boolean;
  /** Seed of the shuffle (default 0): the same seed gives the same split. */
  seed?: number;
}

/** What trainTestSplit returns: the training and test rows and labels. */
export interface TrainTestSplit<Y, X = Matrix> {
  xTrain: X;
  xTest: X;
  yTrain: Y;
  yTest: Y;
  trainIndex: Int32Array;
  testIndex: Int32Array;
}

type Labels = Int32Array | Float32Array | number[];

/**
 * Splits rows into a train and a test part (scikit-learn's train_test_split). The test part has
 * ceil(testSize x n) rows; stratified splits give each class its share, largest remainders first.
 *
 * @example
 * const { xTrain, yTrain, xTest, yTest } = trainTestSplit(ds.x, ds.y, { testSize: 0.2, seed: 1 });
 */
export function trainTestSplit<Y extends Labels>(x: Table, y: Y, options?: WithSnakeCase<TrainTestSplitOptions>): TrainTestSplit<Y, Table>;
export function trainTestSplit<Y extends Labels>(x: SparseMatrix, y: Y, options?: WithSnakeCase<TrainTestSplitOptions>): TrainTestSplit<Y, SparseMatrix>;
export function trainTestSplit<Y extends Labels>(x: MatrixLike, y: Y, options?: WithSnakeCase<TrainTestSplitOptions>): TrainTestSplit<Y, Matrix>;
export function trainTestSplit<Y extends Labels>(x: MatrixLike | Table | SparseMatrix, y: Y, given: WithSnakeCase<TrainTestSplitOptions> = {}): TrainTestSplit<Y, Features> {
  const options = normaliseOptions<TrainTestSplitOptions>('trainTestSplit', given, ['testSize', 'stratify', 'shuffle', 'seed']);
  const m = toFeatures(x, 'trainTestSplit x');
  const n = m.rows;
  if (!y || y.length !== n || isMatrix(y)) {
    throw new WasmlpError('SHAPE_MISMATCH', `trainTestSplit: y needs one label per row of x (${n}); received ${describe(y)}.`, { option: 'y' });
  }
  const shuffle = options.shuffle ?? true;
  const isClassLabels = !(y instanceof Float32Array) && Array.prototype.every.call(y, (v: number) => Number.isInteger(v));
  const stratify = options.stratify ?? (shuffle && isClassLabels);
  if (stratify && !shuffle) {
    throw new WasmlpError('BAD_OPTION', `trainTestSplit: a stratified split needs shuffle: true. Set shuffle: true, or stratify: false.`, { option: 'stratify' });
  }
  const nTest = testCount(options.testSize ?? 0.25, n);
  const rng = new SeededRandom(options.seed ?? 0);
  let testIndex: Int32Array, trainIndex: Int32Array;
  if (!shuffle) {
    trainIndex = range(n - nTest);
    testIndex = range(nTest).map((i) => i + n - nTest);
  } else if (!stratify) {
    const order = rng.shuffle(range(n));
    testIndex = order.slice(0, nTest);
    trainIndex = order.slice(nTest);
  } else {
    [trainIndex, testIndex] = stratifiedSplit(indicesByClass(y, 'trainTestSplit (stratify)'), n, nTest, rng);
  }
  return {
    xTrain: selectRows(m, trainIndex),
    xTest: selectRows(m, testIndex),
    yTrain: pick(y, trainIndex),
    yTest: pick(y, testIndex),
    trainIndex,
    testIndex,
  };
}

function testCount(testSize: number, n: number): number {
  let nTest: number;
  if (Number.isInteger(testSize) && testSize >= 1) nTest = testSize;
  else if (testSize > 0 && testSize < 1) nTest = Math.ceil(testSize * n);
  else {
    throw new WasmlpError('BAD_OPTION', `trainTestSplit: testSize must be a fraction in (0, 1) or a whole number of rows >= 1; received ${describe(testSize)}.`, { option: 'testSize' });
  }
  if (nTest >= n) {
    throw new WasmlpError('BAD_OPTION', `trainTestSplit: with n_samples=${n} and testSize=${testSize}, the train set would be empty. Lower testSize.`, { option: 'testSize' });
  }
  return nTest;
}

function stratifiedSplit(classes: number[][], n: number, nTest: number, rng: SeededRandom): [Int32Array, Int32Array] {
  const least = Math.min(...classes.map((c) => c.length));
  if (least < 2) {
    throw new WasmlpError('TOO_FEW_MEMBERS', `trainTestSplit: the least populated class in y has only 1 member, which is too few. The minimum number of groups for any class cannot be less than 2. Remove that class or set stratify: false.`, { option: 'stratify' });
  }
  if (nTest < classes.length) {
    throw new WasmlpError('BAD_OPTION', `trainTestSplit: the test size = ${nTest} should be greater or equal to the number of classes = ${classes.length}. Raise testSize or set stratify: false.`, { option: 'testSize' });
  }
  if (n - nTest < classes.length) {
    throw new WasmlpError('BAD_OPTION', `trainTestSplit: the train size = ${n - nTest} should be greater or equal to the number of classes = ${classes.length}. Lower testSize or set stratify: false.`, { option: 'testSize' });
  }
  // Largest remainder: floor shares first, then the leftover rows to the largest fractional parts.
  const exact = classes.map((c) => (nTest * c.length) / n);
  const take = exact.map(Math.floor);
  let left = nTest - take.reduce((a, b) => a + b, 0);
  const order = exact.map((e, c) => c).sort((a, b) => exact[b] - take[b] - (exact[a] - take[a]) || a - b);
  // Keep one row of every class in train; repeat passes in case a small class is already full.
  for (let progress = true; left > 0 && progress; ) {
    progress = false;
    for (const c of order) {
      if (left > 0 && take[c] < classes[c].length - 1) (take[c]++, left--, (progress = true));
    }
  }
  const test: number[] = [], train: number[] = [];
  classes.forEach((members, c) => {
    rng.shuffle(members);
    // A loop, not push(...rows): spreading 100k+ rows overflows the call stack.
    for (let i = 0; i < members.length; i++) (i < take[c] ? test : train).push(members[i]);
  });
  // Shuffle across classes so neither part is ordered by class.
  return [rng.shuffle(Int32Array.from(train)), rng.shuffle(Int32Array.from(test))];
}

function pick<Y extends Labels>(y: Y, index: Int32Array): Y {
  if (Array.isArray(y)) return Array.from(index, (i) => y[i]) as Y;
  const out = new (y.constructor as new (n: number) => Int32Array | Float32Array)(index.length);
  for (let i = 0; i < index.length; i++) out[i] = (y as Int32Array | Float32Array)[index[i]];
  return out as Y;
}
