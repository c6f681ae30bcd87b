import type { MatrixLike } from '../data/matrix.js';
import type { Transformer } from './transformer.js';

/**
 * A transformer whose statistics can be learnt chunk by chunk, as scikit-learn's partial_fit:
 * streaming training calls `partialFit` on every chunk of a first pass over the source, then
 * `transform` on each chunk of the training passes. Calls accumulate until `fit` (which starts
 * over); after each call the transformer is fitted on all rows seen so far. StandardScaler and
 * MinMaxScaler implement it; an imputer or a vocabulary (tables, text) plugs in by implementing
 * the same method for its own chunk type.
 */
export interface PartialFitTransformer<X = MatrixLike> extends Transformer {
  partialFit(x: X, y?: unknown): this;
}

/** True when a transformer can learn its statistics chunk by chunk (has partialFit), as streaming pipelines need. */
export function supportsPartialFit(t: unknown): t is PartialFitTransformer<unknown> {
  return typeof t === 'object' && t !== null && typeof (t as { partialFit?: unknown }).partialFit === 'function';
}
