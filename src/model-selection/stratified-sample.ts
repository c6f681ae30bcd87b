// Moved to src/data/stratified-sample.ts (model/ uses it for validationSplit); kept for existing imports.
export * from '../data/stratified-sample.js';
