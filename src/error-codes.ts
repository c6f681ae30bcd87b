/**
 * The one table of every code wasmlp can raise: errors (WasmlpError.code) and warnings (warn()).
 * Codes are literals so the type system refuses a code that is not listed here, and the catalogue
 * test (test/hardening/error-catalogue.test.ts) walks these tables against docs/errors.md.
 * Adding a code: add it here with a short description, and a row to docs/errors.md.
 */
export const ERROR_CODES = {
  BAD_INPUT_TYPE: 'x, y or a CSV source is not a supported kind of value',
  EMPTY_DATA: 'x, y or a rows file has no rows (or rows with no columns)',
  SHAPE_MISMATCH: 'A Matrix whose data length is not rows * cols',
  RAGGED_ROW: 'A row (array or CSV line) has a different number of values than the first',
  NOT_A_NUMBER: 'A feature or label cell is text (or another type) where a number is needed',
  NON_FINITE: 'NaN, Infinity or a value beyond float32 range in features, labels, weights or scores',
  LENGTH_MISMATCH: 'x and y (or sampleWeight, or y and p) have different numbers of rows',
  LABEL_SHAPE: 'Labels have a width that does not fit the loss and the last layer (class ids for categoricalCrossentropy, one-hot rows for sparse, a wrong number of columns)',
  LABEL_RANGE: 'A label outside [0, 1] for binaryCrossentropy, or a class id outside 0..units-1 (or fractional) for sparseCategoricalCrossentropy',
  LABEL_NOT_ONE_HOT: 'A categoricalCrossentropy label row is not a distribution over classes (several ones, negative values)',
  NOT_CLASS_LABELS: 'A classifier tool (stratified folds, KerasClassifier, scoring) received labels that are not integer class ids',
  EMPTY_FILE: 'The CSV file or text has no rows at all',
  HEADER_ONLY: 'The CSV has a header line but no data rows',
  TOO_FEW_COLUMNS: 'A CSV line has a single column, so there is no feature beside the label',
  CSV_SYNTAX: 'csv-parse could not read the text: an unclosed or stray quote',
  BOM_IN_DATA: 'A byte-order mark (U+FEFF) inside the data: two files were concatenated',
  TEXT_COLUMN: 'A feature column holds text',
  MISSING_VALUE: 'A feature cell is missing (?, empty, NA, NaN, null) and missing is \'error\' (the default)',
  MISSING_LABEL: 'A label cell is missing',
  DUPLICATE_COLUMN: 'Two columns of a Table have the same name',
  UNKNOWN_COLUMN: 'A column name that the Table does not have',
  ALL_MISSING: 'A column has no values at all, so it cannot be imputed',
  SINGLE_CLASS: 'The label (of a file, or of a fold\'s training part) has only one class',
  NOT_BINARY: 'task: \'binary\' was asked for but the label has more than two classes',
  TOO_MANY_CLASSES: 'A text label column has more than 10,000 distinct values',
  LABEL_NOT_NUMERIC: 'task: \'regression\' but the label column holds text',
  UNKNOWN_MISSING_MODE: 'The missing option is not one of error, drop, mean, median',
  UNKNOWN_CATEGORICAL_MODE: 'The categorical option is not one of the listed modes',
  UNKNOWN_TASK_MODE: 'The task option is not one of the listed tasks',
  UNKNOWN_LABEL_COLUMN: 'label names a header that the file does not have',
  UNKNOWN_LABEL: 'A label that was not seen when the encoder (or the saved model) was fitted',
  UNKNOWN_CATEGORY: 'OneHotEncoder.transform met a category not seen in fit',
  NOT_CLASSIFICATION: 'The CLI was given a label column with continuous values',
  BAD_CSV: 'The CLI could not parse a rows file for predict',
  HTTP_ERROR: 'loadCsv was given a Response with an error status',
  NO_FILE_SYSTEM: 'A file path was given in a runtime without a file system (browser, edge)',
  FILE_NOT_FOUND: 'No file (or a directory) at the given path',
  FILE_IS_DIRECTORY: 'A directory was given where a model file is expected',
  FILE_WRITE: 'A model, report or cache file could not be written',
  BAD_OPTION: 'An option has a wrong type or range, or an unknown name (the message names the option and the valid values)',
  UNKNOWN_ACTIVATION: 'The activation name is not one wasmlp knows',
  UNKNOWN_LOSS: 'The loss name is not one wasmlp knows',
  UNKNOWN_OPTIMIZER: 'The optimizer name is not one wasmlp knows',
  UNKNOWN_INITIALIZER: 'The initializer name is not one wasmlp knows',
  UNKNOWN_METRIC: 'A metric name is not one wasmlp knows',
  UNKNOWN_SCORING: 'A scoring name for cross-validation or grid search is not known',
  METRIC_NOT_APPLICABLE: 'A metric that does not fit the model (accuracy on a regression, binaryAccuracy on a softmax)',
  SOFTMAX_ONE_UNIT: 'Softmax over a single unit, whose output is always 1.0',
  BAD_ARCHITECTURE: 'The layers do not form a valid model (ending in Dropout, a second layer\'s inputDim disagreeing, sparse loss on one unit)',
  BAD_LAYER: 'Something that is not a Dense or Dropout layer was added to a Sequential',
  NO_LAYERS: 'A model without any Dense layer',
  NO_INPUT_DIM: 'The input width is unknown when the model must be built (or exported)',
  ALREADY_BUILT: 'A layer was added after the model was built',
  NOT_COMPILED: 'fit or evaluate before compile',
  INPUT_WIDTH: 'The data\'s column count differs from the model\'s input width',
  WEIGHTS_MISMATCH: 'setWeights received the wrong number of arrays or values',
  TRAINING_DIVERGED: 'The loss became NaN or Infinity; the weights from before that epoch are kept',
  MODEL_BUSY: 'A second fit (or compile) on a model whose fit is still running',
  DISPOSED: 'The model was used after dispose()',
  MODEL_TOO_LARGE: 'The architecture needs more parameters than wasmlp supports (256 M)',
  OUT_OF_MEMORY: 'WebAssembly memory would exceed 4 GiB, or the engine refused to grow it',
  NOT_INITIALIZED: 'A synchronous call in a browser or edge runtime before the core was loaded',
  WASM_LOAD_FAILED: 'The WebAssembly core could not be found, fetched or compiled (or is not wasmlp\'s)',
  INTERNAL: 'An internal check failed (an invalid allocation size, a trap in the core)',
  BAD_MODEL_FILE: 'A wasmlp model file that is not usable: not JSON, wrong format tag, bad layer config, weights that disagree with the layers, truncated data, NaN weights',
  MODEL_CORRUPTED: 'The integrity check of a saved model failed: the file was edited or damaged after saving',
  MODEL_VERSION: 'The file was written by a newer wasmlp (format or metadata version)',
  BAD_JSON: 'A transformer or classifier fromJSON received something that is not its toJSON() output',
  BAD_FORMAT: 'Pipeline.fromJSON received something that is not a pipeline artefact',
  BAD_TFJS_MODEL: 'A TensorFlow.js model.json that cannot be read (not JSON, not a Sequential layers model, bad shapes, paths outside the directory)',
  TFJS_UNSUPPORTED_LAYER: 'The TensorFlow.js model has a layer wasmlp cannot run (Conv2D, LSTM, BatchNormalization, ...)',
  TFJS_UNSUPPORTED: 'The wasmlp model uses something TensorFlow.js cannot represent',
  TFJS_DUPLICATE_NAME: 'Two layers share a name, which TensorFlow.js uses to match weights',
  TFJS_WEIGHTS: 'The weight files do not match the manifest (truncated, too long, missing)',
  TOO_FEW_MEMBERS: 'A class has fewer members than the number of stratified folds',
  MISSING_CLASS: 'A fold\'s training part lacks a class, so its model predicts fewer classes',
  NOT_FITTED: 'transform, predict or predictProba before fit',
  WIDTH_MISMATCH: 'A fitted transformer or model received rows of another width',
  NO_BUILDER: 'A KerasClassifier loaded from JSON was asked to train without a build function',
  BAD_BUILDER: 'A KerasClassifier\'s build function did not return a compiled Sequential',
  UNKNOWN_PIPELINE_STEP: 'A pipeline parameter names a step that does not exist',
  UNKNOWN_ESTIMATOR: 'A pipeline artefact names an estimator class wasmlp does not know',
  UNKNOWN_TRANSFORMER: 'A pipeline artefact names a transformer class wasmlp does not know',
  UNREACHABLE_CONSTRAINT: 'No threshold meets the asked minimum precision or recall on out-of-fold predictions',
  NOT_PARALLEL: 'workers > 1 cannot be used here (no worker threads, builder not importable, not built)',
  WORKER_DIED: 'A worker thread fitting a fold exited or crashed; the message names the fold',
  UNKNOWN_DATASET: 'loadDataset / wasmlp cv NAME with a name that is not a known dataset',
  DATASET_NOT_FOUND: 'The dataset is not in WASMLP_DATA_DIR or the cache, and downloading is off',
  DOWNLOAD_FAILED: 'The one-time dataset download failed (network, HTTP status)',
  DOWNLOAD_TRUNCATED: 'The download broke off before the end; nothing was cached',
  DATASET_CORRUPT: 'The downloaded file is not the expected dataset (encoding, shape or class counts differ); nothing was cached',
  // Interop (issue 16): ONNX export, Arrow input.
  ONNX_UNSUPPORTED_LAYER: 'exportOnnx met a layer (or activation) with no ONNX counterpart',
  ONNX_UNSUPPORTED_STEP: 'exportOnnx met a pipeline step it cannot convert',
  ARROW_UNSUPPORTED_TYPE: 'fromArrow met a column of an Arrow type it does not read (list, struct, timestamp ...)',
  ARROW_SCHEMA_MISMATCH: 'The record batches given to fromArrow do not share one schema',
} as const;

export const WARNING_CODES = {
  SIGMOID_WITH_CATEGORICAL: 'categoricalCrossentropy (or sparse) with a sigmoid output',
  SOFTMAX_WITH_BINARY: 'binaryCrossentropy with a softmax output',
  CROSSENTROPY_WITHOUT_PROBABILITIES: 'A crossentropy loss on an output that is not sigmoid or softmax',
  ACCURACY_ON_IMBALANCED: 'A class is under 10% of the training labels and accuracy is the only metric',
  MAJORITY_CLASS_ONLY: 'The trained model predicts one class for every training row although several are present',
  TFJS_UNUSED_WEIGHTS: 'A TensorFlow.js manifest lists weights no wasmlp layer uses (optimizer state)',
  TFJS_FROZEN_LAYER: 'A TensorFlow.js layer was frozen (trainable: false); wasmlp trains every layer',
  TFJS_REGULARIZER_DROPPED: 'A TensorFlow.js regularizer wasmlp does not implement was dropped',
  TFJS_SETTING_DROPPED: 'A TensorFlow.js layer setting wasmlp does not implement (constraints, activity regularizers) was dropped',
  TFJS_ACTIVATION_MOVED: 'An activation layer after a Dropout was moved before it (same predictions)',
  TFJS_TRAINING_CONFIG_DROPPED: 'The TensorFlow.js training config could not be mapped; the model loads uncompiled',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;
export type WarningCode = keyof typeof WARNING_CODES;

/**
 * The families of "unknown name" errors: the kind of name as written in messages, and its code.
 * unknownName() takes one of these kinds, so a new family must be listed here (and documented).
 */
export const UNKNOWN_NAME_CODES = {
  activation: 'UNKNOWN_ACTIVATION',
  loss: 'UNKNOWN_LOSS',
  optimizer: 'UNKNOWN_OPTIMIZER',
  initializer: 'UNKNOWN_INITIALIZER',
  scoring: 'UNKNOWN_SCORING',
  dataset: 'UNKNOWN_DATASET',
  'label column': 'UNKNOWN_LABEL_COLUMN',
  'missing mode': 'UNKNOWN_MISSING_MODE',
  'categorical mode': 'UNKNOWN_CATEGORICAL_MODE',
  'task mode': 'UNKNOWN_TASK_MODE',
  'pipeline step': 'UNKNOWN_PIPELINE_STEP',
  estimator: 'UNKNOWN_ESTIMATOR',
  transformer: 'UNKNOWN_TRANSFORMER',
} as const satisfies Record<string, ErrorCode>;

export type UnknownNameKind = keyof typeof UNKNOWN_NAME_CODES;

/** True for a code listed in ERROR_CODES (codes crossing a worker boundary arrive as strings). */
export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(ERROR_CODES, code);
}
