import { WasmlpError, describe } from '../errors.js';
import type { LabelsLike, MatrixLike } from '../data/matrix.js';

/** One piece of a streamed dataset: feature rows, their labels and optional sample weights. */
export interface RowChunk {
  x: MatrixLike;
  y: LabelsLike;
  sampleWeight?: ArrayLike<number>;
}

export type ChunkIterable = AsyncIterable<RowChunk> | Iterable<RowChunk>;

/**
 * Rows that do not have to fit in memory: something that can be read from the start once per
 * epoch. Either a function returning a fresh (async) iterable of chunks (a generator function),
 * an object with `chunks()` (csvSource, ndjsonSource), or a re-iterable (async) iterable such as
 * an array of chunks. A generator object can be read once only: fine for one epoch, not for more.
 */
export type DataSource = (() => ChunkIterable) | { chunks(): ChunkIterable } | ChunkIterable;

function isIterable(v: unknown): v is ChunkIterable {
  return typeof v === 'object' && v !== null
    && (typeof (v as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function' || typeof (v as Iterable<unknown>)[Symbol.iterator] === 'function');
}

/** A data source, as opposed to a matrix or an array of rows (arrays are in-memory data). */
export function isDataSource(v: unknown): v is DataSource {
  if (typeof v === 'function') return true;
  if (typeof v !== 'object' || v === null || Array.isArray(v) || ArrayBuffer.isView(v)) return false;
  if (typeof (v as { chunks?: unknown }).chunks === 'function') return true;
  return isIterable(v) && !('data' in (v as object));
}

/** Whether reading `source` again starts from its first row (a generator object does not). */
export function isRereadable(source: DataSource): boolean {
  if (typeof source === 'function' || typeof (source as { chunks?: unknown }).chunks === 'function' || Array.isArray(source)) return true;
  // Iterators (generator objects) and Node streams are consumed by reading them.
  const s = source as { next?: unknown; pipe?: unknown };
  return typeof s.next !== 'function' && typeof s.pipe !== 'function';
}

/** Opens one pass over the source; `what` names it in messages (e.g. 'validationData'). */
export function openPass(source: DataSource, what: string): AsyncIterator<RowChunk> | Iterator<RowChunk> {
  let iterable: unknown = source;
  if (typeof source === 'function') iterable = source();
  else if (typeof (source as { chunks?: unknown }).chunks === 'function') iterable = (source as { chunks(): ChunkIterable }).chunks();
  if (!isIterable(iterable)) {
    throw new WasmlpError('BAD_SOURCE', `${what}: a data source must give an iterable of { x, y } chunks (a generator function, an array of chunks, csvSource(...)); it gave ${describe(iterable)}.`, { option: what });
  }
  const asyncOpen = (iterable as AsyncIterable<RowChunk>)[Symbol.asyncIterator];
  return asyncOpen ? asyncOpen.call(iterable) : (iterable as Iterable<RowChunk>)[Symbol.iterator]();
}

/**
 * Iterates one pass, turning anything the source throws into SOURCE_FAILED that names the epoch
 * and the rows read so far (a WasmlpError from the source keeps its own code).
 */
export async function* readPass(source: DataSource, what: string, epoch: number, rowsSoFar: () => number): AsyncGenerator<RowChunk> {
  const it = openPass(source, what);
  let chunk = 0;
  try {
    for (;;) {
      let step: IteratorResult<RowChunk>;
      try {
        step = await it.next();
      } catch (e) {
        if (e instanceof WasmlpError) throw e;
        throw new WasmlpError('SOURCE_FAILED', `${what}: the data source threw ${epoch < 0 ? 'in the statistics pass' : `in epoch ${epoch + 1}`} after ${rowsSoFar()} rows (chunk ${chunk}): ${(e as Error)?.message ?? String(e)}. Nothing was saved; fix the source and train again.`, { option: what, epoch, chunk, row: rowsSoFar() });
      }
      if (step.done) return;
      yield step.value;
      chunk++;
    }
  } finally {
    // Stopping early (an error, early stopping) closes the source's files.
    await it.return?.();
  }
}
