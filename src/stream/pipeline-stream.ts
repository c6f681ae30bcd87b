import { WasmlpError, describe } from '../errors.js';
import { toMatrix, type Matrix } from '../data/matrix.js';
import { Sequential } from '../model/sequential.js';
import { KerasClassifier } from '../model-selection/classifier.js';
import { classesOf, encodeClasses } from '../model-selection/estimator.js';
import type { Pipeline } from '../model-selection/pipeline.js';
import { supportsPartialFit } from '../preprocessing/partial-fit.js';
import type { Transformer } from '../preprocessing/transformer.js';
import { fitStream, type FitStreamOptions } from './fit-stream.js';
import { isRereadable, readPass, type DataSource, type RowChunk } from './source.js';

/** Options of fitPipelineStream: the streaming fit options plus the statistics pass over the source. */
export interface PipelineStreamOptions {
  /** Class values of y when known; otherwise read in the statistics pass. */
  classes?: number[];
  /** Streaming options on top of the classifier's own (epochs, batchSize, fitOptions). */
  fit?: Omit<FitStreamOptions, 'validationData'>;
  /** Scored after every epoch (val_loss, val_accuracy); raw rows, transformed by the fitted steps. */
  validationData?: DataSource;
  /**
   * The transformers are already fitted (e.g. by partialFit in the caller's own first pass, as
   * `wasmlp train --stream` does while it scans the file): no statistics pass. Needs `classes`
   * and the raw feature count.
   */
  prefitted?: { nFeatures: number };
  /** Told when each pass starts: the statistics pass(es), then the training epochs. */
  onPass?: (event: { pass: 'statistics'; step: string } | { pass: 'classes' }) => void;
}

/**
 * Fits a Pipeline [transformers..., KerasClassifier] on a source too large for memory:
 * one streaming pass per transformer learns its statistics with `partialFit` (and the classes
 * of y on the way), then the network trains on the transformed chunks with fitStream.
 * The fitted pipeline is the same object as after pipe.fit(x, y), ready to save and predict.
 */
export async function fitPipelineStream(pipe: Pipeline, source: DataSource, options: PipelineStreamOptions = {}): Promise<Pipeline> {
  const clf = pipe.final.step;
  if (!(clf instanceof KerasClassifier) || !clf.build) {
    throw new WasmlpError('BAD_OPTION', `Streaming a pipeline needs a KerasClassifier with its build function as the last step; it is ${describe(clf.className)}.`, { option: 'steps' });
  }
  if (!isRereadable(source)) {
    throw new WasmlpError('SOURCE_NOT_REREADABLE', 'A pipeline reads its source once for statistics and once per epoch; pass a generator function or csvSource(path), not a generator object.', { option: 'source' });
  }
  const steps = pipe.transformers;
  for (const { name, step } of steps) {
    if (!supportsPartialFit(step)) {
      throw new WasmlpError('NOT_STREAMABLE', `Pipeline step '${name}' (${describe((step as { className?: string }).className)}) has no partialFit, so its statistics cannot be learnt from a stream. Use StandardScaler or MinMaxScaler, or fit it on a sample first.`, { option: `steps.${name}` });
    }
  }
  const through = (x: Matrix, upTo: number): Matrix => {
    let m = x;
    for (let i = 0; i < upTo; i++) m = steps[i].step.transform(m) as Matrix; // scalers: matrix in, matrix out
    return m;
  };

  // Statistics: one pass per transformer (each sees the rows as transformed by the steps before it).
  let classes = options.classes ? [...options.classes].sort((a, b) => a - b) : null;
  const seen = new Set<number>();
  let width: number | undefined = options.prefitted?.nFeatures;
  if (options.prefitted && !classes) throw new WasmlpError('BAD_OPTION', 'fitPipelineStream: prefitted needs the classes option too.', { option: 'classes' });
  const passes = options.prefitted ? 0 : Math.max(steps.length, classes ? 0 : 1);
  for (let p = 0; p < passes; p++) {
    const step = steps[p]?.step as (Transformer & { partialFit(x: Matrix): unknown }) | undefined;
    options.onPass?.(step ? { pass: 'statistics', step: steps[p].name } : { pass: 'classes' });
    let rows = 0, chunk = 0;
    for await (const c of readPass(source, 'the data source', -1, () => rows)) {
      const x = checkedChunk(c, chunk, rows, width);
      width = x.cols;
      if (p === 0 && !classes) for (const v of classesOf(c.y as ArrayLike<number>, `chunk ${chunk} y`)) seen.add(v);
      step?.partialFit(through(x, p));
      rows += x.rows;
      chunk++;
    }
    if (rows === 0) throw new WasmlpError('EMPTY_SOURCE', 'fit: the data source gave no rows in the statistics pass. Check the file or the generator.', { option: 'source' });
  }
  classes ??= [...seen].sort((a, b) => a - b);
  if (classes.length < 2) {
    throw new WasmlpError('SINGLE_CLASS', `fit: the labels hold a single class (${classes[0]}); a classifier needs at least two.`, { option: 'y' });
  }

  const k = classes.length;
  const encode = (c: RowChunk, chunk: number, rowsBefore: number) => {
    const x = checkedChunk(c, chunk, rowsBefore, width);
    let ids: Int32Array;
    try {
      ids = encodeClasses(c.y as ArrayLike<number>, classes!, `chunk ${chunk} y`);
    } catch (e) {
      if (e instanceof WasmlpError) throw new WasmlpError(e.code, e.message, { ...e.where, chunk, row: rowsBefore + (e.where.row ?? 0) });
      throw e;
    }
    return { x: through(x, steps.length), ids };
  };
  const nFeatures = steps.length ? through({ data: new Float32Array(width!), rows: 1, cols: width! }, steps.length).cols : width!;
  clf.dispose();
  const model = clf.build({ ...clf.params, nFeatures, nClasses: k, seed: clf.seed });
  if (!(model instanceof Sequential) || !model.compiled) {
    throw new WasmlpError('BAD_BUILDER', 'KerasClassifier: build must return a compiled Sequential.', { option: 'build' });
  }
  const oneHot = model.compiled.loss === 'categoricalCrossentropy';
  const target = (ids: Int32Array) => (oneHot ? Array.from(ids, (c) => Array.from({ length: k }, (_, j) => (j === c ? 1 : 0))) : ids);
  const transformed = (src: DataSource, what: string) => {
    let pass = 0;
    return async function* (): AsyncGenerator<RowChunk> {
      const epoch = pass++;
      let chunk = 0, rows = 0;
      for await (const c of readPass(src, what, epoch, () => rows)) {
        const { x, ids } = encode(c, chunk++, rows);
        rows += x.rows;
        yield { x, y: target(ids), ...(c.sampleWeight ? { sampleWeight: c.sampleWeight } : {}) };
      }
    };
  };
  const { callbacks, shuffle } = clf.fitOptions;
  try {
    clf.history = await fitStream(model, transformed(source, 'the data source'), {
      epochs: clf.epochs, batchSize: clf.batchSize, verbose: clf.verbose,
      ...(callbacks ? { callbacks } : {}), ...(shuffle === undefined ? {} : { shuffle }),
      ...options.fit,
      ...(options.validationData ? { validationData: transformed(options.validationData, 'validationData') } : {}),
    });
  } catch (e) {
    model.dispose();
    throw e;
  }
  clf.model = model;
  clf.classes = classes;
  pipe.markFitted();
  return pipe;
}

function checkedChunk(c: RowChunk, chunk: number, rowsBefore: number, width: number | undefined): Matrix {
  if (typeof c !== 'object' || c === null || c.x === undefined || c.y === undefined) {
    throw new WasmlpError('BAD_CHUNK', `chunk ${chunk} is ${describe(c)}; each chunk must be { x, y } (rows and their labels).`, { chunk, row: rowsBefore });
  }
  const x = toMatrix(c.x, `chunk ${chunk} x`);
  if (width !== undefined && x.cols !== width) {
    throw new WasmlpError('CHUNK_WIDTH', `chunk ${chunk} (from row ${rowsBefore}) has ${x.cols} columns, but earlier chunks have ${width}. Every chunk needs the same feature columns.`, { chunk, row: rowsBefore });
  }
  if ((c.y as ArrayLike<number>).length !== x.rows) {
    throw new WasmlpError('SHAPE_MISMATCH', `chunk ${chunk} (from row ${rowsBefore}) has ${x.rows} rows of x but ${(c.y as ArrayLike<number>).length} labels.`, { chunk, row: rowsBefore });
  }
  return x;
}
