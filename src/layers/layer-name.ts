import type { Layer } from './dropout.js';

/** Keras' snake_case class prefix: Dense -> dense, BatchNormalization -> batch_normalization. */
const PREFIX: Record<string, string> = { Dense: 'dense', Dropout: 'dropout', BatchNormalization: 'batch_normalization' };

/** A layer's name, or the default one weights are named after (dense_0, batch_normalization_1). */
export function layerName(layer: Layer, index: number): string {
  return layer.name ?? `${PREFIX[layer.className]}_${index}`;
}
