import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadCsvText } from '../../src/index.js';
import { DEFAULT_DATASET_PATH, defaultDatasetCsv } from '../../src/cli/default-data.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('the default dataset and npm start', () => {
  it('data/moons.csv is exactly what the seeded generator makes (project-made, reproducible)', () => {
    const committed = readFileSync(`${root}${DEFAULT_DATASET_PATH}`, 'utf8');
    expect(committed).toBe(defaultDatasetCsv());
    const ds = loadCsvText(committed);
    expect([ds.x.rows, ds.x.cols]).toEqual([400, 6]);
    expect(ds.classes).toEqual(['lower', 'upper']);
    expect(ds.featureNames[0]).toBe('length_mm');
    expect(defaultDatasetCsv(1)).not.toBe(committed);
  });

  it('npm start runs a 10-fold experiment offline and ends with the Sonar command', () => {
    const r = spawnSync(process.execPath, ['scripts/start.mjs'], { cwd: root, encoding: 'utf8', env: { ...process.env, WASMLP_DATA_DIR: '/nonexistent' } });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('stratified 10-fold cross-validation');
    const accuracy = Number(/accuracy: ([\d.]+)%/.exec(r.stdout)![1]);
    expect(accuracy).toBeGreaterThan(80);
    expect(r.stdout.trim().split('\n').at(-1)!.trim()).toBe('npx wasmlp cv sonar --layers 60 --activation relu --epochs 100 --batch-size 5 --folds 10 --scale standard --seed 7');
  });
});
