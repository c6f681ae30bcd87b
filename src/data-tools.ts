/**
 * Host-side data tools (no WebAssembly needed): CSV loading, preprocessing, model selection and
 * synthetic data. Re-exported by src/index.ts; the Node file reader lives in src/data/csv-node.ts.
 */
export { loadCsv, loadCsvText, detectDelimiter, isCsvText, type CsvSource } from './data/csv.js';
export type { CsvOptions, Dataset, Task } from './data/dataset.js';
export { setCsvEngine, type CsvEngine } from './data/csv-engine.js';
export { MISSING_TOKENS } from './data/csv-cells.js';
export { makeMoons, makeBlobs, makeClassification, makeXor } from './data/synthetic.js';
export type { SyntheticData, SyntheticOptions, BlobsOptions, ClassificationOptions } from './data/synthetic.js';

export type { Transformer, TransformerJSON } from './preprocessing/transformer.js';
export { StandardScaler, type StandardScalerConfig, type StandardScalerState } from './preprocessing/standard-scaler.js';
export { MinMaxScaler, type MinMaxScalerConfig, type MinMaxScalerState } from './preprocessing/min-max-scaler.js';
export { LabelEncoder, type Label, type LabelEncoderState } from './preprocessing/label-encoder.js';
export { OneHotEncoder, type OneHotEncoderConfig, type OneHotEncoderState } from './preprocessing/one-hot-encoder.js';

export { trainTestSplit, type TrainTestSplit, type TrainTestSplitOptions } from './model-selection/train-test-split.js';
export { KFold, type Fold, type KFoldOptions } from './model-selection/kfold.js';
export { StratifiedKFold } from './model-selection/stratified-kfold.js';
export { stratifiedHoldout } from './data/stratified-sample.js';

// Model selection trains models, so these use the WebAssembly core (loaded by fit as usual).
export * from './model-selection/index.js';

// Tables with named, typed columns (issue 10): loading, schema, label.
export { loadTable, readTable, parseTable, type TableOptions, type TableInfo, type TableSource } from './data/table-loader.js';
export { tableFromObjects, tableFromNdjson, type ObjectRowsOptions } from './data/table-objects.js';
export { table, isTable, getColumn, selectTableRows, dropColumns, type Table, type Column, type NumberColumn, type StringColumn } from './data/table.js';
export { inferSchema, COLUMN_KINDS, type ColumnKind, type ColumnSchema, type SchemaOptions, type SchemaWarning, type TableSchema } from './data/schema.js';
export { splitLabel, type LabelledTable, type SplitLabelOptions } from './data/table-label.js';
export { columnIndex, type ColumnRef } from './data/table-columns.js';
export { decodeBytes, type Encoding } from './data/encoding.js';
export { selectRows, toFeatures, type Features, type FeaturesLike } from './data/rows.js';
export { SimpleImputer, IMPUTE_STRATEGIES, type ImputeStrategy, type SimpleImputerConfig, type SimpleImputerState } from './preprocessing/simple-imputer.js';
export { OrdinalEncoder, type OrdinalEncoderConfig, type OrdinalEncoderState } from './preprocessing/ordinal-encoder.js';
export { ColumnTransformer, type ColumnPart, type ColumnSelector, type ColumnTransformerOptions } from './preprocessing/column-transformer.js';
export { TableTransformer, type TableTransformerConfig, type ColumnPlan } from './preprocessing/table-transformer.js';
export { setOptionRenderer, apiOption, type OptionRenderer } from './advice.js';
