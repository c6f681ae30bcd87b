import type { WithSnakeCase } from '../names.js';
import { WasmlpError } from '../errors.js';
import { SeededRandom } from '../random.js';
import { KFold, checkAgainstSamples, foldFromMask, type Fold, type KFoldOptions } from './kfold.js';
import { indicesByClass, sampleCount } from './labels.js';

/**
 * K-fold that keeps each class's share in every fold (scikit-learn's StratifiedKFold algorithm):
 * rows sorted by class are dealt round-robin to folds, which fixes how many of each class every
 * fold gets; fold sizes then differ by at most one. With shuffle, which rows of a class go to which
 * fold is drawn from the seed.
 */
export class StratifiedKFold extends KFold {
  constructor(options: WithSnakeCase<KFoldOptions> = {}) {
    super(options, 'StratifiedKFold');
  }

  override *split(x: unknown, y?: ArrayLike<number>): Generator<Fold> {
    const n = sampleCount(x);
    if (!y || y.length !== n) {
      throw new WasmlpError('SHAPE_MISMATCH', `StratifiedKFold.split needs class labels y with one entry per row of x (${n}); received ${y ? y.length : 'none'}.`, { option: 'y' });
    }
    checkAgainstSamples(this.nSplits, n);
    const classes = indicesByClass(y, 'StratifiedKFold');
    const counts = classes.map((c) => c.length);
    if (counts.every((c) => this.nSplits > c)) {
      throw new WasmlpError('TOO_FEW_MEMBERS', `nSplits=${this.nSplits} cannot be greater than the number of members in each class (largest class: ${Math.max(...counts)}).`, { option: 'nSplits' });
    }
    const least = Math.min(...counts);
    if (least < this.nSplits) {
      throw new WasmlpError('TOO_FEW_MEMBERS', `The least populated class in y has only ${least} members, which is less than nSplits=${this.nSplits}. Lower nSplits to ${least} or fewer, or merge rare classes.`, { option: 'nSplits' });
    }
    // allocation[k][c]: class c rows in fold k, from dealing class-sorted rows round-robin.
    const allocation = Array.from({ length: this.nSplits }, () => new Array<number>(classes.length).fill(0));
    let position = 0;
    classes.forEach((members, c) => {
      for (let i = 0; i < members.length; i++, position++) allocation[position % this.nSplits][c]++;
    });
    const testFold = new Int32Array(n);
    const rng = this.shuffle ? new SeededRandom(this.seed) : null;
    classes.forEach((members, c) => {
      const folds: number[] = [];
      for (let k = 0; k < this.nSplits; k++) for (let j = 0; j < allocation[k][c]; j++) folds.push(k);
      rng?.shuffle(folds);
      members.forEach((row, i) => (testFold[row] = folds[i]));
    });
    for (let k = 0; k < this.nSplits; k++) {
      const inTest = new Uint8Array(n);
      let size = 0;
      for (let i = 0; i < n; i++) if (testFold[i] === k) (inTest[i] = 1), size++;
      yield foldFromMask(inTest, size);
    }
  }
}
