import { WasmlpError, describe } from '../errors.js';
import { takeRows, type LabelsLike, type Matrix, type MatrixLike } from '../data/matrix.js';
import { selectRows } from '../data/rows.js';
import type { SparseMatrix } from '../data/sparse.js';
import { normaliseOptions } from '../options.js';
import { stratifiedHoldout } from '../data/stratified-sample.js';
import { ensureRuntime } from '../runtime/wasm.js';
import { CallbackList, type Callback, type Logs } from '../callbacks/callback.js';
import { History } from '../callbacks/history.js';
import { ProgressLogger } from '../callbacks/progress-logger.js';
import { upload, trainOnDevice, type DeviceData } from './device-data.js';
import { toInputs, type Inputs } from './inputs.js';
import { TerminateOnNaN } from '../callbacks/terminate-on-nan.js';
import { smoothLabels, type Compiled } from './compile.js';
import type { Runtime } from '../runtime/wasm.js';
import { prepareLabels, type PreparedLabels } from './labels.js';
import { checkSampleWeight, classWeightVector, type ClassWeight } from './sample-weights.js';
import type { Sequential } from './sequential.js';
import { evaluateOnDevice } from './evaluate.js';
import { stratifiedBatches, type StratifiedBatches } from './stratified-batches.js';
import { warnAccuracyOnRareClass, warnCollapsedPredictions } from './fit-warnings.js';

/** Options of Sequential.fit (Keras names): epochs, batchSize, validation, shuffling, class and sample weights, callbacks. */
export interface FitOptions {
  /** Passes over the training data; default 1. */
  epochs?: number;
  /** Rows per gradient step; default 32. */
  batchSize?: number;
  /** Reshuffle the rows every epoch (seeded); default true. */
  shuffle?: boolean;
  /**
   * Fraction held out for validation: a seeded sample stratified by class, not the last rows
   * (Keras takes the tail, which on a class-sorted file is a single class).
   */
  validationSplit?: number;
  /** An explicit validation set [x, y] or [x, y, sampleWeight]; overrides validationSplit. */
  validationData?: [MatrixLike | SparseMatrix, LabelsLike] | [MatrixLike | SparseMatrix, LabelsLike, ArrayLike<number>];
  classWeight?: ClassWeight;
  sampleWeight?: ArrayLike<number>;
  callbacks?: Callback | Callback[];
  /** 1 prints a line per epoch; default 0 (silent). */
  verbose?: 0 | 1;
  /** Epoch to start counting from (resuming); default 0. */
  initialEpoch?: number;
  /**
   * Keep each class's share in every batch (default false): each epoch, the core shuffles every
   * class and interleaves them, so a 3%-positive set has about 1 positive per 32 rows in every batch.
   */
  stratifiedBatches?: boolean;
}

const FIT_OPTIONS = ['epochs', 'batchSize', 'shuffle', 'validationSplit', 'validationData', 'classWeight', 'sampleWeight', 'callbacks', 'verbose', 'initialEpoch', 'stratifiedBatches'] as const;

/** Give the event loop a turn this often so pages and servers stay responsive during fit. */
const YIELD_EVERY_MS = 40;

function positiveInt(value: unknown, option: string, fallback: number): number {
  const v = value ?? fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
    throw new WasmlpError('BAD_OPTION', `fit: '${option}' must be an integer >= 1, received ${describe(value)}.`, { option });
  }
  return v;
}

function labelRows(labels: PreparedLabels, indices: Int32Array): Float32Array {
  return takeRows({ data: labels.data, rows: labels.rows, cols: labels.width }, indices).data;
}

/**
 * fit's loop. Data is checked, split and copied into WebAssembly memory once; each epoch is one
 * call into the core (or one per batch when a callback asks for batches).
 */
export async function fit(model: Sequential, x: MatrixLike | SparseMatrix, y: LabelsLike, options: FitOptions): Promise<History> {
  const compiled = model.requireCompiled('fit');
  const o = normaliseOptions<FitOptions>('fit', options ?? {}, FIT_OPTIONS);
  const epochs = positiveInt(o.epochs, 'epochs', 1);
  const batchSize = positiveInt(o.batchSize, 'batchSize', 32);
  const initialEpoch = o.initialEpoch ?? 0;
  if (!Number.isInteger(initialEpoch) || initialEpoch < 0 || initialEpoch >= epochs) {
    throw new WasmlpError('BAD_OPTION', `fit: 'initialEpoch' must be an integer in [0, epochs), received ${describe(o.initialEpoch)}.`, { option: 'initialEpoch' });
  }
  const shuffle = o.shuffle ?? true;
  if (typeof shuffle !== 'boolean') throw new WasmlpError('BAD_OPTION', `fit: 'shuffle' must be true or false, received ${describe(o.shuffle)}.`, { option: 'shuffle' });
  if (o.stratifiedBatches !== undefined && typeof o.stratifiedBatches !== 'boolean') {
    throw new WasmlpError('BAD_OPTION', `fit: 'stratifiedBatches' must be true or false, received ${describe(o.stratifiedBatches)}.`, { option: 'stratifiedBatches' });
  }
  if (o.validationSplit !== undefined && (typeof o.validationSplit !== 'number' || !(o.validationSplit > 0 && o.validationSplit < 1))) {
    throw new WasmlpError('BAD_OPTION', `fit: 'validationSplit' must be a fraction strictly between 0 and 1, received ${describe(o.validationSplit)}.`, { option: 'validationSplit' });
  }

  const rt = await ensureRuntime();
  model.stopIfDisposed('fit');
  const X = toInputs(x, 'x', model.layers);
  const declared = model.inputDim;
  if (declared !== undefined && declared !== X.cols) {
    throw new WasmlpError('INPUT_WIDTH', `The first layer expects inputDim ${declared} features, but x has ${X.cols} columns. Set inputDim to ${X.cols} or select the right feature columns.`, { layer: 0, option: 'inputDim' });
  }
  const labels = prepareLabels(y, compiled.loss, compiled.units, X.rows);
  let weights: Float32Array | null = o.sampleWeight === undefined ? null : checkSampleWeight(o.sampleWeight, X.rows);
  if (o.classWeight !== undefined) {
    const cw = classWeightVector(o.classWeight, labels.classIds, compiled.units);
    weights ??= new Float32Array(X.rows).fill(1);
    for (let i = 0; i < X.rows; i++) weights[i] *= cw[labels.classIds![i]];
  }

  // Split off validation rows before anything touches the core.
  let train = { X, labels: labels.data, weights };
  let trainIds = labels.classIds;
  let validation: { X: Inputs; labels: Float32Array; weights: Float32Array | null } | null = null;
  if (o.validationData !== undefined) {
    if (!Array.isArray(o.validationData) || o.validationData.length < 2) {
      throw new WasmlpError('BAD_OPTION', `fit: 'validationData' must be [x, y] or [x, y, sampleWeight], received ${describe(o.validationData)}.`, { option: 'validationData' });
    }
    const Xv = toInputs(o.validationData[0], 'validationData[0]', model.layers);
    if (Xv.cols !== X.cols) {
      throw new WasmlpError('INPUT_WIDTH', `validationData has ${Xv.cols} columns but x has ${X.cols}. Both need the same features.`, { option: 'validationData' });
    }
    const yv = prepareLabels(o.validationData[1], compiled.loss, compiled.units, Xv.rows, 'validationData[1]');
    const wv = o.validationData[2] === undefined ? null : checkSampleWeight(o.validationData[2], Xv.rows);
    validation = { X: Xv, labels: yv.data, weights: wv };
  } else if (o.validationSplit !== undefined) {
    const strata = labels.classIds ?? new Int32Array(X.rows);
    const { train: ti, holdout: vi } = stratifiedHoldout(strata, o.validationSplit, model.seed ^ 0x5eed);
    if (ti.length === 0 || vi.length === 0) {
      throw new WasmlpError('BAD_OPTION', `fit: validationSplit ${o.validationSplit} of ${X.rows} rows leaves ${ti.length} training and ${vi.length} validation rows; both need at least one.`, { option: 'validationSplit' });
    }
    validation = { X: selectRows(X, vi) as Inputs, labels: labelRows(labels, vi), weights: weights ? takeRows({ data: weights, rows: X.rows, cols: 1 }, vi).data : null };
    trainIds = labels.classIds ? Int32Array.from(ti, (i) => labels.classIds![i]) : null;
    train = { X: selectRows(X, ti) as Inputs, labels: labelRows(labels, ti), weights: weights ? takeRows({ data: weights, rows: X.rows, cols: 1 }, ti).data : null };
  }

  const net = model.network(X.cols);
  const n = train.X.rows;
  net.ensureBatchCapacity(Math.min(batchSize, n));
  net.ensurePermCapacity(n);
  const history = new History();
  history.params = { epochs, batchSize, samples: n, validationSamples: validation?.X.rows ?? 0, steps: Math.ceil(n / batchSize) };
  const user = o.callbacks === undefined ? [] : Array.isArray(o.callbacks) ? o.callbacks : [o.callbacks];
  for (const c of user) {
    if (typeof c !== 'object' || c === null) throw new WasmlpError('BAD_OPTION', `fit: each callback must be an object with hooks such as onEpochEnd, received ${describe(c)}.`, { option: 'callbacks' });
    if (c instanceof ProgressLogger) c.setEpochs(epochs);
  }
  const verbose = o.verbose === 1 ? [new ProgressLogger({ every: 1 })] : [];
  verbose.forEach((v) => v.setEpochs(epochs));
  const callbacks = new CallbackList([history, ...user, ...verbose]);
  const terminateOnNaN = user.some((c) => c instanceof TerminateOnNaN);
  callbacks.setModel(model);

  const schedule = compiled.optimizer.schedule;
  // Every region fit reserves is taken inside the try, so a failed allocation frees the others.
  let trainData: DeviceData | null = null;
  let valData: DeviceData | null = null;
  let strata: StratifiedBatches | null = null;
  let predPtr = 0, snapshot = 0;
  const paramBytes = net.storedCount * 4;
  const stepsPerEpoch = Math.ceil(n / batchSize);
  let lastYield = Date.now();
  // dispose() from a callback: stop at this batch boundary (the memory is released when fit returns).
  const live = () => model.stopIfDisposed('fit');
  try {
    trainData = uploadTargets(rt, train.X, train.labels, train.weights, compiled, Math.min(batchSize, n));
    predPtr = compiled.metrics.length ? rt.mem.alloc(n * net.outDim * 4, 'training outputs') : 0;
    // The parameters from before each epoch, for divergence recovery: kept in WebAssembly memory
    // and refreshed with one memmove per epoch, so the loop allocates nothing (a 9.6M-parameter
    // net would otherwise make two 38 MB copies and a garbage array per epoch).
    snapshot = rt.mem.alloc(paramBytes, 'the parameter snapshot', false); // overwritten before each epoch
    valData = validation ? uploadTargets(rt, validation.X, validation.labels, validation.weights, compiled) : null;
    if (o.stratifiedBatches) strata = stratifiedBatches(rt, net, trainIds, n);
    const softmaxOut = (model.layers[model.layers.length - 1] as { activation?: string }).activation === 'softmax';
    const multiLabel = compiled.task === 'multilabel' && !trainIds && !softmaxOut ? { labels: train.labels, width: compiled.units } : null;
    warnAccuracyOnRareClass(trainIds, n, compiled.metrics.map((m) => m.name), { weighted: o.classWeight !== undefined || o.sampleWeight !== undefined, multiLabel });
    model.stopTraining = false;
    await callbacks.trainBegin();
    live();
    for (let epoch = initialEpoch; epoch < epochs; epoch++) {
      await callbacks.epochBegin(epoch);
      live();
      net.copyParamsTo(snapshot);
      if (strata) strata.order(shuffle);
      else rt.core.net_shuffle_epoch(net.desc, n, shuffle ? 1 : 0);
      let total = 0;
      if (callbacks.wantsBatches || schedule) {
        // One call per step: a schedule sets the rate from the optimizer's step count (saved
        // with the model, so a resumed fit continues the schedule where it stopped).
        for (let b = 0; b < stepsPerEpoch; b++) {
          if (callbacks.wantsBatches) await callbacks.batchBegin(b);
          if (schedule) net.setLearningRate(schedule.at(net.optimizerSteps));
          live();
          const size = Math.min(batchSize, n - b * batchSize);
          const batchLoss = trainOnDevice(net, trainData, n, batchSize, b, 1, predPtr);
          total += batchLoss;
          if (callbacks.wantsBatches) await callbacks.batchEnd(b, { batch: b, size, loss: batchLoss / size });
          if (model.stopTraining && terminateOnNaN && !Number.isFinite(batchLoss)) break;
          live();
        }
      } else {
        total = trainOnDevice(net, trainData, n, batchSize, 0, stepsPerEpoch, predPtr);
      }
      const loss = total / n;
      if (!Number.isFinite(loss) || !net.paramsFinite()) {
        net.restoreParamsFrom(snapshot);
        // TerminateOnNaN asks for a quiet stop (Keras' behaviour): the epoch's weights are undone.
        if (terminateOnNaN) break;
        const opt = compiled.optimizer;
        throw new WasmlpError('TRAINING_DIVERGED', `Training diverged in epoch ${epoch + 1}: the loss became ${loss}. The weights from before that epoch are kept. Lower the learning rate (${opt.name} learningRate=${opt.config.learningRate}) or scale the inputs (StandardScaler).`, { option: 'optimizer.learningRate' });
      }
      const logs: Logs = { loss };
      if (predPtr) {
        const outputs = rt.mem.f32(predPtr, n * net.outDim);
        for (const m of compiled.metrics) logs[m.name] = m.compute(train.labels, outputs, n, net.outDim);
      }
      if (valData) {
        for (const [k, v] of Object.entries(evaluateOnDevice(net, compiled, valData))) logs[`val_${k}`] = v;
      }
      await callbacks.epochEnd(epoch, logs);
      live();
      if (Date.now() - lastYield > YIELD_EVERY_MS) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        lastYield = Date.now();
        live();
      }
      if (model.stopTraining) break;
    }
    await callbacks.trainEnd();
    live();
    warnCollapsedPredictions(rt, net, trainData, trainIds, n, multiLabel);
  } finally {
    trainData?.free();
    valData?.free();
    strata?.free();
    if (predPtr) rt.mem.free(predPtr);
    if (snapshot) rt.mem.free(snapshot);
  }
  return history;
}

/** Uploads the loss's targets (label-smoothed when compiled so) and keeps the raw labels for metrics. */
export function uploadTargets(rt: Runtime, X: Inputs, labels: Float32Array, weights: Float32Array | null, compiled: Compiled, batchRows = 0): DeviceData {
  const smoothed = smoothLabels(labels, compiled);
  const data = upload(rt, X, smoothed, weights, batchRows);
  return smoothed === labels ? data : { ...data, labels };
}
