import { resolve } from 'node:path';
import { WasmlpError } from '../errors.js';
import { loadPipelineFile } from '../io/pipeline-files.js';
import { Pipeline } from '../model-selection/pipeline.js';
import { buildMlp } from './model-spec.js';
import { TableTransformer } from '../preprocessing/table-transformer.js';
import { applySavedThreshold } from './decision.js';

export interface SavedModel {
  pipe: Pipeline;
  classNames: string[];
  featureNames: string[];
  nFeatures: number;
  /** A model trained on a table: predict reads rows by column name (metadata.columns: the file's columns in order). */
  table: { columns: string[]; features: string[] } | null;
}

/** Reads a `wasmlp train --out` file. */
export async function loadSavedModel(path: string, cwd: string): Promise<SavedModel> {
  const full = resolve(cwd, path);
  const hint = `Create one with 'wasmlp train data.csv --out ${path}'.`;
  let pipe: Pipeline;
  try {
    // A large network's weights are in a .weights.bin file beside the JSON; it is streamed in first.
    pipe = await loadPipelineFile(full, { build: buildMlp }, hint);
  } catch (e) {
    // Errors about a file name the file themselves (the model file, or its weights file).
    if (e instanceof WasmlpError && e.where.file !== undefined) throw e;
    if (e instanceof WasmlpError) throw new WasmlpError(e.code, `${full}: ${e.message}`, { ...e.where, file: full });
    // A hostile file (nesting deep enough to exhaust the stack, a value of the wrong type) is a bad file, not a crash.
    throw new WasmlpError('BAD_MODEL_FILE', `${full}: not a usable wasmlp model file (${(e as Error).message}). Train and save it again with 'wasmlp train ... --out'.`, { file: full });
  }
  applySavedThreshold(pipe);
  const meta = pipe.metadata as { classNames?: unknown; featureNames?: unknown; columns?: unknown };
  const classes = (pipe.final.step as unknown as { classes: number[] | null }).classes ?? [];
  const strings = (v: unknown, n?: number) => Array.isArray(v) && v.every((s) => typeof s === 'string') && new Set(v).size === v.length && (n === undefined || v.length === n);
  if (meta.classNames !== undefined && !strings(meta.classNames, classes.length)) {
    throw new WasmlpError('BAD_FORMAT', `${full}: classNames must be ${classes.length} distinct texts, one per class of the network.`, { file: full, option: 'classNames' });
  }
  if ((meta.featureNames !== undefined && !strings(meta.featureNames)) || (meta.columns !== undefined && !strings(meta.columns))) {
    throw new WasmlpError('BAD_FORMAT', `${full}: featureNames and columns must be lists of distinct texts.`, { file: full, option: 'featureNames' });
  }
  const classNames = (meta.classNames as string[] | undefined) ?? classes.map(String);
  const featureNames = (meta.featureNames as string[] | undefined) ?? [];
  const model = (pipe.final.step as unknown as { model: { inputDim?: number } | null }).model;
  const table = pipe.transformers[0]?.step instanceof TableTransformer ? { columns: (meta.columns as string[] | undefined) ?? featureNames, features: featureNames } : null;
  return { pipe, classNames, featureNames, nFeatures: model?.inputDim ?? featureNames.length, table };
}
