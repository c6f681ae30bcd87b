import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBudget } from '../../src/cli/budget.js';
import { RECIPE_DEFAULTS } from '../../src/index.js';
import { cli } from './io.js';
import { expectWasmlpError } from '../helpers/expect-error.js';
import { dataPath } from '../helpers/data-dir.js';

const defaults = { dropout: RECIPE_DEFAULTS.dropout, epochs: 'auto', hidden: RECIPE_DEFAULTS.hidden, labelSmoothing: RECIPE_DEFAULTS.labelSmoothing, learningRate: RECIPE_DEFAULTS.learningRate, weightDecay: RECIPE_DEFAULTS.weightDecay };
// Small and fast: two folds, one network per candidate.
const fast = ['--folds', '2', '--ensemble', '1', '--seed', '3', '--quiet'];

describe('--budget', () => {
  it('reads 60s, 2m, 90 (seconds), ms and h', () => {
    expect(parseBudget('60s')).toBe(60);
    expect(parseBudget('2m')).toBe(120);
    expect(parseBudget('1.5m')).toBe(90);
    expect(parseBudget('90')).toBe(90);
    expect(parseBudget('500ms')).toBe(0.5);
    expect(parseBudget('1h')).toBe(3600);
    expect(parseBudget(' 3 min ')).toBe(180);
  });

  it.each(['abc', '0', '0s', '-5', '5x', '', '1e3', '60 s s'])('refuses %j with a coded error naming --budget', async (text) => {
    await expectWasmlpError(() => parseBudget(text), 'BAD_OPTION', ['--budget expects a time such as 60s, 2m or 90'], { option: 'budget' });
  });

  it('the CLI reports a bad budget on stderr with exit code 1', async () => {
    const r = await cli(['tune', 'iris', '--budget', '10 parsecs', ...fast]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('wasmlp tune: --budget expects a time');
  });
});

describe('wasmlp tune', () => {
  it('with a budget too small for a second candidate, runs only the default recipe and says the budget stopped it', async () => {
    const r = await cli(['tune', 'iris', '--budget', '1ms', ...fast, '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.stoppedEarly).toBe(true);
    expect(out.results).toHaveLength(1);
    expect(out.best.params).toEqual(defaults);
    expect(out.best.mean.accuracy).toBeGreaterThan(0.8);
    const text = await cli(['tune', 'iris', '--budget', '1ms', ...fast]);
    expect(text.stdout).toMatch(/random search, the default recipe first: 1 of 200 candidates x stratified 2-fold CV, ranked by accuracy; the 1ms budget stopped it/);
    expect(text.stdout).toMatch(/^best {4}dropout=0\.15 epochs="auto" hidden="auto"/m);
    expect(text.stdout).toMatch(/^default accuracy \d\.\d{4} \(\d\.\d{4}\), rank 1$/m);
  });

  it('--out refits the best configuration on every row and saves a pipeline predict reads; an existing file needs --force', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wasmlp-tune-out-'));
    const out = join(dir, 'best.json');
    const args = ['tune', 'iris', '--budget', '10m', '--candidates', '2', ...fast];
    const r = await cli([...args, '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.model).toBe(out);
    const saved = JSON.parse(readFileSync(out, 'utf8'));
    expect(saved.metadata.command).toContain('tune');
    // The saved classifier carries the winning configuration (and --ensemble).
    const config = saved.steps.at(-1).json.config;
    expect(config).toMatchObject({ ...result.best.params, ensemble: 1 });
    const p = await cli(['predict', out, dataPath('iris.csv')]);
    expect(p.code, p.stderr).toBe(0);
    expect(p.stdout.trim().split('\n').length).toBeGreaterThanOrEqual(150);
    const again = await cli([...args, '--out', out]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('--force');
  });

  it('within the budget: every candidate, the best printed, the same results for the same seed, the search table in the report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wasmlp-tune-'));
    const args = ['tune', 'iris', '--budget', '10m', '--candidates', '3', ...fast, '--json'];
    const a = JSON.parse((await cli([...args, '--report', join(dir, 'tune.html')])).stdout);
    const b = JSON.parse((await cli(args)).stdout);
    expect(a.stoppedEarly).toBe(false);
    expect(a.results).toHaveLength(3);
    expect(a.results[0].params).toEqual(defaults);
    expect(b.results.map((r: { params: unknown; scores: unknown }) => [r.params, r.scores])).toEqual(a.results.map((r: { params: unknown; scores: unknown }) => [r.params, r.scores]));
    const best = Math.max(...a.results.map((r: { mean: { accuracy: number } }) => r.mean.accuracy));
    expect(a.best.mean.accuracy).toBe(best);
    // Drawn numbers are rounded to 3 significant digits.
    for (const r of a.results.slice(1)) expect(String(r.params.learningRate).replace(/^0\.0*/, '').length).toBeLessThanOrEqual(3);
    const html = readFileSync(join(dir, 'tune.html'), 'utf8');
    expect(html).toContain('<h2>Search</h2>');
    expect(html).toMatch(/<th>rank<\/th><th>params<\/th><th>accuracy mean \(std\)<\/th>/);
    expect(html.match(/<tr><td>\d+<\/td><td>dropout=/g)).toHaveLength(3);
    expect(html).toContain('default recipe');
  });

  it('--search halving spends epochs: a few for every candidate, three times more for the best third', async () => {
    const r = await cli(['tune', 'iris', '--budget', '10m', '--search', 'halving', '--candidates', '3', ...fast, '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    // 75 training rows per fold: the recipe would train 256 epochs; 3 candidates need 2 rounds: 85, then 255 epochs.
    expect(out.results.map((x: { iter: number; nResources: number }) => [x.iter, x.nResources])).toEqual([[0, 85], [0, 85], [0, 85], [1, 255]]);
    expect(out.best.params.epochs).toBe(255);
    expect(out.results.find((x: { rank: number }) => x.rank === 1).iter).toBe(1);
  });

  it('loads a CSV table as cv does: --label, --drop, categories encoded per fold', async () => {
    const r = await cli(['tune', dataPath('titanic.csv'), '--label', 'survived', '--drop', 'alive', '--budget', '1ms', ...fast]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^data {4}.*titanic\.csv: 891 rows, 14 features, classes 0\/1$/m);
    expect(r.stdout).toMatch(/^best {4}.*: accuracy 0\.[78]\d{3}/m);
  });

  it('is in the help, and its flags are checked', async () => {
    expect((await cli(['--help'])).stdout).toMatch(/^ {2}tune {6}search the default recipe within a time budget/m);
    const help = await cli(['tune', '--help']);
    expect(help.stdout).toContain('--budget <time>');
    expect(help.stdout).toContain('wasmlp tune data.csv --budget 60s');
    const bad = await cli(['tune', 'iris', '--search', 'grid']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--search expects one of random, halving');
  });
});
