/** Model selection on top of the model API: estimators, pipelines, cross-validation, grid search. */
export type { Estimator } from './estimator.js';
export { KerasClassifier, type BuildFn, type BuildMeta, type KerasClassifierOptions, type KerasClassifierJSON, type ClassifierFitOptions } from './classifier.js';
export { Pipeline, type PipelineStep, type PipelineJSON } from './pipeline.js';
export { crossValidate, crossValScore, type CrossValidateOptions, type CrossValidateResult, type CrossValScoreResult, type FoldEvent, type Splitter } from './cross-validate.js';
export { GridSearchCV, expandGrid, type GridSearchOptions, type GridResult, type ParamGrid } from './grid-search.js';
export { getScorer, SCORING_NAMES, type Scorer, type ScoringName } from '../metrics/scoring.js';
// closeSharedPools (Node worker threads) is exported by 'wasmlp/node'.
export { RandomizedSearchCV, type RandomizedSearchOptions } from './randomized-search.js';
export { HalvingRandomSearchCV, type HalvingRandomSearchOptions } from './halving-search.js';
export { sampleParams, type ParamDistribution, type ParamDistributions } from './param-sampler.js';
