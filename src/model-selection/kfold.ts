import type { WithSnakeCase } from '../names.js';
import { WasmlpError } from '../errors.js';
import { SeededRandom, range } from '../random.js';
import { sampleCount } from './labels.js';
import { normaliseOptions } from '../options.js';

/** One cross-validation split: row indices, ascending. */
export interface Fold {
  train: Int32Array;
  test: Int32Array;
}

/** Options of KFold and StratifiedKFold: the number of folds, shuffling and seed. */
export interface KFoldOptions {
  /** Number of folds, at least 2 (default 5). */
  nSplits?: number;
  /** Shuffle rows once before cutting folds (default false: contiguous folds). */
  shuffle?: boolean;
  /** Seed of the shuffle; only allowed with shuffle: true (default 0). */
  seed?: number;
}

const KFOLD_OPTIONS = ['nSplits', 'shuffle', 'seed'] as const;

/**
 * K-fold cross-validation as scikit-learn's KFold: every row lands in exactly one test fold; the
 * first n % k folds get one extra row, so fold sizes differ by at most one.
 */
export class KFold {
  readonly nSplits: number;
  protected readonly shuffle: boolean;
  protected readonly seed: number;

  /** `owner` names the splitter in messages (StratifiedKFold passes its own name). */
  constructor(given: WithSnakeCase<KFoldOptions> = {}, owner = 'KFold') {
    const options = normaliseOptions<KFoldOptions>(owner, given, KFOLD_OPTIONS);
    this.nSplits = checkSplitOptions(options, owner);
    this.shuffle = options.shuffle ?? false;
    this.seed = options.seed ?? 0;
  }

  getNSplits(): number {
    return this.nSplits;
  }

  /** Yields `{ train, test }` index arrays; `y` is ignored (kept for a common signature). */
  *split(x: unknown, _y?: ArrayLike<number>): Generator<Fold> {
    const n = sampleCount(x);
    checkAgainstSamples(this.nSplits, n);
    const order = range(n);
    if (this.shuffle) new SeededRandom(this.seed).shuffle(order);
    let start = 0;
    for (let k = 0; k < this.nSplits; k++) {
      const size = Math.floor(n / this.nSplits) + (k < n % this.nSplits ? 1 : 0);
      const inTest = new Uint8Array(n);
      for (let i = start; i < start + size; i++) inTest[order[i]] = 1;
      start += size;
      yield foldFromMask(inTest, size);
    }
  }
}

/** Validates nSplits / shuffle / seed with scikit-learn's wording. */
export function checkSplitOptions(options: KFoldOptions, name: string): number {
  const nSplits = options.nSplits ?? 5;
  if (!Number.isInteger(nSplits)) {
    throw new WasmlpError('BAD_OPTION', `${name}: the number of folds must be of integral type; received nSplits=${nSplits}.`, { option: 'nSplits' });
  }
  if (nSplits < 2) {
    throw new WasmlpError('BAD_OPTION', `${name}: k-fold cross-validation requires at least one train/test split by setting nSplits=2 or more, got nSplits=${nSplits}.`, { option: 'nSplits' });
  }
  if (options.seed !== undefined && !(options.shuffle ?? false)) {
    throw new WasmlpError('BAD_OPTION', `${name}: setting a seed has no effect since shuffle is false. Leave seed unset, or set shuffle: true.`, { option: 'seed' });
  }
  if (options.seed !== undefined && !Number.isFinite(options.seed)) {
    throw new WasmlpError('BAD_OPTION', `${name}: seed must be a finite number; received ${options.seed}.`, { option: 'seed' });
  }
  return nSplits;
}

export function checkAgainstSamples(nSplits: number, n: number): void {
  if (nSplits > n) {
    throw new WasmlpError('BAD_OPTION', `Cannot have number of splits nSplits=${nSplits} greater than the number of samples: n=${n}.`, { option: 'nSplits' });
  }
}

/** Test = marked rows, train = the rest, both ascending. */
export function foldFromMask(inTest: Uint8Array, testSize: number): Fold {
  const test = new Int32Array(testSize), train = new Int32Array(inTest.length - testSize);
  let a = 0, b = 0;
  for (let i = 0; i < inTest.length; i++) {
    if (inTest[i]) test[a++] = i;
    else train[b++] = i;
  }
  return { train, test };
}
