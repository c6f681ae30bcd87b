/**
 * Worker-thread entry for crossValidate / GridSearchCV with workers: keeps the data it is sent,
 * rebuilds each estimator spec once (cached), and fits and scores the folds it is given, one
 * fresh (disposed) model per fold. Node only; nothing in the package entries imports it.
 */
import { parentPort } from 'node:worker_threads';
import { WasmlpError } from '../errors.js';
import type { Features } from '../data/rows.js';
import { getScorers, type Scorer } from '../metrics/scoring.js';
import type { Estimator } from './estimator.js';
import { runFold } from './fold.js';
import { restoreEstimator } from './spec.js';
import type { FromWorker, ToWorker } from './parallel.js';

if (!parentPort) throw new Error('fold-worker.js runs as a worker thread of crossValidate.');
const port = parentPort;

let data: { x: Features; ids: Int32Array; nClasses: number } | null = null;
/** Restored (unfitted) templates by spec, for a grid search's repeated candidates. */
const templates = new Map<string, Promise<Estimator>>();
const scorersByName = new Map<string, Scorer[]>();

function template(spec: Extract<ToWorker, { type: 'fold' }>['spec']): Promise<Estimator> {
  const key = JSON.stringify(spec);
  let t = templates.get(key);
  if (!t) {
    if (templates.size >= 16) templates.clear();
    templates.set(key, (t = restoreEstimator(spec)));
  }
  return t;
}

port.on('message', async (m: ToWorker) => {
  if (m.type === 'data') {
    data = { x: m.x, ids: m.ids, nClasses: m.nClasses };
    return;
  }
  let model: Estimator | null = null;
  try {
    const key = m.scoring.join(',');
    if (!scorersByName.has(key)) scorersByName.set(key, getScorers(m.scoring));
    model = (await template(m.spec)).clone();
    const result = await runFold(model, data!.x, data!.ids, data!.nClasses, m.fold, m.k, scorersByName.get(key)!, m);
    port.postMessage({ type: 'result', k: m.k, result } satisfies FromWorker);
  } catch (e) {
    const err = e as Error;
    port.postMessage({
      type: 'error', k: m.k,
      error: { name: err?.name ?? 'Error', message: err?.message ?? String(e), code: e instanceof WasmlpError ? e.code : undefined, where: e instanceof WasmlpError ? e.where : undefined, stack: err?.stack },
    } satisfies FromWorker);
  } finally {
    model?.dispose();
  }
});
