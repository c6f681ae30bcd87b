/**
 * Worker-thread entry for permutationImportance with workers > 1: restores the fitted model from
 * its JSON and scores the shuffles of the columns it is given. Node only; no package entry imports it.
 */
import { parentPort } from 'node:worker_threads';
import { WasmlpError } from '../errors.js';
import { getScorer } from '../metrics/scoring.js';
import { KerasClassifier } from '../model-selection/classifier.js';
import { Pipeline } from '../model-selection/pipeline.js';
import type { Matrix } from '../data/matrix.js';
import { classesOf, columnData, probaOf, type ExplainableModel, type ExplainInput } from './model-view.js';
import { columnScores } from './permutation-importance.js';
import type { ImportanceJob, ImportanceReply } from './importance-pool.js';

if (!parentPort) throw new Error('importance-worker.js runs as a worker thread of permutationImportance.');
const port = parentPort;

port.once('message', (job: ImportanceJob) => {
  let restored: Pipeline | KerasClassifier<any> | null = null;
  try {
    restored = job.kind === 'Pipeline' ? Pipeline.fromJSON(job.json) : KerasClassifier.fromJSON(job.json);
    const base = restored;
    const model: ExplainableModel = job.threshold === null ? base : { predictProba: (x: ExplainInput) => Object.assign(base.predictProba(x as Matrix), { threshold: job.threshold }) };
    const scorer = getScorer(job.scoring);
    const classes = classesOf(base, job.y);
    const index = new Map(classes.map((c, i) => [c, i]));
    const ids = Int32Array.from(job.y, (v) => index.get(v)!);
    const data = columnData(base, job.x, undefined, 'permutationImportance');
    const scores = job.columns.map((j) => columnScores(model, data, j, job.nRepeats, job.seed, (x) => scorer.score(ids, probaOf(model, x))));
    port.postMessage({ type: 'scores', scores } satisfies ImportanceReply);
  } catch (e) {
    port.postMessage({ type: 'error', error: { message: (e as Error)?.message ?? String(e), code: e instanceof WasmlpError ? e.code : undefined, where: e instanceof WasmlpError ? e.where : undefined } } satisfies ImportanceReply);
  } finally {
    restored?.dispose();
  }
});
