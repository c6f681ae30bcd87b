// wasmlp: Keras-style dense networks with a WebAssembly SIMD core.
export { Sequential, type SequentialOptions } from './model/sequential.js';
export type { FitOptions } from './model/trainer.js';
export type { CompileConfig } from './model/compile.js';
export type { ModelJSON, SaveOptions, WeightsFileRef } from './model/serialization.js';
export { Dense, type DenseOptions } from './layers/dense.js';
export { Dropout, type DropoutOptions } from './layers/dropout.js';
export { BatchNormalization, type BatchNormalizationOptions } from './layers/batch-normalization.js';
export { History } from './callbacks/history.js';
export { EarlyStopping, type EarlyStoppingOptions } from './callbacks/early-stopping.js';
export { ProgressLogger, type ProgressLoggerOptions } from './callbacks/progress-logger.js';
export type { Callback, Logs } from './callbacks/callback.js';
export { WasmlpError, type ErrorPlace } from './errors.js';
export { setWarningHandler, type WarningHandler } from './warnings.js';
export { init, memoryStats, type WasmSource } from './runtime/wasm.js';
export { threads, type InitOptions } from './runtime/wasm.js';
export type { ThreadsInfo, ThreadsOption } from './runtime/threads.js';
export { matrix, toMatrix, toRows, type Matrix, type MatrixLike, type LabelsLike } from './data/matrix.js';
export { confusionMatrix, rocAuc, binaryAccuracy, binaryCounts } from './metrics/scores.js';
export { SeededRandom } from './random.js';
export * from './data-tools.js';
// The TensorFlow.js layers format lives in 'wasmlp/tfjs' (src/io/tfjs.ts) so train/predict bundles stay small;
// model.exportTfjs() loads it on demand.
export * from './metrics/index.js';
export * from './decision/index.js';
// Issue 13: the default tabular recipe, learning-rate schedules and the Keras callbacks it uses.
export { TabularClassifier, RECIPE_DEFAULTS, type TabularClassifierOptions, type TabularClassifierJSON } from './recipe/tabular-classifier.js';
export { RobustScaler, type RobustScalerConfig } from './recipe/robust-scaler.js';
export { ExponentialDecay, PiecewiseConstantDecay, CosineDecay, OneCycle, MultiCycle, type LearningRateSchedule } from './optimizers/schedules.js';
export { ReduceLROnPlateau, LearningRateScheduler, type ReduceLROnPlateauOptions } from './callbacks/learning-rate.js';
export { TerminateOnNaN } from './callbacks/terminate-on-nan.js';
export { CSVLogger, type CSVLoggerOptions } from './callbacks/csv-logger.js';
export { ModelCheckpoint, type ModelCheckpointOptions } from './callbacks/model-checkpoint.js';
// Explanations (permutationImportance, partialDependence) live in 'wasmlp/explain': their worker
// pool would otherwise pull the pipeline and table code into every train/predict bundle.
// Issue 11: the names wasmlp accepts, as literal types (Keras' snake_case spellings included).
export type { ActivationIdentifier } from './activations.js';
export type { LossIdentifier } from './losses.js';
export type { OptimizerIdentifier, OptimizerSpec } from './optimizers/index.js';
export type { InitializerIdentifier, InitializerSpec } from './initializers.js';
export type { MetricIdentifier, MetricSpec } from './metrics/resolve.js';
export type { ScoringIdentifier } from './metrics/scoring.js';
export type { WithSnakeCase } from './names.js';
// Streaming training (issue 15): model.fit(source, options) and the partialFit contract.
// model.fit(source) streams; its loop loads on demand, so fitStream itself stays out of the main entry.
export type { FitStreamOptions } from './stream/fit-stream.js';
export type { DataSource, RowChunk } from './stream/source.js';
export { supportsPartialFit, type PartialFitTransformer } from './preprocessing/partial-fit.js';
export type { FoldExecutor } from './model-selection/executor.js';
