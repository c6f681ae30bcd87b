/**
 * What travels through Redis for model selection on a cluster: the data once (by content hash),
 * then one small job per fold x candidate, and one result per job. Everything is plain data,
 * checked field by field on the worker, which never loads code or files named by a job.
 */
import { createHash } from 'node:crypto';
import { WasmlpError, describe } from '../errors.js';
import { isErrorCode } from '../error-codes.js';
import type { Matrix } from '../data/matrix.js';
import type { FoldResult } from '../model-selection/fold.js';
import type { EstimatorSpec } from '../model-selection/spec.js';

export const DATA_KEY = (hash: string) => `wasmlp:data:${hash}`;
export const CANCEL_KEY = (run: string) => `wasmlp:cancel:${run}`;
/** Prefix of errors carried in a failed job's reason: `wasmlp:{"code":...,"message":...}`. */
export const ERROR_PREFIX = 'wasmlp:';

export interface FoldJob {
  v: 1;
  /** The caller's run: jobs of a cancelled run are dropped. */
  run: string;
  /** sha256 of the data blob, stored once under DATA_KEY. */
  data: string;
  k: number;
  /** Row indices, base64 of little-endian int32. */
  train: string;
  test: string;
  spec: { kind: EstimatorSpec['kind']; json: unknown; buildExport: string; fitOptions: Record<string, unknown> };
  scoring: string[];
  returnTrainScore: boolean;
  returnPredictions: boolean;
}

const i32ToB64 = (a: Int32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
const f32ToB64 = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
function b64To<T extends Int32Array | Float32Array>(text: string, Ctor: new (b: ArrayBuffer) => T): T {
  const b = Buffer.from(text, 'base64');
  if (b.length % 4) throw new Error('length is not a multiple of 4 bytes');
  const copy = new ArrayBuffer(b.length);
  new Uint8Array(copy).set(b);
  return new Ctor(copy);
}

/** The data blob (base64 text, as Redis strings travel as text): header, features, class ids. */
export function encodeData(x: Matrix, ids: Int32Array, nClasses: number): { blob: string; hash: string } {
  const header = new Int32Array([0x504c4d57, 1, x.rows, x.cols, nClasses]);
  const bytes = Buffer.concat([Buffer.from(header.buffer), Buffer.from(x.data.buffer, x.data.byteOffset, x.rows * x.cols * 4), Buffer.from(ids.buffer, ids.byteOffset, ids.byteLength)]);
  return { blob: bytes.toString('base64'), hash: createHash('sha256').update(bytes).digest('hex') };
}

/** Decodes and verifies a blob against its hash (a blob edited in Redis is refused). */
export function decodeData(blob: string, hash: string): { x: Matrix; ids: Int32Array; nClasses: number } {
  const bytes = Buffer.from(blob, 'base64');
  if (createHash('sha256').update(bytes).digest('hex') !== hash) {
    throw new WasmlpError('BAD_JOB', `The data stored under ${DATA_KEY(hash)} does not match its hash; it was changed or truncated in Redis. Run the search again.`, { option: 'data' });
  }
  const copy = new ArrayBuffer(bytes.length);
  new Uint8Array(copy).set(bytes);
  const [magic, version, rows, cols, nClasses] = new Int32Array(copy, 0, 5);
  if (magic !== 0x504c4d57 || version !== 1 || bytes.length !== 20 + rows * cols * 4 + rows * 4) {
    throw new WasmlpError('BAD_JOB', `The data under ${DATA_KEY(hash)} is not a wasmlp data blob (version 1).`, { option: 'data' });
  }
  return { x: { data: new Float32Array(copy, 20, rows * cols), rows, cols }, ids: new Int32Array(copy, 20 + rows * cols * 4, rows), nClasses };
}

export function makeJob(run: string, hash: string, k: number, train: Int32Array, test: Int32Array, spec: EstimatorSpec, scoring: string[], flags: { returnTrainScore?: boolean; returnPredictions?: boolean }): FoldJob {
  return {
    v: 1, run, data: hash, k, train: i32ToB64(train), test: i32ToB64(test),
    spec: { kind: spec.kind, json: spec.json, buildExport: spec.buildExport, fitOptions: spec.fitOptions as Record<string, unknown> },
    scoring, returnTrainScore: Boolean(flags.returnTrainScore), returnPredictions: Boolean(flags.returnPredictions),
  };
}

/**
 * Checks a job field by field (it comes from Redis, so from anyone who can write there):
 * returns it with the folds decoded and range-checked against the data's rows.
 */
export function validateJob(data: unknown, jobId: string): FoldJob & { trainRows: Int32Array; testRows: Int32Array } {
  const bad = (field: string, what: string) => new WasmlpError('BAD_JOB', `Job ${jobId}: '${field}' ${what}. Jobs are made by crossValidate/GridSearchCV with workers: 'redis://...'; this one was not, or was edited.`, { job: jobId, option: field });
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw bad('data', `must be an object, received ${describe(data)}`);
  const j = data as Record<string, unknown>;
  const known = ['v', 'run', 'data', 'k', 'train', 'test', 'spec', 'scoring', 'returnTrainScore', 'returnPredictions'];
  for (const key of Object.keys(j)) if (!known.includes(key)) throw bad(key, 'is not a field of a fold job');
  if (j.v !== 1) throw bad('v', `must be 1 (this worker reads version 1), received ${describe(j.v)}`);
  if (typeof j.run !== 'string' || !/^[\w-]{1,64}$/.test(j.run)) throw bad('run', 'must be a run id');
  if (typeof j.data !== 'string' || !/^[0-9a-f]{64}$/.test(j.data)) throw bad('data', 'must be a sha256 hex digest');
  if (!Number.isInteger(j.k) || (j.k as number) < 0) throw bad('k', 'must be a fold number >= 0');
  if (typeof j.returnTrainScore !== 'boolean' || typeof j.returnPredictions !== 'boolean') throw bad('returnTrainScore', 'and returnPredictions must be true or false');
  if (!Array.isArray(j.scoring) || j.scoring.length === 0 || !j.scoring.every((s) => typeof s === 'string')) throw bad('scoring', 'must be a non-empty list of scoring names');
  const s = j.spec as Record<string, unknown> | null;
  if (typeof s !== 'object' || s === null) throw bad('spec', 'must be an estimator spec object');
  for (const key of Object.keys(s)) if (!['kind', 'json', 'buildExport', 'fitOptions'].includes(key)) throw bad(`spec.${key}`, 'is not a field of an estimator spec (a job cannot name modules or files)');
  if (s.kind !== 'KerasClassifier' && s.kind !== 'Pipeline') throw bad('spec.kind', `must be 'KerasClassifier' or 'Pipeline', received ${describe(s.kind)}`);
  if (typeof s.buildExport !== 'string' || !/^[A-Za-z_$][\w$]{0,99}$/.test(s.buildExport)) throw bad('spec.buildExport', 'must be an identifier');
  if (typeof s.fitOptions !== 'object' || s.fitOptions === null || Array.isArray(s.fitOptions)) throw bad('spec.fitOptions', 'must be an object');
  if (typeof s.json !== 'object' || s.json === null) throw bad('spec.json', 'must be the estimator as JSON');
  let trainRows: Int32Array, testRows: Int32Array;
  try {
    if (typeof j.train !== 'string' || typeof j.test !== 'string') throw new Error('not text');
    trainRows = b64To(j.train, Int32Array);
    testRows = b64To(j.test, Int32Array);
  } catch (e) {
    throw bad('train', `and 'test' must be base64 row indices (${(e as Error).message})`);
  }
  if (trainRows.length === 0 || testRows.length === 0) throw bad('train', "and 'test' must each hold at least one row");
  return { ...(j as unknown as FoldJob), trainRows, testRows };
}

/** A fold's rows must lie inside the data (checked once the worker has the data). */
export function checkRows(rows: Int32Array, n: number, field: string, jobId: string): void {
  for (let i = 0; i < rows.length; i++) {
    if (!(rows[i] >= 0 && rows[i] < n)) {
      throw new WasmlpError('BAD_JOB', `Job ${jobId}: '${field}' row ${rows[i]} is outside the data's ${n} rows.`, { job: jobId, option: field });
    }
  }
}

export interface WireResult extends Omit<FoldResult, 'proba'> { proba?: string }

export function encodeResult(r: FoldResult): WireResult {
  return { ...r, proba: r.proba ? f32ToB64(r.proba) : undefined };
}

export function decodeResult(r: WireResult): FoldResult {
  return { ...r, proba: r.proba ? b64To(r.proba, Float32Array) : undefined };
}

/** An error as a failed job's reason, and back (so codes survive the trip through Redis). */
export function encodeError(e: unknown): string {
  const err = e as Error;
  return ERROR_PREFIX + JSON.stringify({ code: e instanceof WasmlpError ? e.code : 'WORKER_ERROR', message: err?.message ?? String(e), where: e instanceof WasmlpError ? e.where : {} });
}

export function decodeError(reason: string, jobId: string): WasmlpError {
  if (reason.startsWith(ERROR_PREFIX)) {
    try {
      const { code, message, where } = JSON.parse(reason.slice(ERROR_PREFIX.length)) as { code: string; message: string; where: object };
      return new WasmlpError(isErrorCode(code) ? code : 'CLUSTER_JOB_FAILED', `${message} (cluster job ${jobId})`, { ...where, job: jobId });
    } catch { /* fall through */ }
  }
  return new WasmlpError('CLUSTER_JOB_FAILED', `Cluster job ${jobId} failed on a worker: ${reason}`, { job: jobId });
}
