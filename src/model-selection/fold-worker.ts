/**
 * Worker-thread entry for crossValidate({ workers }): rebuilds the estimator from its spec, then
 * fits and scores the folds it is sent, one fresh (disposed) model per fold. Node only; nothing
 * in the package entries imports it.
 */
import { parentPort } from 'node:worker_threads';
import { WasmlpError } from '../errors.js';
import { getScorers, type Scorer } from '../metrics/scoring.js';
import type { Estimator } from './estimator.js';
import { runFold } from './fold.js';
import { restoreEstimator } from './spec.js';
import type { FromWorker, ToWorker } from './parallel.js';

if (!parentPort) throw new Error('fold-worker.js runs as a worker thread of crossValidate.');
const port = parentPort;

let setup: Promise<{ template: Estimator; scorers: Scorer[]; init: Extract<ToWorker, { type: 'init' }> }> | null = null;

port.on('message', async (m: ToWorker) => {
  if (m.type === 'init') {
    setup = restoreEstimator(m.spec).then((template) => ({ template, scorers: getScorers(m.scoring), init: m }));
    setup.catch(() => {}); // reported with the first fold
    return;
  }
  let model: Estimator | null = null;
  try {
    const { template, scorers, init } = await setup!;
    model = template.clone();
    const result = await runFold(model, init.x, init.ids, init.nClasses, m.fold, m.k, scorers, init);
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
