import { WasmlpError } from '../errors.js';
import { fileError } from './file-error.js';
import { Sequential } from '../model/sequential.js';
import { SIDECAR_VALUES, modelShellFromJSON, preloadModel, takePreloadedModel } from '../model/serialization.js';
import { FILE_DOCUMENTS, keepsOptimizerState } from '../model/file-document.js';
import { Pipeline } from '../model-selection/pipeline.js';
import { KerasClassifier } from '../model-selection/classifier.js';
import type { BuildFn } from '../model-selection/classifier.js';
import { readWeightsInto, saveWithWeightsFile, writeOneFile } from './files.js';

/**
 * A fitted pipeline on disk (`wasmlp train --out`): one JSON file, or, when its network is large
 * (above SIDECAR_VALUES values, as for model.save), the JSON plus the network's binary weights file
 * beside it (`model.json` + `model.weights.bin`). The pipeline's integrity check covers the
 * embedded model document, whose sha256 covers the weights file.
 */
export async function savePipelineFile(pipe: Pipeline, path: string): Promise<void> {
  const step = pipe.final.step;
  const model = step instanceof KerasClassifier ? step.model : null;
  const values = model?.net ? model.net.paramCount + (keepsOptimizerState(model) ? 2 * model.net.trainableCount : 0) : 0;
  if (!model || values <= SIDECAR_VALUES) {
    await writeOneFile(path, JSON.stringify(pipe.toJSON()));
    return;
  }
  await saveWithWeightsFile(model, path, true, (doc) => model.withSavedDocument(doc, () => JSON.stringify(pipe.toJSON())));
}

/** Reads a pipeline saved by savePipelineFile; the network's weights file (if any) is streamed in first. */
export async function loadPipelineFile(path: string, options: { build?: BuildFn<any> } = {}, hint = ''): Promise<Pipeline> {
  const fs = (globalThis as { process?: { getBuiltinModule?: (name: string) => unknown } }).process?.getBuiltinModule?.('node:fs/promises') as { readFile(path: string, encoding: 'utf8'): Promise<string> } | undefined;
  if (!fs) throw new WasmlpError('NO_FILE_SYSTEM', 'Loading a pipeline by path needs a file system (Node, Deno or Bun). Elsewhere use Pipeline.fromJSON().');
  let text: string;
  try {
    text = await fs.readFile(path, 'utf8');
  } catch (e) {
    throw fileError(e, path, hint, 'model file');
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return Pipeline.fromJSON(text, options); // reports the syntax error in Pipeline.fromJSON's terms
  }
  const modelDoc = embeddedModel(doc);
  if (modelDoc && (modelDoc as { weightsFile?: unknown }).weightsFile !== undefined) {
    let shell;
    try {
      shell = modelShellFromJSON(modelDoc, (layers, o) => new Sequential(layers, o), FILE_DOCUMENTS);
    } catch (e) {
      if (e instanceof WasmlpError) throw new WasmlpError(e.code, `the pipeline's network: ${e.message}`, e.where);
      throw e;
    }
    await readWeightsInto(shell, path);
    preloadModel(modelDoc, shell.model);
  }
  try {
    return Pipeline.fromJSON(doc, options);
  } finally {
    // Refused (or a document fromJSON never reached): the preloaded network is released.
    if (modelDoc) takePreloadedModel(modelDoc)?.dispose();
  }
}

/** The model document of the pipeline's final KerasClassifier step, when there is one. */
function embeddedModel(doc: unknown): object | null {
  const steps = (doc as { steps?: unknown } | null)?.steps;
  if (!Array.isArray(steps) || steps.length === 0) return null;
  const last = steps[steps.length - 1] as { json?: { className?: unknown; model?: unknown } } | null;
  const model = last?.json?.className === 'KerasClassifier' ? last.json.model : null;
  return typeof model === 'object' && model !== null ? model : null;
}
