import { nameTable, type Spelling } from './names.js';

/** Loss names and their core codes (assembly/losses.ts). */
export const LOSS_CODES = {
  binaryCrossentropy: 0, categoricalCrossentropy: 1, sparseCategoricalCrossentropy: 2,
  meanSquaredError: 3, meanAbsoluteError: 4,
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
