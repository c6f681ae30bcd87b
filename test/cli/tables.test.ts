import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from './io.js';
import { dataPath } from '../helpers/data-dir.js';

/** The CLI on real tables: schema inferred, preprocessing per fold, raw rows at predict, tampered files refused. */
const dir = mkdtempSync(join(tmpdir(), 'wasmlp-cli-tables-'));
const titanic = dataPath('titanic.csv');
const fast = ['--epochs', '20', '--quiet'];

describe('wasmlp on mixed tables', () => {
  it('inspect prints kinds, missing counts and actions, and warns that alive restates the label', async () => {
    const r = await cli(['inspect', titanic, '--label', 'survived']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/age\s+number\s+177\s+88/);
    expect(r.stdout).toMatch(/deck\s+category\s+688/);
    expect(r.stdout).toContain('impute median + missing indicator, standardize');
    expect(r.stdout).toContain('warning [LABEL_LEAK]');
    expect(r.stdout).toContain('(--drop alive)');
    const j = JSON.parse((await cli(['inspect', titanic, '--label', 'survived', '--json'])).stdout);
    expect(j.columns.find((c: { name: string }) => c.name === 'embarked')).toMatchObject({ kind: 'category', missing: 2, distinct: 3 });
    expect(j.warnings.map((w: { code: string }) => w.code)).toEqual(['LABEL_LEAK']);
  });

  it('cv infers the schema with no flags; without --drop alive it warns on stderr', async () => {
    const leak = await cli(['cv', titanic, '--label', 'survived', '--folds', '3', ...fast]);
    expect(leak.code).toBe(0);
    expect(leak.stderr).toContain('warning [LABEL_LEAK]');
    expect(leak.stderr).toContain('--drop alive');
    const r = await cli(['cv', titanic, '--label', 'survived', '--drop', 'alive', '--folds', '3', ...fast, '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('LABEL_LEAK');
    expect(JSON.parse(r.stdout).mean.accuracy).toBeGreaterThan(0.75);
  });

  it('penguins: label in the first column by name; --patience and --class-weight run', async () => {
    const r = await cli(['cv', dataPath('penguins.csv'), '--label', 'species', '--folds', '3', '--patience', '5', '--class-weight', 'balanced', ...fast, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).mean.accuracy).toBeGreaterThan(0.9);
  });

  it('train --out saves the whole pipeline; predict takes raw CSV rows and NDJSON with unseen categories and empty cells', async () => {
    const model = join(dir, 'titanic.json');
    const t = await cli(['train', titanic, '--label', 'survived', '--drop', 'alive', '--out', model, ...fast]);
    expect(t.code, t.stderr).toBe(0);
    const rows = join(dir, 'rows.csv');
    writeFileSync(rows, 'survived,pclass,sex,age,sibsp,parch,fare,embarked,class,who,adult_male,deck,embark_town,alive,alone\n0,3,male,,1,0,7.25,X,Third,man,True,,Southampton,no,False\n1,1,female,38,1,0,71.28,C,First,woman,False,C,Cherbourg,yes,False\n');
    const p = await cli(['predict', model, rows]);
    expect(p.code, p.stderr).toBe(0);
    expect(p.stdout.split('\n')[0]).toBe('prediction,p(0),p(1)');
    expect(p.stdout.trim().split('\n').length).toBe(3);
    const nd = await cli(['predict', model], { stdin: '{"pclass":1,"sex":"female","age":null,"embarked":"Z","fare":80}\n' });
    expect(nd.code, nd.stderr).toBe(0);
    expect(nd.stdout.trim().split('\n')[1]).toMatch(/^[01],/);
  });

  it('an edited saved model is refused with a coded error, never exit 0', async () => {
    const model = join(dir, 'titanic.json');
    const original = JSON.parse(readFileSync(model, 'utf8'));
    const tamper = async (change: (j: any) => void) => {
      const j = structuredClone(original);
      change(j);
      const f = join(dir, 'tampered.json');
      writeFileSync(f, JSON.stringify(j));
      return cli(['predict', f], { stdin: '{"pclass":1}\n' });
    };
    for (const change of [
      (j: any) => { j.steps[0].json.state.encoder.state.parts[0].steps[1].state.mean[0] = 0; },
      (j: any) => { j.metadata.classNames = ['1', '0']; },
      (j: any) => { j.metadata.decisionThreshold = 2; },
      (j: any) => { j.steps.shift(); },
    ]) {
      const r = await tamper(change);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('integrity check failed');
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('bad input names the column and the flag: unknown label, ragged file, Latin-1 bytes', async () => {
    const label = await cli(['cv', titanic, '--label', 'survive', ...fast]);
    expect(label.code).toBe(1);
    expect(label.stderr).toContain('No column named "survive" (--label). Did you mean "survived"?');
    const ragged = join(dir, 'ragged.csv');
    writeFileSync(ragged, 'a,b,label\nx,1,p\ny,2\n');
    const r = await cli(['cv', ragged, ...fast]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('line 3 has 2 fields but the header (line 1) has 3');
    const latin = join(dir, 'latin1.csv');
    writeFileSync(latin, Buffer.concat([Buffer.from('drink,price,label\n'), Buffer.from([0x63, 0x61, 0x66, 0xe9]), Buffer.from(',2,a\ntea,3,b\n')]));
    const l = await cli(['cv', latin, ...fast]);
    expect(l.code).toBe(1);
    expect(l.stderr).toContain('not valid UTF-8');
    expect(l.stderr).toContain('--encoding latin1');
  });
});
