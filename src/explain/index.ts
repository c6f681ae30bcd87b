/** Explanations of fitted models: permutation importance and partial dependence (scikit-learn's inspection module). */
export { permutationImportance, type PermutationImportanceOptions, type PermutationImportanceResult } from './permutation-importance.js';
export { partialDependence, type PartialDependenceOptions, type PartialDependenceResult } from './partial-dependence.js';
export type { ExplainableModel, ExplainInput } from './model-view.js';
