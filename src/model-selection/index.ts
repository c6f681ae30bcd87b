/** Model selection on top of the model API: estimators, pipelines, cross-validation, grid search. */
export type { Estimator } from './estimator.js';
export { KerasClassifier, type BuildFn, type BuildMeta, type KerasClassifierOptions, type KerasClassifierJSON, type ClassifierFitOptions } from './classifier.js';
export { Pipeline, PIPELINE_FORMAT, type PipelineStep, type PipelineJSON } from './pipeline.js';
export { crossValidate, crossValScore, type CrossValidateOptions, type CrossValidateResult, type CrossValScoreResult, type FoldEvent, type Splitter } from './cross-validate.js';
export { GridSearchCV, expandGrid, type GridSearchOptions, type GridResult, type ParamGrid } from './grid-search.js';
export { getScorer, SCORING_NAMES, type Scorer, type ScoringName } from '../metrics/scoring.js';
export { closeSharedPools } from './parallel.js';
