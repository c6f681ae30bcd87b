import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Pipeline, TabularClassifier } from '../../src/index.js';
import { wantsRecipe } from '../../src/cli/recipe.js';
import { dataPath } from '../helpers/data-dir.js';
import { cli } from './io.js';

const dir = mkdtempSync(join(tmpdir(), 'wasmlp-recipe-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const iris = dataPath('iris.csv');

describe('the CLI uses the default recipe when no architecture flag is given', () => {
  it('wantsRecipe: any of --layers --activation --optimizer --lr --epochs --batch-size --dropout --scale switches it off', () => {
    expect(wantsRecipe(['data.csv', '--folds', '5', '--seed', '1'])).toBe(true);
    for (const flag of ['--layers', '--activation', '--optimizer', '--lr', '--epochs', '--batch-size', '--dropout', '--scale']) {
      expect(wantsRecipe(['data.csv', flag, '1'])).toBe(false);
      expect(wantsRecipe(['data.csv', `${flag}=1`])).toBe(false);
    }
  });

  it('cv with no flags runs TabularClassifier; train saves it and predict reloads it', async () => {
    const r = await cli(['cv', iris, '--folds', '3', '--seed', '1', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('default recipe, ensemble of 5');
    expect(r.stdout).toContain('chosen by an inner 3-fold CV among 64-64, 64, none');
    expect(r.stdout).toContain('3(softmax)');
    expect(Number(/accuracy: ([\d.]+)%/.exec(r.stdout)![1])).toBeGreaterThanOrEqual(90);
    const out = join(dir, 'iris.json');
    const t = await cli(['train', iris, '--out', out, '--seed', '1', '--quiet']);
    expect(t.code, t.stderr).toBe(0);
    const pipe = Pipeline.fromJSON(readFileSync(out, 'utf8'));
    expect(pipe.final.step).toBeInstanceOf(TabularClassifier);
    pipe.dispose();
    const hand = await cli(['cv', iris, '--folds', '3', '--seed', '1', '--layers', '8', '--epochs', '5', '--quiet']);
    expect(hand.stdout).toContain('8(relu) -> 3(softmax)');
    expect(hand.stdout).not.toContain('default recipe');
  });
});
