import { argmaxRow } from '../metrics/scores.js';
import type { ScoringIdentifier } from '../metrics/scoring.js';
import { WasmlpError, describe } from '../errors.js';
import type { Matrix, MatrixLike } from '../data/matrix.js';
import { toFeatures, type Features, type FeaturesLike } from '../data/rows.js';
import { isTable } from '../data/table.js';
import { Sequential } from '../model/sequential.js';
import type { FitOptions } from '../model/trainer.js';
import type { History } from '../callbacks/history.js';
import type { ModelJSON } from '../model/serialization.js';
import { getScorer, type ScoringName } from '../metrics/scoring.js';
import { classesOf, encodeClasses, type Estimator } from './estimator.js';
import { normaliseOptions } from '../options.js';

/** What the builder receives besides its own parameters (SciKeras' `meta`). */
export interface BuildMeta {
  /** Feature columns of x. */
  nFeatures: number;
  /** Distinct classes in y (2 for binary). */
  nClasses: number;
  /** The classifier's seed: pass it to `new Sequential(layers, { seed })` for repeatable folds. */
  seed: number;
}

/** Returns a new, compiled Sequential; called once per fit (every fold gets a fresh model). */
export type BuildFn<P extends object = Record<string, unknown>> = (params: P & BuildMeta) => Sequential;

/** Fit options the wrapper passes on; epochs, batchSize and verbose are parameters of their own. */
export type ClassifierFitOptions = Omit<FitOptions, 'epochs' | 'batchSize' | 'verbose' | 'validationData' | 'sampleWeight'>;

/** Options of KerasClassifier: the builder, its parameters, epochs, batch size, seed and fit options. */
export interface KerasClassifierOptions<P extends object = Record<string, unknown>> {
  /** The model function (SciKeras' `model=create_baseline`). */
  build: BuildFn<P>;
  /** Builder parameters, searchable by GridSearchCV (e.g. { hidden: [60], learningRate: 0.001 }). */
  params?: P;
  /** Default 1, as Keras. */
  epochs?: number;
  /** Default 32, as Keras. */
  batchSize?: number;
  /** 1 prints a line per epoch; default 0. */
  verbose?: 0 | 1;
  /** Passed to the builder as meta.seed; default 0. */
  seed?: number;
  /** Other fit options: shuffle, validationSplit, classWeight, callbacks. */
  fitOptions?: ClassifierFitOptions;
  /**
   * The module that exports `build` under its function name (e.g. import.meta.url), so worker
   * threads can import it: needed only for crossValidate / GridSearchCV with workers > 1.
   */
  buildModule?: string;
}

/** Parameters that go to fit or to the wrapper itself; everything else goes to the builder. */
const OWN_PARAMS = ['epochs', 'batchSize', 'verbose', 'seed'] as const;
const OPTION_KEYS = ['build', 'params', ...OWN_PARAMS, 'fitOptions', 'buildModule'] as const;

/** The saved form of a KerasClassifier: its configuration, classes and fitted model. */
export interface KerasClassifierJSON {
  className: 'KerasClassifier';
  config: { params: Record<string, unknown>; epochs: number; batchSize: number; verbose: 0 | 1; seed: number };
  /** Class values in predictProba's column order; null before fit. */
  classes: number[] | null;
  model: ModelJSON | null;
}

/**
 * A scikit-learn-style classifier around a function that returns a compiled Sequential, like
 * SciKeras' `KerasClassifier(model=create_baseline, epochs=100, batch_size=5, verbose=0)`.
 *
 * Labels are integer class values; they are encoded to 0..k-1 in sorted order. The target the
 * model sees follows its loss: 0/1 for one sigmoid unit, ids for sparseCategoricalCrossentropy,
 * one-hot rows for categoricalCrossentropy.
 *
 * @example
 * const clf = new KerasClassifier({
 *   build: ({ nFeatures, seed }) => {
 *     const m = new Sequential([new Dense({ units: 60, activation: 'relu', inputDim: nFeatures }), new Dense({ units: 1, activation: 'sigmoid' })], { seed });
 *     m.compile({ loss: 'binaryCrossentropy', optimizer: 'adam', metrics: ['accuracy'] });
 *     return m;
 *   },
 *   epochs: 100, batchSize: 5,
 * });
 * await clf.fit(x, y); clf.score(xTest, yTest); clf.dispose();
 */
export class KerasClassifier<P extends object = Record<string, unknown>> implements Estimator {
  readonly className = 'KerasClassifier';
  readonly build: BuildFn<P> | null;
  params: P;
  epochs: number;
  batchSize: number;
  verbose: 0 | 1;
  seed: number;
  fitOptions: ClassifierFitOptions;
  buildModule: string | undefined;
  /** The fitted model (null before fit and after dispose). */
  model: Sequential | null = null;
  /** Class values in column order of predictProba. */
  classes: number[] | null = null;
  history: History | null = null;
  /** The model fit is training, so that dispose() during fit can stop it. */
  private training: Sequential | null = null;

  constructor(options: KerasClassifierOptions<P>) {
    if (typeof options !== 'object' || options === null) {
      throw new WasmlpError('BAD_OPTION', `KerasClassifier takes { build, params, epochs, batchSize }; received ${describe(options)}.`, { option: 'options' });
    }
    // Builder parameters go in 'params'; any other key is a typo of one of these.
    options = normaliseOptions<KerasClassifierOptions<P>>('KerasClassifier', options, OPTION_KEYS) as KerasClassifierOptions<P>;
    if (typeof options.build !== 'function' && options.build !== null) {
      throw new WasmlpError('BAD_OPTION', `KerasClassifier needs 'build', a function returning a compiled Sequential; received ${describe(options.build)}.`, { option: 'build' });
    }
    this.build = options.build;
    this.params = { ...(options.params ?? ({} as P)) };
    this.epochs = checkInt(options.epochs ?? 1, 'epochs', 1);
    this.batchSize = checkInt(options.batchSize ?? 32, 'batchSize', 1);
    this.verbose = checkVerbose(options.verbose ?? 0);
    this.seed = checkInt(options.seed ?? 0, 'seed', 0);
    this.fitOptions = { ...(options.fitOptions ?? {}) };
    this.buildModule = options.buildModule;
  }

  get isFitted(): boolean {
    return this.model !== null;
  }

  getParams(): Record<string, unknown> {
    return { ...(this.params as Record<string, unknown>), epochs: this.epochs, batchSize: this.batchSize, verbose: this.verbose, seed: this.seed };
  }

  /** epochs, batchSize, verbose and seed set the wrapper; any other key is a builder parameter. */
  setParams(params: Record<string, unknown>): this {
    const builder: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(params)) {
      if (key === 'epochs') this.epochs = checkInt(value, 'epochs', 1);
      else if (key === 'batchSize') this.batchSize = checkInt(value, 'batchSize', 1);
      else if (key === 'seed') this.seed = checkInt(value, 'seed', 0);
      else if (key === 'verbose') this.verbose = checkVerbose(value);
      else builder[key] = value;
    }
    this.params = { ...this.params, ...builder };
    return this;
  }

  clone(): KerasClassifier<P> {
    return new KerasClassifier<P>({
      build: this.build as BuildFn<P>, params: structuredClone(this.params), epochs: this.epochs, batchSize: this.batchSize,
      verbose: this.verbose, seed: this.seed, fitOptions: this.fitOptions, buildModule: this.buildModule,
    });
  }

  /** Builds a fresh model with the builder (the previous one is disposed) and trains it. */
  async fit(x: FeaturesLike, y: ArrayLike<number>): Promise<this> {
    if (!this.build) {
      throw new WasmlpError('NO_BUILDER', 'KerasClassifier.fit: this classifier was loaded from JSON without a build function. Pass { build } to fromJSON to train it again.', { option: 'build' });
    }
    const X = numericFeatures(x, 'KerasClassifier.fit');
    if (!y || y.length !== X.rows) {
      throw new WasmlpError('SHAPE_MISMATCH', `KerasClassifier.fit: y needs one label per row of x (${X.rows}); received ${describe(y)}.`, { option: 'y' });
    }
    const classes = classesOf(y, 'KerasClassifier.fit');
    if (classes.length < 2) {
      throw new WasmlpError('SINGLE_CLASS', `KerasClassifier.fit: y holds a single class (${classes[0]}); a classifier needs at least two.`, { option: 'y' });
    }
    const ids = encodeClasses(y, classes, 'KerasClassifier.fit');
    this.dispose();
    const model = this.build({ ...this.params, nFeatures: X.cols, nClasses: classes.length, seed: this.seed });
    if (!(model instanceof Sequential)) {
      throw new WasmlpError('BAD_BUILDER', `KerasClassifier: build must return a Sequential; it returned ${describe(model)}.`, { option: 'build' });
    }
    try {
      this.training = model;
      const target = this.target(model, ids, classes.length);
      this.history = await model.fit(X as MatrixLike, target, { ...this.fitOptions, epochs: this.epochs, batchSize: this.batchSize, verbose: this.verbose });
    } catch (e) {
      model.dispose();
      throw e;
    } finally {
      this.training = null;
    }
    this.model = model;
    this.classes = classes;
    return this;
  }

  /** The labels in the form the model's loss expects. */
  private target(model: Sequential, ids: Int32Array, k: number): Int32Array | number[][] {
    const compiled = model.compiled;
    if (!compiled) {
      throw new WasmlpError('NOT_COMPILED', 'KerasClassifier: the model returned by build is not compiled. Call model.compile({ loss, optimizer, metrics }) inside build before returning it.', { option: 'build' });
    }
    const units = compiled.units;
    if (compiled.loss === 'categoricalCrossentropy') {
      if (units !== k) throw this.unitsError(units, k);
      return Array.from(ids, (c) => Array.from({ length: k }, (_, j) => (j === c ? 1 : 0)));
    }
    if (compiled.loss === 'sparseCategoricalCrossentropy') {
      if (units !== k) throw this.unitsError(units, k);
      return ids;
    }
    if (units !== 1 || k !== 2) {
      throw new WasmlpError('BAD_ARCHITECTURE', `KerasClassifier: the model has ${units} output units and loss '${compiled.loss}', but y has ${k} classes. For two classes end with Dense({ units: 1, activation: 'sigmoid' }) and 'binaryCrossentropy'; for k classes use units: k, softmax and 'sparseCategoricalCrossentropy'.`, { option: 'build' });
    }
    return ids;
  }

  private unitsError(units: number, k: number): WasmlpError {
    return new WasmlpError('BAD_ARCHITECTURE', `KerasClassifier: the last layer has ${units} units but y has ${k} classes; a softmax output needs one unit per class (use meta.nClasses in build).`, { option: 'build' });
  }

  private fitted(call: string): { model: Sequential; classes: number[] } {
    if (!this.model || !this.classes) {
      throw new WasmlpError('NOT_FITTED', `This KerasClassifier is not fitted yet: call fit(x, y) before ${call}(x).`, { option: call });
    }
    return { model: this.model, classes: this.classes };
  }

  /** rows x classes probabilities; a single sigmoid output p becomes the columns [1 - p, p]. */
  predictProba(x: FeaturesLike): Matrix {
    const { model } = this.fitted('predictProba');
    const out = model.predict(numericFeatures(x, 'KerasClassifier.predictProba') as MatrixLike);
    if (out.cols !== 1) return out;
    const data = new Float32Array(out.rows * 2);
    for (let r = 0; r < out.rows; r++) {
      const p = Math.min(Math.max(out.data[r], 0), 1);
      data[2 * r] = 1 - p;
      data[2 * r + 1] = p;
    }
    return { data, rows: out.rows, cols: 2 };
  }

  /** The most probable class value per row (p > 0.5 for binary, Keras' rule). */
  predict(x: FeaturesLike): Int32Array {
    const { classes } = this.fitted('predict');
    const p = this.predictProba(x);
    const out = new Int32Array(p.rows);
    for (let r = 0; r < p.rows; r++) out[r] = classes[argmaxRow(p.data, r, p.cols)];
    return out;
  }

  /** A scoring name on (x, y); accuracy by default. */
  score(x: FeaturesLike, y: ArrayLike<number>, scoring: ScoringIdentifier = 'accuracy'): number {
    const { classes } = this.fitted('score');
    const scorer = getScorer(scoring);
    return scorer.score(encodeClasses(y, classes, 'KerasClassifier.score'), this.predictProba(x));
  }

  toJSON(): KerasClassifierJSON {
    return {
      className: 'KerasClassifier',
      config: { params: this.params as Record<string, unknown>, epochs: this.epochs, batchSize: this.batchSize, verbose: this.verbose, seed: this.seed },
      classes: this.classes,
      model: this.model ? this.model.toJSON() : null,
    };
  }

  /** Restores a fitted classifier; pass `build` to be able to fit (or clone and fit) it again. */
  static fromJSON<P extends object = Record<string, unknown>>(json: unknown, options: { build?: BuildFn<P> } = {}): KerasClassifier<P> {
    options = normaliseOptions<{ build?: BuildFn<P> }>('KerasClassifier.fromJSON', options, ['build']);
    const j = json as KerasClassifierJSON;
    if (typeof j !== 'object' || j === null || j.className !== 'KerasClassifier' || typeof j.config !== 'object') {
      throw new WasmlpError('BAD_JSON', `KerasClassifier.fromJSON expects { className: 'KerasClassifier', config, classes, model }; received ${describe(json)}.`, { option: 'json' });
    }
    const clf = new KerasClassifier<P>({ build: (options.build ?? null) as BuildFn<P>, params: j.config.params as P, epochs: j.config.epochs, batchSize: j.config.batchSize, verbose: j.config.verbose, seed: j.config.seed });
    if (j.model) {
      if (!Array.isArray(j.classes) || j.classes.length < 2 || !j.classes.every((c, i) => Number.isInteger(c) && (i === 0 || c > j.classes![i - 1]))) {
        throw new WasmlpError('BAD_JSON', 'KerasClassifier.fromJSON: a fitted classifier needs its classes (at least two distinct integer class values, ascending).', { option: 'classes' });
      }
      clf.model = Sequential.fromJSON(j.model);
      clf.classes = [...j.classes];
    }
    return clf;
  }

  /** Releases the fitted model's WebAssembly memory; fit builds a new one. */
  dispose(): void {
    this.model?.dispose();
    this.model = null;
    this.training?.dispose(); // a running fit stops at its next batch boundary with DISPOSED
  }
}

function checkVerbose(value: unknown): 0 | 1 {
  if (value !== 0 && value !== 1) {
    throw new WasmlpError('BAD_OPTION', `KerasClassifier: 'verbose' must be 0 (silent) or 1 (a line per epoch); received ${describe(value)}.`, { option: 'verbose' });
  }
  return value;
}

function checkInt(value: unknown, option: string, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new WasmlpError('BAD_OPTION', `KerasClassifier: '${option}' must be an integer >= ${min}; received ${describe(value)}.`, { option });
  }
  return value;
}

/**
 * A dense or sparse matrix for the network. A Table holds raw columns that must be encoded first,
 * and the encoding must be fitted per fold: so it is refused here, pointing at the pipeline.
 */
function numericFeatures(x: FeaturesLike, caller: string): Exclude<Features, { format: 'table' }> {
  const X = toFeatures(x, 'x');
  if (isTable(X)) {
    throw new WasmlpError('TABLE_NEEDS_ENCODING', `${caller}: x is a Table of raw columns; a network needs numbers. Put an encoder first: new Pipeline([new TableTransformer(), classifier]), so imputation and encoding are fitted on the training rows.`, { option: 'x' });
  }
  return X;
}
