import { describe, expect, it } from 'vitest';
import * as main from '../src/index.js';
import * as nodeEntry from '../src/node.js';
import * as tfjsEntry from '../src/io/tfjs.js';
import * as explainEntry from '../src/explain/index.js';
import {
  CalibratedClassifier, Dense, Dropout, EarlyStopping, GridSearchCV, KFold, KerasClassifier, MinMaxScaler, OneHotEncoder, Pipeline,
  ProgressLogger, Sequential, StandardScaler, StratifiedKFold, TunedThresholdClassifier, calibrationCurve, classificationReport,
  classificationReportData, crossValScore, crossValidate, init, loadCsv, loadCsvText, makeBlobs, makeClassification, makeMoons, makeXor,
  rocCurve, trainTestSplit, tuneThreshold,
} from '../src/index.js';
import { loadCsvFile, loadDataset } from '../src/node.js';
import { closestName, editDistance, normaliseOptions } from '../src/options.js';
import { expectWasmlpError } from './helpers/expect-error.js';

type Options = Record<string, unknown>;

/**
 * One row per exported constructor, function or method that takes an options object: how to call it
 * with extra options merged in, a misspelled key, and the valid name the error must suggest.
 */
interface TypoCase {
  call: (extra: Options) => unknown;
  typo: string;
  suggests: string;
}

const build = () => {
  const m = new Sequential([new Dense({ units: 1, activation: 'sigmoid', inputDim: 2 })]);
  m.compile({ loss: 'binaryCrossentropy' });
  return m;
};
const clf = () => new KerasClassifier({ build });
const X = [[0, 0], [1, 1], [0, 1], [1, 0]];
const Y = [0, 1, 0, 1];
const CSV = 'a,b,label\n1,2,x\n3,4,y\n';

/** Keyed by export name; methods as 'Class#method'. */
const CASES: Record<string, TypoCase> = {
  Sequential: { call: (o) => new Sequential([], o), typo: 'sede', suggests: 'seed' },
  'Sequential#compile': { call: (o) => build().compile({ loss: 'mse', ...o }), typo: 'optimiser', suggests: 'optimizer' },
  'Sequential#fit': { call: (o) => build().fit(X, Y, o), typo: 'epoch', suggests: 'epochs' },
  'Sequential#predictClasses': { call: (o) => build().predictClasses(X, o), typo: 'treshold', suggests: 'threshold' },
  'Sequential#evaluate': { call: (o) => build().evaluate(X, Y, o), typo: 'sampleWeights', suggests: 'sampleWeight' },
  'Sequential#save': { call: (o) => build().save('never-written.json', o), typo: 'wieghts', suggests: 'weights' },
  Dense: { call: (o) => new Dense({ units: 2, ...o }), typo: 'activaton', suggests: 'activation' },
  Dropout: { call: (o) => new Dropout({ rate: 0.1, ...o }), typo: 'rat', suggests: 'rate' },
  BatchNormalization: { call: (o) => new main.BatchNormalization(o), typo: 'momentun', suggests: 'momentum' },
  EarlyStopping: { call: (o) => new EarlyStopping(o), typo: 'patiense', suggests: 'patience' },
  ProgressLogger: { call: (o) => new ProgressLogger(o), typo: 'evry', suggests: 'every' },
  init: { call: (o) => init(o as never), typo: 'modul', suggests: 'module' },
  loadCsv: { call: (o) => loadCsv(CSV, o), typo: 'positveClass', suggests: 'positiveClass' },
  loadCsvText: { call: (o) => loadCsvText(CSV, o), typo: 'lable', suggests: 'label' },
  loadCsvFile: { call: (o) => loadCsvFile('no-such-file.csv', o), typo: 'delimeter', suggests: 'delimiter' },
  loadDataset: { call: (o) => loadDataset('iris', o), typo: 'dataDirectory', suggests: 'dataDir' },
  makeMoons: { call: (o) => makeMoons(o), typo: 'samples', suggests: 'nSamples' },
  makeBlobs: { call: (o) => makeBlobs(o), typo: 'center', suggests: 'centers' },
  makeClassification: { call: (o) => makeClassification(o), typo: 'nClass', suggests: 'nClasses' },
  makeXor: { call: (o) => makeXor(o), typo: 'noize', suggests: 'noise' },
  StandardScaler: { call: (o) => new StandardScaler(o), typo: 'withMeans', suggests: 'withMean' },
  MinMaxScaler: { call: (o) => new MinMaxScaler(o), typo: 'range', suggests: 'featureRange' },
  OneHotEncoder: { call: (o) => new OneHotEncoder(o), typo: 'handle_unknwn', suggests: 'handleUnknown' },
  trainTestSplit: { call: (o) => trainTestSplit(X, Y, o), typo: 'testSise', suggests: 'testSize' },
  KFold: { call: (o) => new KFold(o), typo: 'nSplit', suggests: 'nSplits' },
  StratifiedKFold: { call: (o) => new StratifiedKFold(o), typo: 'shufle', suggests: 'shuffle' },
  KerasClassifier: { call: (o) => new KerasClassifier({ build, ...o }), typo: 'epocs', suggests: 'epochs' },
  'KerasClassifier.fromJSON': { call: (o) => KerasClassifier.fromJSON({}, o), typo: 'biuld', suggests: 'build' },
  'Pipeline.fromJSON': { call: (o) => Pipeline.fromJSON({}, o), typo: 'bulid', suggests: 'build' },
  crossValidate: { call: (o) => crossValidate(clf(), X, Y, o), typo: 'scorng', suggests: 'scoring' },
  crossValScore: { call: (o) => crossValScore(clf(), X, Y, o), typo: 'worker', suggests: 'workers' },
  GridSearchCV: { call: (o) => new GridSearchCV(clf(), { epochs: [1] }, o), typo: 'refitt', suggests: 'refit' },
  rocCurve: { call: (o) => rocCurve(Y, [0.1, 0.9, 0.2, 0.8], o), typo: 'dropIntermediates', suggests: 'dropIntermediate' },
  calibrationCurve: { call: (o) => calibrationCurve(Y, [0.1, 0.9, 0.2, 0.8], o), typo: 'bins', suggests: 'nBins' },
  classificationReport: { call: (o) => classificationReport(Y, Y, o), typo: 'digit', suggests: 'digits' },
  classificationReportData: { call: (o) => classificationReportData(Y, Y, o), typo: 'targetName', suggests: 'targetNames' },
  tuneThreshold: { call: (o) => tuneThreshold(clf(), X, Y, o), typo: 'metrc', suggests: 'metric' },
  TunedThresholdClassifier: { call: (o) => new TunedThresholdClassifier(clf(), o), typo: 'sed', suggests: 'seed' },
  CalibratedClassifier: { call: (o) => new CalibratedClassifier(clf(), o), typo: 'methd', suggests: 'method' },
  // Issue 13 (recipe): the tabular recipe, schedules and callbacks.
  TabularClassifier: { call: (o) => new main.TabularClassifier(o), typo: 'hiden', suggests: 'hidden' },
  RobustScaler: { call: (o) => new main.RobustScaler(o), typo: 'smoothClp', suggests: 'smoothClip' },
  ExponentialDecay: { call: (o) => new main.ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.9, ...o }), typo: 'decayRates', suggests: 'decayRate' },
  PiecewiseConstantDecay: { call: (o) => new main.PiecewiseConstantDecay({ boundaries: [1], values: [0.1, 0.01], ...o }), typo: 'valuse', suggests: 'values' },
  CosineDecay: { call: (o) => new main.CosineDecay({ initialLearningRate: 0.1, decaySteps: 10, ...o }), typo: 'alpah', suggests: 'alpha' },
  OneCycle: { call: (o) => new main.OneCycle({ maxLearningRate: 0.1, totalSteps: 10, ...o }), typo: 'pctStrat', suggests: 'pctStart' },
  MultiCycle: { call: (o) => new main.MultiCycle({ maxLearningRate: 0.1, totalSteps: 10, ...o }), typo: 'cycle', suggests: 'cycles' },
  ReduceLROnPlateau: { call: (o) => new main.ReduceLROnPlateau(o), typo: 'factr', suggests: 'factor' },
  CSVLogger: { call: (o) => new main.CSVLogger({ write: () => {}, ...o }), typo: 'separater', suggests: 'separator' },
  ModelCheckpoint: { call: (o) => new main.ModelCheckpoint({ path: 'model.json', ...o }), typo: 'saveBestOnli', suggests: 'saveBestOnly' },
  // Issue 13 (search within a budget).
  RandomizedSearchCV: { call: (o) => new main.RandomizedSearchCV(clf(), { epochs: [1] }, o), typo: 'nIters', suggests: 'nIter' },
  HalvingRandomSearchCV: { call: (o) => new main.HalvingRandomSearchCV(clf(), { epochs: [1] }, o), typo: 'minResource', suggests: 'minResources' },
  // Issue 10 (tables, text): table loaders and tools.
  loadTable: { call: (o) => main.loadTable(CSV, o), typo: 'delimeter', suggests: 'delimiter' },
  readTable: { call: (o) => main.readTable(CSV, o), typo: 'missingValue', suggests: 'missingValues' },
  parseTable: { call: (o) => main.parseTable(CSV, o), typo: 'encodng', suggests: 'encoding' },
  tableFromObjects: { call: (o) => main.tableFromObjects([{ a: 1 }], o), typo: 'missingValue', suggests: 'missingValues' },
  tableFromNdjson: { call: (o) => main.tableFromNdjson('{"a":1}\n', o), typo: 'fileNam', suggests: 'fileName' },
  inferSchema: { call: (o) => main.inferSchema(main.tableFromObjects([{ a: 1, b: 'x' }]), o), typo: 'categorcal', suggests: 'categorical' },
  splitLabel: { call: (o) => main.splitLabel(main.tableFromObjects([{ a: 1, b: 'x' }, { a: 2, b: 'y' }]), 'b', o), typo: 'positveClass', suggests: 'positiveClass' },
  loadTextFolder: { call: (o) => nodeEntry.loadTextFolder('no-such-folder', o), typo: 'extension', suggests: 'extensions' },
  SimpleImputer: { call: (o) => new main.SimpleImputer(o), typo: 'strategie', suggests: 'strategy' },
  OrdinalEncoder: { call: (o) => new main.OrdinalEncoder(o), typo: 'unknownValues', suggests: 'unknownValue' },
  ColumnTransformer: { call: (o) => new main.ColumnTransformer([['num', new StandardScaler(), ['a']]], o), typo: 'remaindr', suggests: 'remainder' },
  TableTransformer: { call: (o) => new main.TableTransformer(o), typo: 'categoricl', suggests: 'categorical' },
  // Issue 16 (interop/explain).
  permutationImportance: { call: (o) => explainEntry.permutationImportance(explainable, X, Y, o), typo: 'nRepeat', suggests: 'nRepeats' },
  partialDependence: { call: (o) => explainEntry.partialDependence(explainable, X, 0, o), typo: 'gridResolutin', suggests: 'gridResolution' },
};

/** A stand-in model for the explain functions (they only call predictProba). */
const explainable = { predictProba: (m: main.Matrix) => ({ data: new Float32Array(m.rows * 2).fill(0.5), rows: m.rows, cols: 2 }) };

/**
 * Exports that take no options object, with the reason. A new export must land in CASES or here:
 * the coverage test below fails otherwise, so no constructor ships without typo checking.
 */
const NO_OPTIONS: Record<string, string> = {
  // Issue 15 (streaming, cluster): their options are checked field by field by the stream and cluster code (test/stream, test/cluster).
  supportsPartialFit: 'a type guard', scanCsv: 'takes a path and csvSource options',
  csvSource: 'options checked by the stream code (test/stream/sources.test.ts)', ndjsonSource: 'options checked by the stream code (test/stream/sources.test.ts)',
  fitPipelineStream: 'options checked by the stream code', RedisExecutor: 'takes a URL; checked in test/cluster', startWorker: 'options checked in test/cluster',
  History: 'no constructor arguments',
  WasmlpError: 'error type',
  setWarningHandler: 'takes a function',
  memoryStats: 'no arguments',
  matrix: 'positional (data, rows, cols)',
  toMatrix: 'positional (x, name)',
  toRows: 'positional (matrix)',
  confusionMatrix: 'positional (y, yPred, k)',
  rocAuc: 'positional (y, p)',
  binaryAccuracy: 'positional (y, p)',
  binaryCounts: 'positional (y, yPred)',
  SeededRandom: 'positional (seed)',
  detectDelimiter: 'positional (text)',
  isCsvText: 'positional (text)',
  setCsvEngine: 'takes an engine object, checked by type',
  LabelEncoder: 'no options',
  stratifiedHoldout: 'positional (classIds, fraction, seed)',
  Pipeline: 'takes an array of [name, step] pairs',
  expandGrid: 'takes a parameter grid (any key is a parameter name)',
  getScorer: 'positional (name)',
  closeSharedPools: 'no arguments',
  balancedAccuracy: 'positional (y, yPred)',
  precision: 'positional (y, yPred)',
  recall: 'positional (y, yPred)',
  fBeta: 'positional (y, yPred, beta)',
  f1: 'positional (y, yPred)',
  matthewsCorrcoef: 'positional (y, yPred)',
  prAuc: 'positional (y, p)',
  logLoss: 'positional (y, p)',
  brierScore: 'positional (y, p)',
  precisionRecallCurve: 'positional (y, p)',
  decisionThreshold: 'positional (metric)',
  chooseThreshold: 'positional (y, p, metric)',
  SigmoidCalibrator: 'positional (a, b)',
  IsotonicCalibrator: 'positional (thresholds, values)',
  cacheDir: 'no arguments',
  // wasmlp/tfjs
  exportTfjs: 'positional (model)',
  tfjsModelJSON: 'positional (artifacts)',
  loadTfjs: 'positional (json, weightData)',
  planTfjs: 'positional (json)',
  saveTfjs: 'positional (model, dir)',
  loadTfjsFiles: 'positional (path)',
  threads: 'no arguments',
  setOptionRenderer: 'takes a function',
  apiOption: 'positional (option, value)',
  LearningRateScheduler: 'takes a function (epoch, learningRate) => learningRate',
  TerminateOnNaN: 'no arguments',
  table: 'takes an array of columns',
  isTable: 'positional (value)',
  getColumn: 'positional (table, name)',
  selectTableRows: 'positional (table, indices)',
  dropColumns: 'positional (table, names)',
  columnIndex: 'positional (table, ref)',
  decodeBytes: 'positional (bytes, encoding)',
  selectRows: 'positional (x, indices)',
  sampleParams: 'positional (distributions, nIter, seed); each distribution object is checked (test/model-selection/randomized-search.test.ts)',
  topKCategoricalAccuracy: 'positional (yTrue, yPred, k)',
  sparseTopKCategoricalAccuracy: 'positional (yTrue, yPred, k)',
  precisionAtK: 'positional (yTrue, yScore, k)',
  recallAtK: 'positional (yTrue, yScore, k)',
  toFeatures: 'positional (x, name)',
};

describe('every option object refuses a typo and names the closest valid option', () => {
  it('covers every exported constructor and function of wasmlp, wasmlp/node and wasmlp/tfjs', () => {
    const callable = [...new Set([main, nodeEntry, tfjsEntry, explainEntry].flatMap((m) => Object.entries(m).filter(([, v]) => typeof v === 'function').map(([k]) => k)))];
    const unlisted = callable.filter((name) => !(name in CASES) && !(name in NO_OPTIONS));
    expect(unlisted, 'add a typo case to CASES (and validate with normaliseOptions from src/options.ts), or a reason to NO_OPTIONS').toEqual([]);
    const stale = [...Object.keys(CASES).filter((k) => !/[#.]/.test(k)), ...Object.keys(NO_OPTIONS)].filter((name) => !callable.includes(name));
    expect(stale, 'entries naming exports that no longer exist').toEqual([]);
  });

  it.each(Object.entries(CASES))('%s', async (_name, { call, typo, suggests }) => {
    const err = await expectWasmlpError(() => call({ [typo]: 1 }), 'BAD_OPTION', [`'${typo}'`, `Did you mean '${suggests}'?`], { option: typo });
    expect(err.message).toMatch(/Valid options: |Its options are: /);
  });
});

describe('normaliseOptions', () => {
  it('maps Keras/scikit-learn snake_case keys to the camelCase names', () => {
    expect(normaliseOptions<{ nSplits: number; shuffle: boolean }>('KFold', { n_splits: 3, shuffle: true }, ['nSplits', 'shuffle'])).toEqual({ nSplits: 3, shuffle: true });
    expect(new KFold({ n_splits: 3 } as never).nSplits).toBe(3);
    expect(new EarlyStopping({ patience: 3, restore_best_weights: true } as never).restoreBestWeights).toBe(true);
  });

  it('drops undefined values, so spreading optional settings does not trip it', () => {
    expect(normaliseOptions('x', { a: undefined, b: 2 }, ['b'])).toEqual({ b: 2 });
  });

  it('refuses a non-object with a coded error', async () => {
    await expectWasmlpError(() => normaliseOptions('KFold', 5, ['nSplits']), 'BAD_OPTION', ['KFold takes an options object', 'received 5']);
    await expectWasmlpError(() => new KFold([3] as never), 'BAD_OPTION', ['an array of length 1']);
  });

  it('offers no suggestion when nothing is near, and lists the valid names', async () => {
    const err = await expectWasmlpError(() => new KFold({ zebra: 1 } as never), 'BAD_OPTION', ["Unknown KFold option 'zebra'", 'Valid options: nSplits, shuffle, seed']);
    expect(err.message).not.toMatch(/Did you mean/);
  });
});

describe('closestName / editDistance', () => {
  it('computes edit distances with adjacent swaps costing one', () => {
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('patiense', 'patience')).toBe(1);
    expect(editDistance('ab', 'ba')).toBe(1);
    expect(editDistance('same', 'same')).toBe(0);
  });

  it('ignores case and separators and prefers prefixes', () => {
    expect(closestName('Batch_Sise', ['epochs', 'batchSize'])).toBe('batchSize');
    expect(closestName('epoch', ['epochs', 'initialEpoch'])).toBe('epochs');
    expect(closestName('qqqqqqqq', ['epochs', 'batchSize'])).toBeUndefined();
  });
});
