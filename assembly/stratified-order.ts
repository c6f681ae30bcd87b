// Stratified epoch order: every batch keeps the class proportions of the whole training set, so a
// 3%-positive problem does not train on long runs of all-negative batches. One call per epoch
// lays out the order in `perm`; net_train_batches then reads it as it reads net_shuffle_epoch's order.
import { rngBelow } from './random';

@inline function at(base: usize, index: i32): usize {
  return base + (<usize>index << 2);
}

/**
 * Writes an epoch order of the n rows into perm (n i32).
 * classIds: n i32 class ids in [0, classes). rng: the model's 16-byte generator state, or 0 to keep
 * each class in row order (shuffle: false). scratch: (n + 2 * classes) i32, contents ignored.
 *
 * Rows are grouped by class (counting sort), each class is shuffled (Fisher-Yates with rngBelow,
 * classes in id order), then the classes are interleaved: position t takes the class whose
 * share so far lags furthest behind its quota count_c * (t + 1) / n (ties: lowest id). After every
 * prefix each class is within 1 of its quota, so any window of B consecutive rows holds
 * B * count_c / n rows of class c, give or take less than 2 (less than 1 for two classes).
 * Integer arithmetic only: the same order on every engine.
 */
export function perm_stratify(perm: usize, classIds: usize, n: i32, classes: i32, rng: usize, scratch: usize): void {
  const counts = at(scratch, n);           // classes i32: rows per class
  const taken = at(scratch, n + classes);  // classes i32: bucket start, then rows placed so far
  for (let c = 0; c < classes; c++) store<i32>(at(counts, c), 0);
  for (let i = 0; i < n; i++) {
    const c = load<i32>(at(classIds, i));
    store<i32>(at(counts, c), load<i32>(at(counts, c)) + 1);
  }
  // Bucket starts, then a stable counting sort of the row indices into scratch[0, n).
  let start = 0;
  for (let c = 0; c < classes; c++) {
    store<i32>(at(taken, c), start);
    start += load<i32>(at(counts, c));
  }
  for (let i = 0; i < n; i++) {
    const c = load<i32>(at(classIds, i));
    const slot = load<i32>(at(taken, c));
    store<i32>(at(scratch, slot), i);
    store<i32>(at(taken, c), slot + 1);
  }
  // Shuffle each bucket in place; taken[c] now holds the bucket's end.
  if (rng) {
    let lo = 0;
    for (let c = 0; c < classes; c++) {
      const len = load<i32>(at(counts, c));
      for (let i = len - 1; i > 0; i--) {
        const j = <i32>rngBelow(rng, <u32>(i + 1));
        const a = at(scratch, lo + i), b = at(scratch, lo + j);
        const t = load<i32>(a);
        store<i32>(a, load<i32>(b));
        store<i32>(b, t);
      }
      lo += len;
    }
  }
  for (let c = 0; c < classes; c++) store<i32>(at(taken, c), 0);
  // Interleave by largest deficit: count_c * (t + 1) - taken_c * n, in i64 (n * n may exceed 2^31).
  for (let t = 0; t < n; t++) {
    let best = -1;
    let bestDeficit: i64 = 0;
    let bucket = 0, bestBucket = 0;
    for (let c = 0; c < classes; c++) {
      const count = load<i32>(at(counts, c));
      const got = load<i32>(at(taken, c));
      if (got < count) {
        const deficit = <i64>count * <i64>(t + 1) - <i64>got * <i64>n;
        if (best < 0 || deficit > bestDeficit) {
          best = c;
          bestDeficit = deficit;
          bestBucket = bucket;
        }
      }
      bucket += count;
    }
    const got = load<i32>(at(taken, best));
    store<i32>(at(perm, t), load<i32>(at(scratch, bestBucket + got)));
    store<i32>(at(taken, best), got + 1);
  }
}
