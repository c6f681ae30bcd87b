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

  it('train --workers 2 trains the same recipe on worker threads; --workers with a hand-built network or a Redis URL is refused', async () => {
    const one = join(dir, 'one.json'), two = join(dir, 'two.json');
    const a = await cli(['train', iris, '--out', one, '--seed', '2', '--quiet']);
    const b = await cli(['train', iris, '--out', two, '--seed', '2', '--quiet', '--workers', '2']);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    const members = (file: string) => {
      const steps = JSON.parse(readFileSync(file, 'utf8')).steps as { json: { className: string; config: { workers: unknown }; members: unknown[]; selection: unknown } }[];
      const clf = steps.at(-1)!.json;
      expect(clf.className).toBe('TabularClassifier');
      expect(clf.members).toHaveLength(5);
      return { workers: clf.config.workers, members: clf.members, selection: clf.selection };
    };
    const [m1, m2] = [members(one), members(two)];
    expect([m1.workers, m2.workers]).toEqual([1, 2]);
    expect(m2.members).toEqual(m1.members);
    expect(m2.selection).toEqual(m1.selection);
    const hand = await cli(['train', iris, '--out', join(dir, 'hand.json'), '--layers', '8', '--workers', '2', '--quiet']);
    expect(hand.code).toBe(2);
    expect(hand.stderr).toMatch(/--workers trains the default recipe's networks side by side/);
    const redis = await cli(['train', iris, '--out', join(dir, 'redis.json'), '--workers', 'redis://localhost:6379', '--quiet']);
    expect(redis.code).toBe(2);
    expect(redis.stderr).toMatch(/--workers expects an integer >= 1 or 'auto'; received "redis:\/\/localhost:6379"/);
  });
});
