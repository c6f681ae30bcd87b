import { WasmlpError, describe } from '../errors.js';
import type { Estimator } from './estimator.js';
import { KerasClassifier, type BuildFn, type ClassifierFitOptions } from './classifier.js';
import { Pipeline } from './pipeline.js';
import { TabularClassifier } from '../recipe/tabular-classifier.js';

/**
 * An unfitted estimator as plain data, for worker threads: its JSON, and where its builder lives
 * (functions cannot be sent to another thread, so the worker imports the builder by name).
 */
export interface EstimatorSpec {
  kind: 'KerasClassifier' | 'Pipeline' | 'TabularClassifier';
  json: unknown;
  buildModule: string;
  buildExport: string;
  /** Fit options that are plain data (callbacks stay behind). */
  fitOptions: Omit<ClassifierFitOptions, 'callbacks'>;
}

function classifierOf(estimator: Estimator): KerasClassifier<any> | null {
  if (estimator instanceof KerasClassifier) return estimator;
  if (estimator instanceof Pipeline && estimator.final.step instanceof KerasClassifier) return estimator.final.step;
  return null;
}

/** The recipe needs no builder: its JSON is all a worker needs. */
function isRecipe(estimator: Estimator): boolean {
  return estimator instanceof TabularClassifier || (estimator instanceof Pipeline && estimator.final.step instanceof TabularClassifier);
}

export function estimatorSpec(estimator: Estimator): EstimatorSpec {
  if (isRecipe(estimator)) {
    const json = (estimator as TabularClassifier | Pipeline).clone().toJSON();
    return { kind: estimator instanceof Pipeline ? 'Pipeline' : 'TabularClassifier', json, buildModule: '', buildExport: '', fitOptions: {} };
  }
  const clf = classifierOf(estimator);
  if (!clf) {
    throw new WasmlpError('NOT_PARALLEL', `workers > 1 runs folds in worker threads, which rebuild the estimator from data; that works for a KerasClassifier or a Pipeline ending in one, not for ${describe(estimator.className)}. Use workers: 1.`, { option: 'workers' });
  }
  const name = clf.build?.name ?? '';
  if (!clf.buildModule || !name) {
    throw new WasmlpError('NOT_PARALLEL', `workers > 1 needs the builder importable by name in a worker thread: export it from a module and pass that module, e.g. new KerasClassifier({ build: createModel, buildModule: import.meta.url }) with 'export function createModel(...)'. Received buildModule ${describe(clf.buildModule)} and a builder named ${JSON.stringify(name)}.`, { option: 'buildModule' });
  }
  checkModuleExists(clf.buildModule);
  const { callbacks: _dropped, ...fitOptions } = clf.fitOptions;
  const json = estimator instanceof Pipeline ? estimator.clone().toJSON() : clf.clone().toJSON();
  return { kind: estimator instanceof Pipeline ? 'Pipeline' : 'KerasClassifier', json, buildModule: clf.buildModule, buildExport: name, fitOptions };
}

/** The worker side: imports the builder and rebuilds the unfitted estimator. */
export async function restoreEstimator(spec: EstimatorSpec): Promise<Estimator> {
  if (spec.kind === 'TabularClassifier') return TabularClassifier.fromJSON(spec.json);
  if (spec.kind === 'Pipeline' && !spec.buildModule) return Pipeline.fromJSON(spec.json);
  const mod = (await import(spec.buildModule)) as Record<string, unknown>;
  const build = mod[spec.buildExport];
  if (typeof build !== 'function') {
    throw new WasmlpError('NOT_PARALLEL', `The worker imported ${spec.buildModule} but it has no exported function '${spec.buildExport}'. Export the builder under its own name.`, { option: 'buildModule' });
  }
  const estimator = spec.kind === 'Pipeline'
    ? Pipeline.fromJSON(spec.json, { build: build as BuildFn<any> })
    : KerasClassifier.fromJSON(spec.json, { build: build as BuildFn<any> });
  const clf = classifierOf(estimator)!;
  clf.fitOptions = { ...spec.fitOptions };
  clf.buildModule = spec.buildModule;
  return estimator;
}

/** A buildModule that names a file which does not exist is refused here, not as a worker's crash. */
function checkModuleExists(buildModule: unknown): void {
  if (typeof buildModule !== 'string') {
    throw new WasmlpError('NOT_PARALLEL', `buildModule must be a module URL or path (import.meta.url), received ${describe(buildModule)}.`, { option: 'buildModule' });
  }
  const getBuiltin = (globalThis as { process?: { getBuiltinModule?: (name: string) => unknown } }).process?.getBuiltinModule;
  const fs = getBuiltin?.('node:fs') as { existsSync(p: string | URL): boolean } | undefined;
  let target: string | URL | null = null;
  try {
    target = buildModule.startsWith('file:') ? new URL(buildModule) : /^[./\\]|^[A-Za-z]:[\\/]/.test(buildModule) ? buildModule : null;
  } catch {
    target = null;
  }
  if (fs && target !== null && !fs.existsSync(target)) {
    throw new WasmlpError('NOT_PARALLEL', `buildModule ${JSON.stringify(buildModule)} does not exist, so worker threads cannot import the builder. Pass the module that exports it (import.meta.url in that module).`, { option: 'buildModule' });
  }
}
