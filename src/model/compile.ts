import { unknownOption } from '../options.js';
import { WasmlpError, describe } from '../errors.js';
import { Dense } from '../layers/dense.js';
import type { Layer } from '../layers/dropout.js';
import { LOSS_CODES, isClassificationLoss, losses, type LossIdentifier, type LossName } from '../losses.js';
import { resolveMetrics, taskOf, type Metric, type MetricSpec, type Task } from '../metrics/resolve.js';
import { resolveOptimizer, type OptimizerSpec, type ResolvedOptimizer } from '../optimizers/index.js';
import { warn } from '../warnings.js';

/** What Sequential.compile takes: the loss, the optimizer (a name or { type, learningRate, ... }) and the metrics. */
export interface CompileConfig {
  /** A name, or Keras' loss object { className: 'BinaryCrossentropy', config: { labelSmoothing: 0.1 } }. */
  loss: LossIdentifier | { className?: LossIdentifier; type?: LossIdentifier; config?: { labelSmoothing?: number; label_smoothing?: number } };
  /**
   * Label smoothing for binaryCrossentropy and categoricalCrossentropy (Keras' label_smoothing):
   * targets become y (1 - s) + s / 2 (binary) or y (1 - s) + s / classes. Default 0.
   */
  labelSmoothing?: number;
  /** Default 'rmsprop', as Keras. */
  optimizer?: OptimizerSpec;
  metrics?: MetricSpec[];
}

/** compile()'s result: everything resolved and checked once. */
export interface Compiled {
  loss: LossName;
  lossCode: number;
  optimizer: ResolvedOptimizer;
  metrics: Metric[];
  metricSpecs: MetricSpec[];
  task: Task;
  /** Label smoothing applied to the targets the loss sees (0: none). */
  labelSmoothing: number;
  /** Floats per label row the core reads: 1 for sparse class ids, else the output units. */
  labelWidth: number;
  units: number;
}

/**
 * Resolves names and refuses set-ups that would train on nonsense, naming the fix.
 * Legal but doubtful pairs (sigmoid + categoricalCrossentropy, softmax + binaryCrossentropy) warn.
 */
export function resolveCompile(config: CompileConfig, layers: readonly Layer[]): Compiled {
  if (typeof config !== 'object' || config === null) {
    throw new WasmlpError('BAD_OPTION', `compile takes { loss, optimizer, metrics }; received ${describe(config)}.`, { option: 'compile' });
  }
  const allowed = ['loss', 'optimizer', 'metrics', 'labelSmoothing'];
  for (const key of Object.keys(config)) {
    if (!allowed.includes(key)) throw unknownOption('compile', key, allowed);
  }
  if (config.loss === undefined) {
    throw new WasmlpError('BAD_OPTION', "compile needs a 'loss', e.g. 'binaryCrossentropy' for a sigmoid output.", { option: 'loss' });
  }
  const lossSpec = config.loss as unknown;
  const lossObject = typeof lossSpec === 'object' && lossSpec !== null ? lossSpec as { className?: string; type?: string; config?: Record<string, unknown> } : null;
  const loss = losses.resolve(lossObject ? lossObject.className ?? lossObject.type : lossSpec, 'loss');
  const labelSmoothing = resolveLabelSmoothing(config.labelSmoothing ?? lossObject?.config?.labelSmoothing ?? lossObject?.config?.label_smoothing, loss);
  const dense = layers.filter((l): l is Dense => l instanceof Dense);
  if (dense.length === 0) {
    throw new WasmlpError('NO_LAYERS', 'The model has no Dense layer. Add at least one, e.g. new Dense({ units: 1, activation: "sigmoid", inputDim: 4 }).', { option: 'layers' });
  }
  const lastLayer = layers[layers.length - 1];
  if (!(lastLayer instanceof Dense)) {
    throw new WasmlpError('BAD_ARCHITECTURE', `The last layer is a ${lastLayer.className}; the model must end with a Dense layer that produces the outputs.`, { layer: layers.length - 1 });
  }
  layers.forEach((layer, i) => {
    if (layer instanceof Dense && layer.activation === 'softmax' && layer.units === 1) {
      throw new WasmlpError('SOFTMAX_ONE_UNIT', `Layer ${i} applies softmax to a single unit, whose output is always 1.0: the model cannot learn and accuracy is meaningless. For a binary output use activation 'sigmoid' with loss 'binaryCrossentropy'; for k classes use units: k with softmax.`, { layer: i, option: 'activation' });
    }
  });
  const out = lastLayer.activation;
  const units = lastLayer.units;
  if (loss === 'sparseCategoricalCrossentropy' && units === 1) {
    throw new WasmlpError('BAD_ARCHITECTURE', "sparseCategoricalCrossentropy needs one output unit per class, but the last layer has 1 unit. For two classes use a sigmoid output with 'binaryCrossentropy', or give the last layer units: 2 and softmax.", { layer: layers.length - 1, option: 'loss' });
  }
  if ((loss === 'categoricalCrossentropy' || loss === 'sparseCategoricalCrossentropy') && out === 'sigmoid') {
    warn('SIGMOID_WITH_CATEGORICAL', `${loss} expects a softmax output (probabilities that sum to 1), but the last layer is sigmoid. For several independent labels use 'binaryCrossentropy'; for exclusive classes use activation 'softmax'.`);
  }
  if (loss === 'binaryCrossentropy' && out === 'softmax') {
    warn('SOFTMAX_WITH_BINARY', "binaryCrossentropy with a softmax output treats classes as independent labels while softmax ties them together. For exclusive classes use 'categoricalCrossentropy'; for independent labels use a sigmoid output.");
  }
  if (isClassificationLoss(loss) && out !== 'sigmoid' && out !== 'softmax') {
    warn('CROSSENTROPY_WITHOUT_PROBABILITIES', `${loss} expects probabilities, but the last layer's activation is '${out}'; outputs outside [0, 1] are clipped and their gradient is lost. Use 'sigmoid' (binary, multi-label) or 'softmax' (classes).`);
  }
  const task = taskOf(out, units, loss);
  const optimizer = resolveOptimizer(config.optimizer ?? 'rmsprop');
  const metricSpecs = config.metrics ?? [];
  const metrics = resolveMetrics(metricSpecs, task, out);
  return {
    loss, lossCode: LOSS_CODES[loss], optimizer, labelSmoothing, metrics, metricSpecs: [...metricSpecs], task,
    labelWidth: loss === 'sparseCategoricalCrossentropy' ? 1 : units, units,
  };
}

function resolveLabelSmoothing(value: unknown, loss: LossName): number {
  if (value === undefined || value === 0) return 0;
  if (typeof value !== 'number' || !(value >= 0 && value < 1)) {
    throw new WasmlpError('BAD_OPTION', `labelSmoothing must be a number in [0, 1), received ${describe(value)}.`, { option: 'labelSmoothing' });
  }
  if (loss !== 'binaryCrossentropy' && loss !== 'categoricalCrossentropy') {
    const hint = loss === 'sparseCategoricalCrossentropy' ? " As in Keras, sparseCategoricalCrossentropy has none: one-hot encode the labels and use 'categoricalCrossentropy'." : '';
    throw new WasmlpError('BAD_OPTION', `labelSmoothing applies to binaryCrossentropy and categoricalCrossentropy, not ${loss}.${hint}`, { option: 'labelSmoothing' });
  }
  return value;
}

/** The targets the loss sees with label smoothing s: y (1 - s) + s / 2 (binary) or + s / classes. */
export function smoothLabels(labels: Float32Array, compiled: Compiled): Float32Array {
  const s = compiled.labelSmoothing;
  if (!s) return labels;
  const spread = compiled.loss === 'binaryCrossentropy' ? s / 2 : s / compiled.units;
  return labels.map((y) => y * (1 - s) + spread);
}
