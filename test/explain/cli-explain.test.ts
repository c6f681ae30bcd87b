// `--explain` on the CLI: the report page gains a permutation importance bar chart and partial
// dependence charts for the top three columns.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dataPath } from '../helpers/data-dir.js';
import { cli } from '../cli/io.js';

const dir = mkdtempSync(join(tmpdir(), 'wasmlp-cli-explain-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const banknote = dataPath('banknote_authentication.csv');

describe('wasmlp train / evaluate --explain', () => {
  it('train --report --explain adds importance bars for every column and three dependence charts', async () => {
    const report = join(dir, 'train.html'), model = join(dir, 'model.json');
    const r = await cli(['train', banknote, '--layers', '8', '--epochs', '20', '--test-size', '0.3', '--seed', '1', '--out', model, '--report', report, '--explain', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(report, 'utf8');
    expect(html).toContain('<h2>Explanations</h2>');
    expect(html).toContain('the 412 held-out rows');
    const bars = html.slice(html.indexOf('aria-label="permutation importance"'));
    expect(bars.slice(0, bars.indexOf('</svg>')).match(/<rect /g)).toHaveLength(4);
    expect(html.match(/aria-label="partial dependence on /g)).toHaveLength(3);
    expect(html).not.toMatch(/<script|NaN/);

    const ev = join(dir, 'evaluate.html');
    const e = await cli(['evaluate', model, banknote, '--report', ev, '--explain']);
    expect(e.code, e.stderr).toBe(0);
    expect(readFileSync(ev, 'utf8')).toContain('aria-label="permutation importance"');
  });

  it('a table (titanic: categories, missing cells, a dropped column) is explained by its original column names', async () => {
    const titanic = dataPath('titanic.csv');
    const report = join(dir, 'titanic.html'), model = join(dir, 'titanic.json');
    const r = await cli(['train', titanic, '--label', 'survived', '--drop', 'alive', '--layers', '16', '--epochs', '15', '--test-size', '0.3', '--seed', '2', '--out', model, '--report', report, '--explain', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const used = ['pclass', 'sex', 'age', 'sibsp', 'parch', 'fare', 'embarked', 'class', 'who', 'adult_male', 'deck', 'embark_town', 'alone'];
    const labels = (html: string) => {
      const svg = html.slice(html.indexOf('aria-label="permutation importance"'));
      return [...svg.slice(0, svg.indexOf('</svg>')).matchAll(/<text x="\d+" y="\d+" text-anchor="end">([^<]*)<\/text><rect/g)].map((m) => m[1]);
    };
    const html = readFileSync(report, 'utf8');
    // One bar per column the pipeline reads, under its own name: no one-hot columns (sex=female), no dropped column (alive).
    expect(labels(html).sort()).toEqual([...used].sort());
    expect(html).not.toMatch(/sex=female|age_missing|>alive</);
    expect(html.match(/aria-label="partial dependence on /g)).toHaveLength(3);
    expect(html).not.toMatch(/<script|NaN/);
    // sex (or who / adult_male, which restate it) carries the most signal on titanic.
    expect(['sex', 'who', 'adult_male']).toContain(labels(html)[0]);

    const ev = join(dir, 'titanic-evaluate.html');
    const e = await cli(['evaluate', model, titanic, '--label', 'survived', '--report', ev, '--explain']);
    expect(e.code, e.stderr).toBe(0);
    expect(labels(readFileSync(ev, 'utf8')).sort()).toEqual([...used].sort());
  });

  it('--explain without --report is a usage error', async () => {
    const r = await cli(['train', banknote, '--epochs', '1', '--explain', '--out', join(dir, 'x.json'), '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--report');
  });
});
