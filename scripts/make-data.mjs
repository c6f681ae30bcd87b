// Writes the project's default dataset (data/moons.csv) from the seeded generator in
// src/cli/default-data.ts (built into dist/). The committed file must equal this output byte for
// byte; test/cli/default-data.test.ts checks it. Run: npm run build && node scripts/make-data.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_DATASET_PATH, defaultDatasetCsv } from '../dist/cli/default-data.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, DEFAULT_DATASET_PATH);
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, defaultDatasetCsv());
console.log(`wrote ${DEFAULT_DATASET_PATH}`);
