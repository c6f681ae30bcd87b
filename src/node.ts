/**
 * `wasmlp/node`: everything in the main entry, plus the Node side of the CSV loader (csv-parse's
 * native build and a file reader). Kept apart so browser bundles of `wasmlp` never see node:fs.
 * The core loads synchronously here from dist/wasmlp.wasm, so `init()` is optional.
 */
export * from './index.js';
export { loadCsv, loadCsvFile, nodeCsvEngine } from './data/csv-node.js';
export { loadDataset, cacheDir, DATASETS, DATASET_NAMES, type LoadDatasetOptions, type NamedDataset, type DatasetName, type DatasetSpec } from './datasets/load-dataset.js';
export { loadTextFolder, type LoadTextFolderOptions, type TextFolder } from './text/text-folder-node.js';

import { useCollector } from './model/collector.js';
import { nodeCollectGarbage } from './runtime/node-gc.js';
// Dropped models are reclaimed before memory grows, with Node's collector (src/model/collector.ts).
useCollector(nodeCollectGarbage);
// Ends the worker threads crossValidate / GridSearchCV keep for later calls (they never keep the process alive).
export { closeSharedPools } from './model-selection/parallel.js';
// Streaming training and model selection on a cluster (issue 15).
export { csvSource, ndjsonSource, scanCsv, type CsvSourceOptions, type NdjsonSourceOptions, type CsvScan } from './stream/csv-source.js';
export { fitPipelineStream, type PipelineStreamOptions } from './stream/pipeline-stream.js';
export { RedisExecutor, type RedisExecutorOptions } from './cluster/redis-executor.js';
export { startWorker, type WorkerOptions } from './cluster/worker.js';
