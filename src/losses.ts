import { LOSS_BCE, LOSS_CCE, LOSS_MAE, LOSS_MSE, LOSS_SPARSE_CCE } from './core-abi.js';
import { nameTable, type Spelling } from './names.js';

/** Loss names and their core codes (generated from assembly/losses.ts). */
export const LOSS_CODES = {
  binaryCrossentropy: LOSS_BCE, categoricalCrossentropy: LOSS_CCE, sparseCategoricalCrossentropy: LOSS_SPARSE_CCE,
  meanSquaredError: LOSS_MSE, meanAbsoluteError: LOSS_MAE,
} as const;

export type LossName = keyof typeof LOSS_CODES;

const LOSS_ALIASES = {
  bce: 'binaryCrossentropy', logLoss: 'binaryCrossentropy', cce: 'categoricalCrossentropy',
  sparseCce: 'sparseCategoricalCrossentropy', mse: 'meanSquaredError', mae: 'meanAbsoluteError',
} as const;

/** A loss as users may write it: 'binaryCrossentropy', Keras' 'binary_crossentropy', 'BinaryCrossentropy', or 'bce', 'mse', ... */
export type LossIdentifier = Spelling<LossName> | Spelling<keyof typeof LOSS_ALIASES>;

export const losses = nameTable<LossName>('loss', Object.keys(LOSS_CODES) as LossName[], LOSS_ALIASES);

export function isClassificationLoss(loss: LossName): boolean {
  return loss === 'binaryCrossentropy' || loss === 'categoricalCrossentropy' || loss === 'sparseCategoricalCrossentropy';
}
