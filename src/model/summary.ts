import { Dense } from '../layers/dense.js';
import { BatchNormalization } from '../layers/batch-normalization.js';
import { layerName } from '../layers/layer-name.js';
import type { Sequential } from './sequential.js';

/** Keras-style table: layer (type), output shape, parameters; totals below. */
export function formatSummary(model: Sequential): string {
  const rows: [string, string, string][] = [];
  let width = model.inputDim;
  let total = 0, fixed = 0;
  model.layers.forEach((layer, i) => {
    const name = `${layerName(layer, i)} (${layer.className}${layer instanceof Dense && layer.activation !== 'linear' ? `, ${layer.activation}` : ''})`;
    let params = 0;
    if (layer instanceof Dense) {
      params = width === undefined ? NaN : layer.paramCount(width);
      width = layer.units;
    } else if (layer instanceof BatchNormalization) {
      // Keras counts 4 * units: gamma and beta trainable, the moving mean and variance not.
      params = width === undefined ? NaN : layer.paramCount(width);
      fixed += width === undefined ? NaN : 2 * width;
    }
    total += params;
    rows.push([name, `[null, ${width ?? '?'}]`, Number.isNaN(params) ? '? (input size unknown)' : String(params)]);
  });
  const header: [string, string, string] = ['Layer (type)', 'Output shape', 'Param #'];
  const w = [0, 1, 2].map((c) => Math.max(header[c].length, ...rows.map((r) => r[c].length)) + 2);
  const line = (r: [string, string, string]) => r[0].padEnd(w[0]) + r[1].padEnd(w[1]) + r[2];
  const rule = '_'.repeat(w[0] + w[1] + w[2]);
  return [
    `Model: "${model.name}"`,
    rule,
    line(header),
    '='.repeat(rule.length),
    ...rows.map(line),
    '='.repeat(rule.length),
    `Total params: ${Number.isNaN(total) ? '? (give the first layer inputDim)' : total}`,
    `Trainable params: ${Number.isNaN(total) ? '?' : total - fixed}`,
    `Non-trainable params: ${Number.isNaN(fixed) ? '?' : fixed}`,
    rule,
  ].join('\n');
}
