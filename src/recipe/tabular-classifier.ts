import { argmaxRow } from '../metrics/scores.js';
import type { ScoringIdentifier } from '../metrics/scoring.js';
import type { ActivationIdentifier } from '../activations.js';
import { WasmlpError, describe } from '../errors.js';
import { takeRows, toMatrix, type Matrix, type MatrixLike } from '../data/matrix.js';
import { Dense } from '../layers/dense.js';
import { Dropout } from '../layers/dropout.js';
import { normaliseOptions } from '../options.js';
import { Sequential } from '../model/sequential.js';
import type { ModelJSON } from '../model/serialization.js';
import { History } from '../callbacks/history.js';
import { EarlyStopping } from '../callbacks/early-stopping.js';
import { getScorer, type ScoringName } from '../metrics/scoring.js';
import { classesOf, encodeClasses, type Estimator } from '../model-selection/estimator.js';
import { stratifiedHoldout } from '../data/stratified-sample.js';
import { indicesByClass } from '../data/class-indices.js';
import { StratifiedKFold } from '../model-selection/stratified-kfold.js';
import type { Fold } from '../model-selection/kfold.js';
import { StandardScaler } from '../preprocessing/standard-scaler.js';
import type { Transformer, TransformerJSON } from '../preprocessing/transformer.js';
import { CosineDecay, MultiCycle, OneCycle, type LearningRateSchedule } from '../optimizers/schedules.js';
import { RobustScaler } from './robust-scaler.js';
import { openNetworkPool, type NetworkPool } from './network-pool.js';

/** Every ingredient of the recipe; the defaults are the ones the ablation in docs/recipe.md kept. */
export interface TabularClassifierOptions {
  /** Seeds every member's weights, shuffling, dropout and inner split; default 0. */
  seed?: number;
  /** Networks trained with different seeds whose probabilities are averaged; default 5. */
  ensemble?: number;
  /**
   * Hidden layer widths, or 'auto' (the default): an inner stratified cross-validation on the
   * training rows picks one of `hiddenCandidates` before the ensemble is trained.
   */
  hidden?: number[] | 'auto';
  /** The architectures 'auto' chooses from; default [[64, 64], [64], []] ([] is a linear model). */
  hiddenCandidates?: number[][];
  /** Folds of the inner cross-validation behind hidden: 'auto'; default 3. */
  selectFolds?: number;
  /** Hidden activation; default 'relu'. */
  activation?: ActivationIdentifier;
  /** Dropout after each hidden layer; default 0.15. */
  dropout?: number;
  /** Peak learning rate of the schedule (AdamW); default 0.004. */
  learningRate?: number;
  /** AdamW's decoupled weight decay; default 0.02. */
  weightDecay?: number;
  /** Label smoothing of the cross-entropy; default 0.1. */
  labelSmoothing?: number;
  /** Learning-rate schedule over the whole fit; default 'multiCycle'. */
  schedule?: 'multiCycle' | 'oneCycle' | 'cosine' | 'constant';
  /** Passes over the training rows, or 'auto' (scaled to the table's size); default 'auto'. */
  epochs?: number | 'auto';
  /** About how many optimizer steps each network takes when epochs is 'auto'; default 2000. */
  steps?: number;
  /** Rows per step, or 'auto' (scaled to the table's size); default 'auto'. */
  batchSize?: number | 'auto';
  /**
   * Share of each member's training rows held out (stratified, a different draw per member) to
   * pick its best epoch, whose weights are kept; 0 (the default) trains on every row for all epochs.
   */
  validationFraction?: number;
  /** What picks the best epoch on the held-out rows: 'loss' or 'accuracy'; default 'loss'. */
  selectBy?: 'loss' | 'accuracy';
  /** Feature scaling fitted on the training rows: 'standard' (the default), 'robust' (median/IQR + smooth clip) or 'none'. */
  scaling?: 'robust' | 'standard' | 'none';
  /**
   * Worker threads that train the networks (the selection's fits, then the members) side by side;
   * the same networks, bit for bit, as on one thread. Default 1. Node (and runtimes with
   * node:worker_threads) only; 'auto': one per CPU. Inside a worker thread (crossValidate's
   * workers) the fits stay on that thread.
   */
  workers?: number | 'auto';
}

type Resolved = Required<TabularClassifierOptions>;

const OPTION_KEYS = ['seed', 'ensemble', 'hidden', 'hiddenCandidates', 'selectFolds', 'activation', 'dropout', 'learningRate', 'weightDecay', 'labelSmoothing', 'schedule', 'epochs', 'steps', 'batchSize', 'validationFraction', 'selectBy', 'scaling', 'workers'] as const;

/** The default settings of TabularClassifier (the tabular recipe). */
export const RECIPE_DEFAULTS: Resolved = {
  seed: 0, ensemble: 5, hidden: 'auto', hiddenCandidates: [[64, 64], [64], []], selectFolds: 3, activation: 'relu', dropout: 0.15, learningRate: 0.004, weightDecay: 0.02,
  labelSmoothing: 0.1, schedule: 'multiCycle', epochs: 'auto', steps: 2000, batchSize: 'auto', validationFraction: 0, selectBy: 'loss', scaling: 'standard', workers: 1,
};

const SCHEDULES = ['multiCycle', 'oneCycle', 'cosine', 'constant'] as const;
const SCALINGS = ['robust', 'standard', 'none'] as const;

function bad(option: string, message: string): WasmlpError {
  return new WasmlpError('BAD_OPTION', `TabularClassifier: ${message}`, { option });
}

function int(value: unknown, option: string, min: number, max = 1 << 24): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) throw bad(option, `'${option}' must be an integer in [${min}, ${max}], received ${describe(value)}.`);
  return value;
}

function fraction(value: unknown, option: string, max: number, maxInclusive = false): number {
  if (typeof value !== 'number' || !(value >= 0 && (maxInclusive ? value <= max : value < max))) throw bad(option, `'${option}' must be a number in [0, ${max}${maxInclusive ? ']' : ')'}, received ${describe(value)}.`);
  return value;
}

function choice<T extends string>(value: unknown, option: string, choices: readonly T[]): T {
  if (!choices.includes(value as T)) throw bad(option, `'${option}' must be one of ${choices.join(', ')}, received ${describe(value)}.`);
  return value as T;
}

/** Checks every option and fills in the defaults. */
export function resolveRecipe(options: TabularClassifierOptions): Resolved {
  const o = normaliseOptions<TabularClassifierOptions>('TabularClassifier', options ?? {}, OPTION_KEYS);
  const r = { ...RECIPE_DEFAULTS, ...o } as Resolved;
  int(r.seed, 'seed', 0, 0xffffffff);
  int(r.ensemble, 'ensemble', 1, 64);
  if (r.hidden !== 'auto' && !Array.isArray(r.hidden)) throw bad('hidden', `'hidden' must be 'auto' or an array of layer widths such as [256, 256] ([] for none), received ${describe(r.hidden)}.`);
  if (Array.isArray(r.hidden)) r.hidden.forEach((u, i) => int(u, `hidden[${i}]`, 1, 1 << 16));
  if (!Array.isArray(r.hiddenCandidates) || r.hiddenCandidates.length === 0 || !r.hiddenCandidates.every(Array.isArray)) {
    throw bad('hiddenCandidates', `'hiddenCandidates' must be a non-empty array of architectures such as [[64, 64], [64], []], received ${describe(r.hiddenCandidates)}.`);
  }
  r.hiddenCandidates.forEach((h, k) => h.forEach((u, i) => int(u, `hiddenCandidates[${k}][${i}]`, 1, 1 << 16)));
  int(r.selectFolds, 'selectFolds', 2, 20);
  if (typeof r.activation !== 'string') throw bad('activation', `'activation' must be an activation name, received ${describe(r.activation)}.`);
  fraction(r.dropout, 'dropout', 1);
  if (typeof r.learningRate !== 'number' || !(r.learningRate > 0 && r.learningRate < 10)) throw bad('learningRate', `'learningRate' must be a number in (0, 10), received ${describe(r.learningRate)}.`);
  fraction(r.weightDecay, 'weightDecay', 1);
  fraction(r.labelSmoothing, 'labelSmoothing', 1);
  choice(r.schedule, 'schedule', SCHEDULES);
  if (r.epochs !== 'auto') int(r.epochs, 'epochs', 1, 100000);
  int(r.steps, 'steps', 1, 1000000);
  if (r.batchSize !== 'auto') int(r.batchSize, 'batchSize', 1, 1 << 20);
  fraction(r.validationFraction, 'validationFraction', 0.9, true);
  choice(r.selectBy, 'selectBy', ['loss', 'accuracy'] as const);
  choice(r.scaling, 'scaling', SCALINGS);
  if (r.workers !== 'auto' && !(Number.isInteger(r.workers) && r.workers >= 1 && r.workers <= 256)) {
    throw bad('workers', `'workers' must be an integer in [1, 256] or 'auto' (one thread per CPU), received ${describe(r.workers)}.`);
  }
  return { ...r, hidden: copyHidden(r.hidden), hiddenCandidates: r.hiddenCandidates.map((h) => [...h]) };
}

function copyHidden(h: number[] | 'auto'): number[] | 'auto' {
  return h === 'auto' ? h : [...h];
}

/** How hidden: 'auto' chose: each candidate's mean inner-CV accuracy and the one kept. */
export interface ArchitectureSelection {
  candidates: number[][];
  accuracy: number[];
  chosen: number;
}

/**
 * Batch size and epochs scaled to the number of training rows: small tables get small batches
 * (enough steps per epoch) and more epochs, large ones the reverse, so every fit takes roughly
 * `steps` optimizer steps (within the 20-256 epochs bounds).
 */
export function autoTraining(rows: number, steps = RECIPE_DEFAULTS.steps): { batchSize: number; epochs: number } {
  const batchSize = Math.max(16, Math.min(256, 2 ** Math.round(Math.log2(rows / 16))));
  const perEpoch = Math.ceil(rows / batchSize);
  const epochs = Math.max(20, Math.min(256, Math.round(steps / perEpoch)));
  return { batchSize, epochs };
}

/**
 * The inner stratified folds hidden: 'auto' scores its candidates on (rows of the training set).
 * A class too small to appear in every fold means fewer folds; under 2, none (the first candidate is kept).
 */
export function selectionFolds(ids: Int32Array, seed: number, selectFolds: number): Fold[] {
  const nSplits = Math.min(selectFolds, ...indicesByClass(ids, 'TabularClassifier').map((members) => members.length));
  if (nSplits < 2) return [];
  return [...new StratifiedKFold({ nSplits, shuffle: true, seed: (seed ^ 0x5e1ec7) >>> 0 }).split({ length: ids.length }, ids)];
}

/** Member m's seed: the classifier's seed mixed with m (a Weyl step), so members differ and the set repeats. */
export function memberSeed(seed: number, member: number): number {
  return (seed + Math.imul(member, 0x9e3779b9)) >>> 0;
}

/** The saved form of a TabularClassifier: options, classes, scaler and member networks. */
export interface TabularClassifierJSON {
  className: 'TabularClassifier';
  config: Resolved;
  classes: number[] | null;
  scaler: TransformerJSON | null;
  members: ModelJSON[];
  /** Present when hidden was 'auto'. */
  selection?: ArchitectureSelection | null;
}

/**
 * wasmlp's default recipe for tabular classification, after RealMLP (Holzmüller, Grinsztajn,
 * Steinwart, NeurIPS 2024), keeping the ingredients that earned their place on the shared tables
 * by nested cross-validation (docs/recipe.md): an MLP trained with AdamW on RealMLP's multi-cycle
 * learning-rate schedule, label smoothing, weight decay and dropout, and an ensemble of seeds
 * averaging probabilities, with batch size and epochs scaled to the table. Candidates that did
 * not earn their place stay available as options: robust scaling with smooth clipping
 * (scaling: 'robust'), best-epoch selection on an inner split (validationFraction). A scikit-learn-style Estimator: usable in Pipeline,
 * crossValidate and GridSearchCV, saved with toJSON / fromJSON.
 *
 * @example
 * const clf = new TabularClassifier({ seed: 1 });
 * await clf.fit(xTrain, yTrain);
 * clf.predictProba(xTest); clf.score(xTest, yTest); clf.dispose();
 */
export class TabularClassifier implements Estimator {
  readonly className = 'TabularClassifier';
  private options: Resolved;
  /** The fitted networks (empty before fit and after dispose). */
  members: Sequential[] = [];
  /** Class values in predictProba's column order. */
  classes: number[] | null = null;
  /** Training histories of the members, in order. */
  histories: History[] = [];
  private scaler: Transformer | null = null;
  /** How hidden: 'auto' chose the architecture in the last fit (null when hidden was given). */
  selection: ArchitectureSelection | null = null;

  constructor(options: TabularClassifierOptions = {}) {
    this.options = resolveRecipe(options);
  }

  get isFitted(): boolean {
    return this.members.length > 0 && this.classes !== null;
  }

  /** The first member's history (Estimator contract); all of them are in `histories`. */
  get history(): History | null {
    return this.histories[0] ?? null;
  }

  getParams(): Record<string, unknown> {
    return { ...this.options, hidden: copyHidden(this.options.hidden), hiddenCandidates: this.options.hiddenCandidates.map((h) => [...h]) };
  }

  setParams(params: Record<string, unknown>): this {
    this.options = resolveRecipe({ ...this.options, ...params } as TabularClassifierOptions);
    return this;
  }

  clone(): TabularClassifier {
    return new TabularClassifier(this.getParams() as TabularClassifierOptions);
  }

  async fit(x: MatrixLike, y: ArrayLike<number>): Promise<this> {
    const X = toMatrix(x, 'x');
    if (!y || y.length !== X.rows) {
      throw new WasmlpError('SHAPE_MISMATCH', `TabularClassifier.fit: y needs one label per row of x (${X.rows}); received ${describe(y)}.`, { option: 'y' });
    }
    const classes = classesOf(y, 'TabularClassifier.fit');
    if (classes.length < 2) {
      throw new WasmlpError('SINGLE_CLASS', `TabularClassifier.fit: y holds a single class (${classes[0]}); a classifier needs at least two.`, { option: 'y' });
    }
    const ids = encodeClasses(y, classes, 'TabularClassifier.fit');
    this.dispose();
    const o = this.options;
    // As many threads as there are networks to train side by side, at most.
    const jobs = Math.max(o.ensemble, o.hidden === 'auto' ? o.hiddenCandidates.length * o.selectFolds : 0);
    const pool = o.workers !== 1 ? await openNetworkPool(o.workers, jobs) : null;
    try {
      const selection = o.hidden === 'auto' ? await this.selectArchitecture(X, ids, classes.length, pool) : null;
      const hidden = selection ? selection.candidates[selection.chosen] : (o.hidden as number[]);
      const scaler: Transformer | null = o.scaling === 'robust' ? new RobustScaler() : o.scaling === 'standard' ? new StandardScaler() : null;
      const Xs = scaler ? (scaler.fitTransform(X) as Matrix) : X;
      const { members, histories } = pool ? await this.membersInWorkers(pool, X, ids, classes.length, hidden) : await this.trainMembers(Xs, ids, classes.length, hidden);
      this.scaler = scaler;
      this.members = members;
      this.histories = histories;
      this.classes = classes;
      this.selection = selection;
      return this;
    } finally {
      await pool?.release();
    }
  }

  /** The ensemble, one member after another on this thread. */
  private async trainMembers(Xs: Matrix, ids: Int32Array, k: number, hidden: number[]): Promise<{ members: Sequential[]; histories: History[] }> {
    const o = this.options;
    const members: Sequential[] = [], histories: History[] = [];
    try {
      for (let m = 0; m < o.ensemble; m++) {
        const seed = memberSeed(o.seed, m);
        let trainRows: Int32Array | null = null, valRows: Int32Array | null = null;
        if (o.validationFraction > 0) {
          const split = stratifiedHoldout(ids, o.validationFraction, seed ^ 0x7ab1e);
          if (split.holdout.length > 0 && split.train.length > 0) { trainRows = split.train; valRows = split.holdout; }
        }
        const xTrain = trainRows ? takeRows(Xs, trainRows) : Xs;
        const yTrain = trainRows ? Int32Array.from(trainRows, (i) => ids[i]) : ids;
        const auto = autoTraining(xTrain.rows, o.steps);
        const batchSize = Math.min(o.batchSize === 'auto' ? auto.batchSize : o.batchSize, xTrain.rows);
        const epochs = o.epochs === 'auto' ? auto.epochs : o.epochs;
        const totalSteps = epochs * Math.ceil(xTrain.rows / batchSize);
        const model = this.build(Xs.cols, k, seed, totalSteps, hidden);
        members.push(model);
        const callbacks = [];
        if (valRows) {
          const accuracy = k === 2 ? 'val_binaryAccuracy' : 'val_categoricalAccuracy';
          callbacks.push(new EarlyStopping({ monitor: o.selectBy === 'loss' ? 'val_loss' : accuracy, patience: epochs, restoreBestWeights: true }));
        }
        const target = (rows: Int32Array) => (k === 2 ? rows : Array.from(rows, (c) => Array.from({ length: k }, (_, j) => (j === c ? 1 : 0))));
        histories.push(await model.fit(xTrain, target(yTrain), {
          epochs, batchSize, callbacks,
          ...(valRows ? { validationData: [takeRows(Xs, valRows), target(Int32Array.from(valRows, (i) => ids[i]))] as [Matrix, Int32Array | number[][]] } : {}),
        }));
      }
    } catch (e) {
      for (const model of members) model.dispose();
      throw e;
    }
    return { members, histories };
  }

  /**
   * The ensemble on worker threads. Member m is what a one-network recipe with seed
   * memberSeed(seed, m) trains (its own scaler, fitted on the same rows, is the same as ours), so
   * each worker fits that recipe on X and sends back its network: the same bits as trainMembers.
   */
  private async membersInWorkers(pool: NetworkPool, X: Matrix, ids: Int32Array, k: number, hidden: number[]): Promise<{ members: Sequential[]; histories: History[] }> {
    const o = this.options;
    const all = Int32Array.from({ length: X.rows }, (_, i) => i);
    const jobs = Array.from({ length: o.ensemble }, (_, m) => ({
      json: this.oneNetwork(hidden, memberSeed(o.seed, m)).toJSON(),
      fold: { train: all, test: new Int32Array(0) },
    }));
    const results = await pool.fitAll(X, ids, k, jobs, true);
    const members: Sequential[] = [], histories: History[] = [];
    try {
      for (const r of results) {
        members.push(Sequential.fromJSON((r.model!.json as TabularClassifierJSON).members[0]));
        const h = new History();
        h.params = r.model!.historyParams ?? {};
        const logs = r.history ?? {};
        const epochs = Math.max(0, ...Object.values(logs).map((v) => v.length));
        for (let e = 0; e < epochs; e++) h.onEpochEnd(e, Object.fromEntries(Object.entries(logs).map(([key, v]) => [key, v[e]])));
        histories.push(h);
      }
    } catch (e) {
      for (const model of members) model.dispose();
      throw e;
    }
    return { members, histories };
  }

  /** A recipe that trains one network of the given shape with this seed, on this thread. */
  private oneNetwork(hidden: number[], seed = this.options.seed): TabularClassifier {
    return new TabularClassifier({ ...this.options, hidden, ensemble: 1, seed, workers: 1 });
  }

  /**
   * hidden: 'auto': scores every candidate architecture (one network each, the rest of the recipe
   * unchanged, its own scaler per fold) by a stratified k-fold CV inside the training rows, and
   * keeps the most accurate (the first on a tie). Held-out rows of an outer CV never reach it.
   */
  private async selectArchitecture(X: Matrix, ids: Int32Array, k: number, pool: NetworkPool | null): Promise<ArchitectureSelection> {
    const o = this.options;
    const candidates = o.hiddenCandidates.map((h) => [...h]);
    const folds = selectionFolds(ids, o.seed, o.selectFolds);
    if (candidates.length === 1 || folds.length === 0) return { candidates, accuracy: candidates.map(() => NaN), chosen: 0 };
    // Candidate c's score on inner fold f, in that order; summed in fold order either way.
    let scores: number[];
    if (pool) {
      const jobs = candidates.flatMap((hidden) => {
        const json = this.oneNetwork(hidden).toJSON();
        return folds.map((fold) => ({ json, fold }));
      });
      scores = (await pool.fitAll(X, ids, k, jobs, false)).map((r) => r.scores.accuracy);
    } else {
      scores = [];
      for (const hidden of candidates) {
        for (const { train, test } of folds) {
          const inner = this.oneNetwork(hidden);
          try {
            await inner.fit(takeRows(X, train), Int32Array.from(train, (i) => ids[i]));
            scores.push(inner.score(takeRows(X, test), Int32Array.from(test, (i) => ids[i])));
          } finally {
            inner.dispose();
          }
        }
      }
    }
    const accuracy = candidates.map((_, c) => {
      let sum = 0;
      for (let f = 0; f < folds.length; f++) sum += scores[c * folds.length + f];
      return sum / folds.length;
    });
    let chosen = 0;
    for (let c = 1; c < accuracy.length; c++) if (accuracy[c] > accuracy[chosen] + 1e-12) chosen = c;
    return { candidates, accuracy, chosen };
  }

  /** One member: hidden Dense (+ Dropout) layers, sigmoid or softmax output, AdamW on the schedule. */
  private build(nFeatures: number, k: number, seed: number, totalSteps: number, hidden: number[]): Sequential {
    const o = this.options;
    const layers: (Dense | Dropout)[] = [];
    hidden.forEach((units, i) => {
      layers.push(new Dense({ units, activation: o.activation, ...(o.activation === 'selu' ? { kernelInitializer: 'lecunNormal' } : {}), ...(i === 0 ? { inputDim: nFeatures } : {}) }));
      if (o.dropout > 0) layers.push(new Dropout({ rate: o.dropout }));
    });
    const binary = k === 2;
    layers.push(new Dense({ units: binary ? 1 : k, activation: binary ? 'sigmoid' : 'softmax', ...(hidden.length === 0 ? { inputDim: nFeatures } : {}) }));
    const model = new Sequential(layers, { seed });
    const schedule: LearningRateSchedule | number =
      o.schedule === 'multiCycle' ? new MultiCycle({ maxLearningRate: o.learningRate, totalSteps, cycles: 4 })
        : o.schedule === 'oneCycle' ? new OneCycle({ maxLearningRate: o.learningRate, totalSteps })
          : o.schedule === 'cosine' ? new CosineDecay({ initialLearningRate: o.learningRate, decaySteps: totalSteps })
            : o.learningRate;
    model.compile({
      loss: binary ? 'binaryCrossentropy' : 'categoricalCrossentropy',
      labelSmoothing: o.labelSmoothing,
      optimizer: { type: 'adamw', learningRate: schedule as never, weightDecay: o.weightDecay },
      metrics: ['accuracy'],
    });
    return model;
  }

  private fitted(call: string): { members: Sequential[]; classes: number[] } {
    if (!this.isFitted) {
      throw new WasmlpError('NOT_FITTED', `This TabularClassifier is not fitted yet: call fit(x, y) before ${call}(x).`, { option: call });
    }
    return { members: this.members, classes: this.classes! };
  }

  /** rows x classes probabilities: the members' averaged (in float64, in member order). */
  predictProba(x: MatrixLike): Matrix {
    const { members, classes } = this.fitted('predictProba');
    const X = toMatrix(x, 'x');
    const Xs = this.scaler ? (this.scaler.transform(X) as Matrix) : X;
    const k = classes.length;
    const sum = new Float64Array(X.rows * k);
    for (const model of members) {
      const p = model.predict(Xs);
      if (k === 2) {
        for (let r = 0; r < X.rows; r++) { sum[2 * r] += 1 - p.data[r]; sum[2 * r + 1] += p.data[r]; }
      } else {
        for (let i = 0; i < sum.length; i++) sum[i] += p.data[i];
      }
    }
    const data = new Float32Array(sum.length);
    for (let i = 0; i < sum.length; i++) data[i] = sum[i] / members.length;
    return { data, rows: X.rows, cols: k };
  }

  /** The most probable class value per row. */
  predict(x: MatrixLike): Int32Array {
    const { classes } = this.fitted('predict');
    const p = this.predictProba(x);
    const out = new Int32Array(p.rows);
    for (let r = 0; r < p.rows; r++) out[r] = classes[argmaxRow(p.data, r, p.cols)];
    return out;
  }

  score(x: MatrixLike, y: ArrayLike<number>, scoring: ScoringIdentifier = 'accuracy'): number {
    const { classes } = this.fitted('score');
    return getScorer(scoring).score(encodeClasses(y, classes, 'TabularClassifier.score'), this.predictProba(x));
  }

  toJSON(): TabularClassifierJSON {
    return {
      className: 'TabularClassifier', config: this.getParams() as Resolved, classes: this.classes,
      scaler: this.scaler ? this.scaler.toJSON() : null, members: this.members.map((m) => m.toJSON({ includeOptimizer: false })),
      selection: this.selection,
    };
  }

  static fromJSON(json: unknown): TabularClassifier {
    const j = json as TabularClassifierJSON;
    if (typeof j !== 'object' || j === null || j.className !== 'TabularClassifier' || typeof j.config !== 'object' || !Array.isArray(j.members)) {
      throw new WasmlpError('BAD_JSON', `TabularClassifier.fromJSON expects { className: 'TabularClassifier', config, classes, scaler, members }; received ${describe(json)}.`, { option: 'json' });
    }
    const clf = new TabularClassifier(j.config);
    if (j.members.length > 0) {
      if (!Array.isArray(j.classes) || j.classes.length < 2) {
        throw new WasmlpError('BAD_JSON', 'TabularClassifier.fromJSON: a fitted classifier needs its classes (an array of at least two class values).', { option: 'classes' });
      }
      const scaling = clf.options.scaling;
      if (scaling !== 'none' && (typeof j.scaler !== 'object' || j.scaler === null)) {
        throw new WasmlpError('BAD_JSON', `TabularClassifier.fromJSON: scaling is '${scaling}' but the fitted scaler is missing.`, { option: 'scaler' });
      }
      clf.scaler = scaling === 'robust' ? RobustScaler.fromJSON(j.scaler as never) : scaling === 'standard' ? StandardScaler.fromJSON(j.scaler as never) : null;
      clf.members = j.members.map((m) => Sequential.fromJSON(m));
      clf.classes = [...j.classes];
      clf.selection = j.selection ?? null;
    }
    return clf;
  }

  dispose(): void {
    for (const m of this.members) m.dispose();
    this.members = [];
  }
}
