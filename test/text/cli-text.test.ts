import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dataPath } from '../helpers/data-dir.js';
import { cli } from '../cli/io.js';

const dir = mkdtempSync(join(tmpdir(), 'wasmlp-cli-text-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the CLI on text', () => {
  it('wasmlp cv sms_spam.tsv --label Label: the SMS column goes through TF-IDF per fold, >= 98% in 5 folds', async () => {
    const r = await cli(['cv', dataPath('sms_spam.tsv'), '--label', 'Label', '--folds', '5', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/text column: training with --layers 64 --epochs 5 --batch-size 128 --lr 0.01/);
    const out = JSON.parse(r.stdout);
    expect(out.model).toMatchObject({ layers: [64], epochs: 5, batchSize: 128, lr: 0.01 });
    expect(out.scores.accuracy).toHaveLength(5);
    expect(out.mean.accuracy).toBeGreaterThanOrEqual(0.98);
  });

  it('flags the user gives win over the text defaults', async () => {
    const r = await cli(['cv', dataPath('sms_spam.tsv'), '--label', 'Label', '--folds', '2', '--epochs', '1', '--layers', '8', '--batch-size', '256', '--lr', '0.02']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/text column: training/);
    expect(r.stdout).toMatch(/8\(relu\) -> 1\(sigmoid\)/);
    expect(r.stdout).toMatch(/1 epochs, batch 256/);
  });

  it('a text folder (one subfolder per class) trains and saves a model that predicts raw texts', async () => {
    const reviews = join(dir, 'reviews');
    const pos = ['a wonderful film, loved the acting', 'great story and a great cast', 'loved it, wonderful and moving', 'brilliant, great fun', 'wonderful music, great film'];
    const neg = ['a dull film, hated the acting', 'boring story and a bad cast', 'hated it, dull and slow', 'awful, boring mess', 'bad music, dull film'];
    for (const [name, texts] of [['pos', pos], ['neg', neg]] as const) {
      mkdirSync(join(reviews, name), { recursive: true });
      texts.forEach((t, i) => writeFileSync(join(reviews, name, `${i}.txt`), t));
    }
    const out = join(dir, 'model.json');
    const r = await cli(['train', reviews, '--epochs', '30', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    writeFileSync(join(dir, 'rows.csv'), 'text\n"great film, wonderful"\n"dull and boring"\n');
    const p = await cli(['predict', out, join(dir, 'rows.csv')]);
    expect(p.code, p.stderr).toBe(0);
    expect(p.stdout.trim().split('\n').slice(1).map((l) => l.split(',')[0])).toEqual(['pos', 'neg']);
  });
});
