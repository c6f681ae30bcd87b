// TensorFlow.js layers format (model.json + weights.bin): export, import, and the file helpers.
// No static node: imports here; the file helpers reach node:fs/promises lazily.
export { exportTfjs, tfjsModelJSON, TFJS_FORMAT, type TfjsArtifacts, type TfjsModelJSON, type TfjsWeightSpec } from './tfjs-export.js';
export { loadTfjs, planTfjs, type TfjsPlan, type TfjsWeightData } from './tfjs-import.js';
export { saveTfjs, loadTfjsFiles } from './tfjs-files.js';
