import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { WasmlpError } from '../errors.js';
import { fileError } from '../io/file-error.js';
import { Pipeline } from '../model-selection/pipeline.js';
import { buildMlp } from './model-spec.js';
import { applySavedThreshold } from './decision.js';

export interface SavedModel {
  pipe: Pipeline;
  classNames: string[];
  featureNames: string[];
  nFeatures: number;
}

/** Reads a `wasmlp train --out` file. */
export async function loadSavedModel(path: string, cwd: string): Promise<SavedModel> {
  const full = resolve(cwd, path);
  let text: string;
  try {
    text = await readFile(full, 'utf8');
  } catch (e) {
    throw fileError(e, full, `Create one with 'wasmlp train data.csv --out ${path}'.`, 'model file');
  }
  let pipe: Pipeline;
  try {
    pipe = Pipeline.fromJSON(text, { build: buildMlp });
  } catch (e) {
    if (e instanceof WasmlpError) throw new WasmlpError(e.code, `${full}: ${e.message}`, { ...e.where, file: full });
    // A hostile file (nesting deep enough to exhaust the stack, a value of the wrong type) is a bad file, not a crash.
    throw new WasmlpError('BAD_MODEL_FILE', `${full}: not a usable wasmlp model file (${(e as Error).message}). Train and save it again with 'wasmlp train ... --out'.`, { file: full });
  }
  applySavedThreshold(pipe);
  const meta = pipe.metadata as { classNames?: string[]; featureNames?: string[] };
  const classes = (pipe.final.step as unknown as { classes: number[] | null }).classes ?? [];
  const classNames = meta.classNames ?? classes.map(String);
  const featureNames = meta.featureNames ?? [];
  const model = (pipe.final.step as unknown as { model: { inputDim?: number } | null }).model;
  return { pipe, classNames, featureNames, nFeatures: model?.inputDim ?? featureNames.length };
}
