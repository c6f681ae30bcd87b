import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { WasmlpError } from '../errors.js';
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
  } catch {
    throw new WasmlpError('FILE_NOT_FOUND', `No model file at ${full}. Create one with 'wasmlp train data.csv --out ${path}'.`, { file: full });
  }
  let pipe: Pipeline;
  try {
    pipe = Pipeline.fromJSON(text, { build: buildMlp });
  } catch (e) {
    if (e instanceof WasmlpError) throw new WasmlpError(e.code, `${full}: ${e.message}`, { ...e.where, file: full });
    throw e;
  }
  applySavedThreshold(pipe);
  const meta = pipe.metadata as { classNames?: string[]; featureNames?: string[] };
  const classes = (pipe.final.step as unknown as { classes: number[] | null }).classes ?? [];
  const classNames = meta.classNames ?? classes.map(String);
  const featureNames = meta.featureNames ?? [];
  const model = (pipe.final.step as unknown as { model: { inputDim?: number } | null }).model;
  return { pipe, classNames, featureNames, nFeatures: model?.inputDim ?? featureNames.length };
}
