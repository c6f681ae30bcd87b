import type { ActivationIdentifier } from '../activations.js';
import type { OptimizerIdentifier } from '../optimizers/index.js';
import { Dense } from '../layers/dense.js';
import { Dropout } from '../layers/dropout.js';
import { Sequential } from '../model/sequential.js';
import { activations } from '../activations.js';
import { optimizers } from '../optimizers/index.js';
import { StandardScaler } from '../preprocessing/standard-scaler.js';
import { MinMaxScaler } from '../preprocessing/min-max-scaler.js';
import { KerasClassifier, type BuildMeta } from '../model-selection/classifier.js';
import { Pipeline } from '../model-selection/pipeline.js';
import type { Callback } from '../callbacks/callback.js';
import { EarlyStopping } from '../callbacks/early-stopping.js';
import { TableTransformer, type TableTransformerConfig } from '../preprocessing/table-transformer.js';

/** Builder parameters the CLI's flags set; GridSearchCV varies them. */
export interface MlpParams {
  layers: number[];
  /** From the command line; Dense checks the name at run time. */
  activation: ActivationIdentifier;
  optimizer: OptimizerIdentifier;
  /** undefined: the optimizer's default. */
  lr?: number;
  dropout: number;
}

export const ACTIVATION_CHOICES = activations.names.filter((n) => n !== 'softmax');
export const OPTIMIZER_CHOICES = optimizers.names;
export const SCALE_CHOICES = ['standard', 'minmax', 'none'] as const;
export type Scale = (typeof SCALE_CHOICES)[number];

/**
 * The CLI's create_baseline: hidden Dense layers (optionally each followed by Dropout), then one
 * sigmoid unit for two classes or a softmax over k classes, compiled with the chosen optimizer.
 */
export function buildMlp(p: MlpParams & BuildMeta): Sequential {
  const layers: (Dense | Dropout)[] = [];
  p.layers.forEach((units, i) => {
    layers.push(new Dense({ units, activation: p.activation, ...(i === 0 ? { inputDim: p.nFeatures } : {}) }));
    if (p.dropout > 0) layers.push(new Dropout({ rate: p.dropout }));
  });
  const binary = p.nClasses === 2;
  layers.push(new Dense({ units: binary ? 1 : p.nClasses, activation: binary ? 'sigmoid' : 'softmax', ...(p.layers.length === 0 ? { inputDim: p.nFeatures } : {}) }));
  const model = new Sequential(layers, { seed: p.seed });
  model.compile({
    loss: binary ? 'binaryCrossentropy' : 'sparseCategoricalCrossentropy',
    optimizer: p.lr === undefined ? p.optimizer : { type: p.optimizer, learningRate: p.lr },
    metrics: ['accuracy'],
  });
  return model;
}

export interface PipelineSpec {
  params: MlpParams;
  epochs: number;
  batchSize: number;
  scale: Scale;
  seed: number;
  callbacks?: Callback[];
  validationSplit?: number;
  /** Raw-table input: the TableTransformer settings (kinds from the whole file, --drop, --missing ...). */
  table?: TableTransformerConfig | null;
  /** --class-weight balanced. */
  classWeight?: 'balanced';
  /** --patience n: early stopping on a stratified inner validation split (10% unless --validation-split), best weights kept. */
  patience?: number;
}

/** [scaler] -> KerasClassifier(buildMlp), as the flags describe. */
export function makePipeline(spec: PipelineSpec): Pipeline {
  const clf = new KerasClassifier<MlpParams>({
    build: buildMlp, buildModule: import.meta.url, params: spec.params, epochs: spec.epochs, batchSize: spec.batchSize, seed: spec.seed,
    fitOptions: {
      callbacks: [...(spec.callbacks ?? []), ...(spec.patience ? [new EarlyStopping({ monitor: 'val_loss', patience: spec.patience, restoreBestWeights: true })] : [])],
      ...(spec.validationSplit || spec.patience ? { validationSplit: spec.validationSplit ?? 0.1 } : {}),
      ...(spec.classWeight ? { classWeight: spec.classWeight } : {}),
    },
  });
  // A table is imputed, encoded and scaled per fold by one TableTransformer; a matrix by its scaler.
  const steps = spec.table ? [new TableTransformer({ ...spec.table, scale: spec.scale })] : spec.scale === 'standard' ? [new StandardScaler()] : spec.scale === 'minmax' ? [new MinMaxScaler()] : [];
  return new Pipeline([...steps, ['classifier', clf]]);
}

/** "60(relu) -> 30(relu) -> 1(sigmoid)" */
export function describeModel(p: MlpParams, nClasses: number): string {
  const out = nClasses === 2 ? '1(sigmoid)' : `${nClasses}(softmax)`;
  const hidden = p.layers.map((u) => `${u}(${p.activation})${p.dropout > 0 ? ` dropout ${p.dropout}` : ''}`);
  return [...hidden, out].join(' -> ');
}
