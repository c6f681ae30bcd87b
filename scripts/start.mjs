// `npm start` (after `npm run build`): a full cross-validated experiment on the project's own
// default dataset, offline, then the one-line command for the Sonar experiment.
import { existsSync, writeFileSync, mkdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_DATASET_PATH, defaultDatasetCsv } from '../dist/cli/default-data.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const data = join(root, DEFAULT_DATASET_PATH);
if (!existsSync(data)) {
  // Committed to the repository; regenerated (same bytes) if someone deleted it.
  mkdirSync(dirname(data), { recursive: true });
  writeFileSync(data, defaultDatasetCsv());
}
const args = ['cv', DEFAULT_DATASET_PATH, '--layers', '16,16', '--activation', 'relu', '--epochs', '100', '--batch-size', '16',
  '--folds', '10', '--scale', 'standard', '--seed', '7', '--scoring', 'accuracy,rocAuc,f1', '--report', 'report.html', '--force'];
console.log(`$ wasmlp ${args.join(' ')}\n`);
const run = spawnSync(process.execPath, [join(root, 'dist/cli/main.js'), ...args], { cwd: root, stdio: 'inherit' });
if (run.status !== 0) process.exit(run.status ?? 1);
console.log(`
Open report.html for the learning curves, the ROC curve and the confusion matrix.

The Sonar experiment (the UCI file is read from WASMLP_DATA_DIR or downloaded once into your cache):
  npx wasmlp cv sonar --layers 60 --activation relu --epochs 100 --batch-size 5 --folds 10 --scale standard --seed 7`);
