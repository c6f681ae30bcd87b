import { WasmlpError, describe } from '../errors.js';
import { toMatrix, type LabelsLike, type Matrix, type MatrixLike } from '../data/matrix.js';
import { normaliseOptions } from '../options.js';
import { SeededRandom } from '../random.js';
import { ensureRuntime, type Runtime } from '../runtime/wasm.js';
import { CallbackList, type Callback, type Logs } from '../callbacks/callback.js';
import { History } from '../callbacks/history.js';
import { ProgressLogger } from '../callbacks/progress-logger.js';
import { upload } from '../model/device-data.js';
import { prepareLabels } from '../model/labels.js';
import { checkSampleWeight } from '../model/sample-weights.js';
import type { Sequential } from '../model/sequential.js';
import { evaluateOnDevice } from '../model/evaluate.js';
import type { Compiled } from '../model/compile.js';
import type { Network } from '../model/network.js';
import { RowBlock, ShuffleBuffer } from './shuffle-buffer.js';
import { isDataSource, isRereadable, readPass, type DataSource, type RowChunk } from './source.js';

/** Options of model.fit(source): epochs, batch size, the shuffle buffer, validation source and callbacks. */
export interface FitStreamOptions {
  /** Passes over the source; each re-reads it from the start. Default 1. */
  epochs?: number;
  /** Rows per gradient step; default 32. */
  batchSize?: number;
  /**
   * Shuffle through a bounded buffer (tf.data's shuffle(bufferSize)), seeded by the model's seed;
   * default true. false trains on the rows in source order, exactly as in-memory fit with
   * shuffle: false on the same rows.
   */
  shuffle?: boolean;
  /** Rows held for shuffling (memory: rows x features x 4 bytes); default 10000. */
  shuffleBuffer?: number;
  /** Another source (or [x, y] arrays) scored after every epoch as val_loss and val_ metrics. */
  validationData?: DataSource | [MatrixLike, LabelsLike];
  callbacks?: Callback | Callback[];
  verbose?: 0 | 1;
  initialEpoch?: number;
  /**
   * Rows copied into WebAssembly memory per call into the core (rounded up to whole batches);
   * default 4096. Bounds the core's memory together with shuffleBuffer.
   */
  blockRows?: number;
}

const OPTIONS = ['epochs', 'batchSize', 'shuffle', 'shuffleBuffer', 'validationData', 'callbacks', 'verbose', 'initialEpoch', 'blockRows'] as const;
/** In-memory fit options that need the whole data set at once. */
const IN_MEMORY_ONLY: Record<string, string> = {
  validationSplit: 'give validationData as another source (e.g. a held-out file)',
  classWeight: "give each chunk a sampleWeight (the class's weight per row)",
  sampleWeight: 'give each chunk its own sampleWeight',
  stratifiedBatches: 'shuffle the file once on disk, or use a large shuffleBuffer',
};
const YIELD_EVERY_MS = 40;

function int(value: unknown, option: string, fallback: number, min: number): number {
  const v = value ?? fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
    throw new WasmlpError('BAD_OPTION', `fit (streaming): '${option}' must be an integer >= ${min}, received ${describe(value)}.`, { option });
  }
  return v;
}

/** A chunk checked and converted to the core's layout. */
interface Rows { x: Float32Array; y: Float32Array; w: Float32Array | null; rows: number }

class ChunkReader {
  chunk = 0;
  rowsRead = 0;
  constructor(private readonly compiled: Compiled, private readonly what: string, private readonly epoch: number, public cols: number | undefined) {}

  read(c: RowChunk): Rows {
    const where = { option: this.what, chunk: this.chunk, epoch: this.epoch, row: this.rowsRead };
    if (typeof c !== 'object' || c === null || c.x === undefined || c.y === undefined || typeof c.x !== 'object') {
      throw new WasmlpError('BAD_CHUNK', `${this.what}: chunk ${this.chunk} of epoch ${this.epoch + 1} is ${describe(c)}; each chunk must be { x, y } (rows and their labels).`, where);
    }
    let X: Matrix;
    let labels;
    try {
      X = toMatrix(c.x, `${this.what} chunk ${this.chunk} x`);
      labels = prepareLabels(c.y, this.compiled.loss, this.compiled.units, X.rows, `${this.what} chunk ${this.chunk} y`);
    } catch (e) {
      if (e instanceof WasmlpError) throw new WasmlpError(e.code, e.message, { ...e.where, ...where, row: this.rowsRead + (e.where.row ?? 0) });
      throw e;
    }
    if (this.cols === undefined) this.cols = X.cols;
    if (X.cols !== this.cols) {
      throw new WasmlpError('CHUNK_WIDTH', `${this.what}: chunk ${this.chunk} of epoch ${this.epoch + 1} (from row ${this.rowsRead}) has ${X.cols} columns, but the model takes ${this.cols}. Every chunk needs the same feature columns.`, where);
    }
    const w = c.sampleWeight === undefined ? null : checkSampleWeight(c.sampleWeight, X.rows);
    this.chunk++;
    this.rowsRead += X.rows;
    return { x: X.data, y: labels.data, w, rows: X.rows };
  }
}

/** Device buffers for one block of rows, allocated once per fit. */
class DeviceBlock {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly pred: number;
  constructor(private readonly rt: Runtime, readonly net: Network, capacity: number, labelWidth: number, withPred: boolean) {
    this.x = rt.mem.alloc(capacity * net.inDim * 4, 'a streamed block of rows');
    this.y = rt.mem.alloc(capacity * labelWidth * 4, 'a streamed block of labels');
    this.w = rt.mem.alloc(capacity * 4, 'a streamed block of weights');
    this.pred = withPred ? rt.mem.alloc(capacity * net.outDim * 4, 'a streamed block of outputs') : 0;
  }

  load(block: RowBlock): void {
    const n = block.rows;
    this.rt.mem.f32(this.x, n * block.cols).set(block.x.subarray(0, n * block.cols));
    this.rt.mem.f32(this.y, n * block.labelWidth).set(block.y.subarray(0, n * block.labelWidth));
    if (block.weighted) this.rt.mem.f32(this.w, n).set(block.w.subarray(0, n));
  }

  free(): void {
    for (const p of [this.x, this.y, this.w, this.pred]) if (p) this.rt.mem.free(p);
  }
}

/** Sums of loss and metrics over blocks, each metric weighted by its block's rows. */
class EpochTotals {
  loss = 0;
  rows = 0;
  readonly metrics = new Map<string, number>();
  add(name: string, value: number, rows: number): void {
    this.metrics.set(name, (this.metrics.get(name) ?? 0) + value * rows);
  }
}

/**
 * fit on a data source: each epoch reads the source once, shuffles through a bounded buffer and
 * trains block by block, so memory is the buffer and one block, not the data. With shuffle false
 * the batches, and so the weights, are those of in-memory fit (shuffle: false) on the same rows.
 * Metrics other than the loss are averaged per block (exact for accuracy-type metrics; AUC is
 * the mean of block AUCs).
 */
export async function fitStream(model: Sequential, source: DataSource, options: FitStreamOptions = {}): Promise<History> {
  const compiled = model.requireCompiled('fit');
  const raw = (options ?? {}) as Record<string, unknown>;
  for (const [key, fix] of Object.entries(IN_MEMORY_ONLY)) {
    if (raw[key] !== undefined) throw new WasmlpError('BAD_OPTION', `fit: '${key}' needs the whole data set in memory and does not apply to a data source; ${fix}.`, { option: key });
  }
  const o = normaliseOptions<FitStreamOptions>('fit', options ?? {}, OPTIONS);
  if (!isDataSource(source)) {
    throw new WasmlpError('BAD_SOURCE', `fit: expected arrays (x, y) or a data source (a generator function, csvSource(...)); received ${describe(source)}.`, { option: 'x' });
  }
  const epochs = int(o.epochs, 'epochs', 1, 1);
  const batchSize = int(o.batchSize, 'batchSize', 32, 1);
  const bufferRows = int(o.shuffleBuffer, 'shuffleBuffer', 10000, 1);
  const blockRows = batchSize * Math.max(1, Math.round(int(o.blockRows, 'blockRows', 4096, 1) / batchSize));
  const initialEpoch = o.initialEpoch ?? 0;
  if (!Number.isInteger(initialEpoch) || initialEpoch < 0 || initialEpoch >= epochs) {
    throw new WasmlpError('BAD_OPTION', `fit: 'initialEpoch' must be an integer in [0, epochs), received ${describe(o.initialEpoch)}.`, { option: 'initialEpoch' });
  }
  const shuffle = o.shuffle ?? true;
  if (typeof shuffle !== 'boolean') throw new WasmlpError('BAD_OPTION', `fit: 'shuffle' must be true or false, received ${describe(o.shuffle)}.`, { option: 'shuffle' });
  if (epochs - initialEpoch > 1 && !isRereadable(source)) {
    throw new WasmlpError('SOURCE_NOT_REREADABLE', `fit: ${epochs - initialEpoch} epochs re-read the source, but a generator object (or a stream) can be read once. Pass the generator function itself (fit(() => gen(), ...)) or csvSource(path).`, { option: 'x' });
  }
  const val = o.validationData;
  if (val !== undefined && !Array.isArray(val) && !isDataSource(val)) {
    throw new WasmlpError('BAD_OPTION', `fit: 'validationData' must be [x, y] or a data source, received ${describe(val)}.`, { option: 'validationData' });
  }
  if (val !== undefined && !Array.isArray(val) && epochs - initialEpoch > 1 && !isRereadable(val)) {
    throw new WasmlpError('SOURCE_NOT_REREADABLE', "fit: validationData is read after every epoch, but it is a generator object (read once). Pass the generator function or csvSource(path).", { option: 'validationData' });
  }

  const rt = await ensureRuntime();
  const history = new History();
  history.params = { epochs, batchSize, shuffleBuffer: shuffle ? bufferRows : 0, streamed: true };
  const user = o.callbacks === undefined ? [] : Array.isArray(o.callbacks) ? o.callbacks : [o.callbacks];
  for (const c of user) {
    if (typeof c !== 'object' || c === null) throw new WasmlpError('BAD_OPTION', `fit: each callback must be an object with hooks such as onEpochEnd, received ${describe(c)}.`, { option: 'callbacks' });
    if (c instanceof ProgressLogger) c.setEpochs(epochs);
  }
  const verbose = o.verbose === 1 ? [new ProgressLogger({ every: 1 })] : [];
  verbose.forEach((v) => v.setEpochs(epochs));
  const callbacks = new CallbackList([history, ...user, ...verbose]);
  callbacks.setModel(model);
  const rng = new SeededRandom((model.seed ^ 0x5f3759df) >>> 0);
  const labelWidth = compiled.labelWidth;

  let net: Network | null = model.net;
  let device: DeviceBlock | null = null;
  let snapshot = 0;
  let block: RowBlock | null = null;
  let lastYield = Date.now();
  let batchIndex = 0;
  const ensureNet = (cols: number): Network => {
    if (net && device) return net;
    net = model.network(cols);
    net.ensureBatchCapacity(batchSize);
    net.ensurePermCapacity(blockRows);
    device = new DeviceBlock(rt, net, blockRows, labelWidth, compiled.metrics.length > 0);
    snapshot = rt.mem.alloc(net.storedCount * 4, 'the parameter snapshot');
    block = new RowBlock(blockRows, cols, labelWidth);
    return net;
  };

  /** Trains the rows in `block` and empties it. */
  const trainBlock = async (totals: EpochTotals): Promise<void> => {
    if (!block) return;
    const b = block, d = device!, nt = net!;
    const n = b.rows;
    if (n === 0) return;
    d.load(b);
    rt.core.net_shuffle_epoch(nt.desc, n, 0); // identity order: the block is already in training order
    const w = b.weighted ? d.w : 0;
    const steps = Math.ceil(n / batchSize);
    if (callbacks.wantsBatches) {
      for (let s = 0; s < steps; s++) {
        await callbacks.batchBegin(batchIndex);
        const size = Math.min(batchSize, n - s * batchSize);
        const l = rt.core.net_train_batches(nt.desc, d.x, d.y, w, n, batchSize, s, 1, d.pred);
        totals.loss += l;
        await callbacks.batchEnd(batchIndex++, { batch: batchIndex - 1, size, loss: l / size });
      }
    } else {
      totals.loss += rt.core.net_train_batches(nt.desc, d.x, d.y, w, n, batchSize, 0, steps, d.pred);
    }
    if (d.pred) {
      const outputs = rt.mem.f32(d.pred, n * nt.outDim);
      const labels = b.y.subarray(0, n * labelWidth);
      for (const m of compiled.metrics) totals.add(m.name, m.compute(labels, outputs, n, nt.outDim), n);
    }
    totals.rows += n;
    b.rows = 0;
    b.weighted = false;
    if (Date.now() - lastYield > YIELD_EVERY_MS) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      lastYield = Date.now();
    }
  };

  try {
    model.stopTraining = false;
    await callbacks.trainBegin();
    for (let epoch = initialEpoch; epoch < epochs; epoch++) {
      await callbacks.epochBegin(epoch);
      if (net && snapshot) net.copyParamsTo(snapshot);
      const totals = new EpochTotals();
      const reader = new ChunkReader(compiled, 'x', epoch, net?.inDim ?? model.inputDim);
      let shuffler: ShuffleBuffer | null = null;
      batchIndex = 0;
      try {
        for await (const chunk of readPass(source, 'the data source', epoch, () => reader.rowsRead)) {
          const rows = reader.read(chunk);
          if (rows.rows === 0) continue;
          const firstChunk = !block;
          ensureNet(reader.cols!);
          if (firstChunk && snapshot) net!.copyParamsTo(snapshot);
          if (shuffle && bufferRows > 1) shuffler ??= new ShuffleBuffer(bufferRows, net!.inDim, labelWidth, rng);
          for (let r = 0; r < rows.rows; r++) {
            if (shuffler) shuffler.add(block!, rows.x, rows.y, rows.w, r);
            else block!.push(rows.x, rows.y, rows.w, r);
            if (block!.full) await trainBlock(totals);
          }
        }
        if (shuffler) {
          while (shuffler.drainOne(block!)) if (block!.full) await trainBlock(totals);
        }
        await trainBlock(totals);
      } catch (e) {
        // The weights from before this epoch are kept, so a failed pass leaves no half-trained epoch.
        if (net && snapshot) net.restoreParamsFrom(snapshot);
        throw e;
      }
      if (reader.rowsRead === 0) {
        throw new WasmlpError('EMPTY_SOURCE', `fit: the data source gave no rows in epoch ${epoch + 1}${epoch > initialEpoch ? ' (it gave rows before: a source is read again for every epoch, so pass a generator function, not a generator object)' : ''}. Check the file or the generator.`, { option: 'x', epoch });
      }
      if (epoch === initialEpoch) {
        history.params.samples = reader.rowsRead;
        history.params.steps = Math.ceil(reader.rowsRead / batchSize);
      }
      const nt = net!;
      const loss = totals.loss / totals.rows;
      if (!Number.isFinite(loss) || !nt.paramsFinite()) {
        nt.restoreParamsFrom(snapshot);
        const opt = compiled.optimizer;
        throw new WasmlpError('TRAINING_DIVERGED', `Training diverged in epoch ${epoch + 1}: the loss became ${loss}. The weights from before that epoch are kept. Lower the learning rate (${opt.name} learningRate=${opt.config.learningRate}) or scale the inputs (StandardScaler).`, { option: 'optimizer.learningRate' });
      }
      const logs: Logs = { loss };
      for (const [name, sum] of totals.metrics) logs[name] = sum / totals.rows;
      if (val !== undefined) {
        const v = Array.isArray(val) ? evaluateArrays(nt, compiled, val) : await evaluateSource(nt, compiled, val, epoch, blockRows);
        for (const [k, value] of Object.entries(v)) logs[`val_${k}`] = value;
      }
      await callbacks.epochEnd(epoch, logs);
      if (model.stopTraining) break;
    }
    await callbacks.trainEnd();
  } finally {
    (device as DeviceBlock | null)?.free();
    if (snapshot) rt.mem.free(snapshot);
  }
  return history;
}

function evaluateArrays(net: Network, compiled: Compiled, val: [MatrixLike, LabelsLike]): Record<string, number> {
  const X = toMatrix(val[0], 'validationData[0]');
  if (X.cols !== net.inDim) {
    throw new WasmlpError('INPUT_WIDTH', `validationData has ${X.cols} columns but the training rows have ${net.inDim}. Both need the same features.`, { option: 'validationData' });
  }
  const labels = prepareLabels(val[1], compiled.loss, compiled.units, X.rows, 'validationData[1]');
  const data = upload(net.runtime, X, labels.data, null);
  try {
    return evaluateOnDevice(net, compiled, data);
  } finally {
    data.free();
  }
}

/** Loss and metrics of a source, block by block (loss exact, other metrics averaged per block). */
export async function evaluateSource(net: Network, compiled: Compiled, source: DataSource, epoch: number, blockRows = 4096, what = 'validationData'): Promise<Record<string, number>> {
  const reader = new ChunkReader(compiled, what, epoch, net.inDim);
  const totals = new EpochTotals();
  const block = new RowBlock(blockRows, net.inDim, compiled.labelWidth);
  const flush = () => {
    if (block.rows === 0) return;
    const data = upload(net.runtime, { data: block.x.subarray(0, block.rows * block.cols), rows: block.rows, cols: block.cols }, block.y.slice(0, block.rows * block.labelWidth), block.weighted ? block.w.slice(0, block.rows) : null);
    try {
      const logs = evaluateOnDevice(net, compiled, data);
      totals.loss += logs.loss * block.rows;
      for (const m of compiled.metrics) totals.add(m.name, logs[m.name], block.rows);
      totals.rows += block.rows;
    } finally {
      data.free();
    }
    block.rows = 0;
    block.weighted = false;
  };
  for await (const chunk of readPass(source, what, epoch, () => reader.rowsRead)) {
    const rows = reader.read(chunk);
    for (let r = 0; r < rows.rows; r++) {
      block.push(rows.x, rows.y, rows.w, r);
      if (block.full) flush();
    }
  }
  flush();
  if (totals.rows === 0) throw new WasmlpError('EMPTY_SOURCE', `fit: ${what} gave no rows in epoch ${epoch + 1}.`, { option: what, epoch });
  const out: Record<string, number> = { loss: totals.loss / totals.rows };
  for (const [name, sum] of totals.metrics) out[name] = sum / totals.rows;
  return out;
}
