import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadData } from '../../src/cli/common.js';
import { parseRows } from '../../src/cli/commands/predict.js';
import { expectWasmlpError } from '../helpers/expect-error.js';
import { cli } from './io.js';

const dir = mkdtempSync(join(tmpdir(), 'wasmlp-cli-data-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const io = { stdout: { write: () => 0 }, stderr: { write: () => 0 }, readStdin: async () => '', stdinIsTTY: true, cwd: dir };

describe('CLI data arguments', () => {
  it('refuses a continuous label (the CLI trains classifiers) and a missing file, with codes', async () => {
    writeFileSync(join(dir, 'reg.csv'), 'a,b,target\n1,2,0.5\n2,3,1.25\n3,4,2.75\n');
    await expectWasmlpError(() => loadData('reg.csv', {}, io, 'cv', true), 'NOT_CLASSIFICATION', ["label column 'target' holds continuous values", '--label']);
    await expectWasmlpError(() => loadData('none.csv', {}, io, 'cv', true), 'FILE_NOT_FOUND', ['Give a CSV file, or one of the dataset names']);
  });

  it('takes --label by name or index and --positive-class for CSV files', async () => {
    writeFileSync(join(dir, 'first.csv'), 'kind,x1,x2\nyes,1,2\nno,2,3\nyes,3,1\nno,0,0\n');
    const { ds, classNames, features } = await loadData('first.csv', { label: 'kind', 'positive-class': 'yes' }, io, 'cv', true);
    expect(classNames).toEqual(['no', 'yes']);
    expect(Array.from(ds.y)).toEqual([1, 0, 1, 0]);
    expect(features).toBe(2);
    const byIndex = await loadData('first.csv', { label: '0' }, io, 'cv', true);
    expect(byIndex.ds.featureNames).toEqual(['x1', 'x2']);
  });

  it('predict rows: header skipped, label column dropped, bad cells named', async () => {
    expect(parseRows('a;b\n1;2\n3;4\n', 2, 'rows')).toEqual([[1, 2], [3, 4]]);
    expect(parseRows('1,2,M\n', 2, 'rows')).toEqual([[1, 2]]);
    await expectWasmlpError(() => parseRows('1,x\n', 2, 'rows.csv'), 'NOT_A_NUMBER', ['row 1, column 2 is "x"']);
    await expectWasmlpError(() => parseRows('a,b\n', 2, 'rows.csv'), 'EMPTY_DATA', ['no rows to predict']);
    await expectWasmlpError(() => parseRows('1,"2\n', 2, 'rows.csv'), 'BAD_CSV', ['rows.csv']);
    await expectWasmlpError(() => parseRows('1,2,3,4\n', 2, 'rows.csv'), 'WIDTH_MISMATCH', ['takes 2 features']);
  });

  it('a model file that is not a pipeline names the file', async () => {
    writeFileSync(join(dir, 'bad.json'), '{"format":"wasmlp-model"}');
    const r = await cli(['predict', join(dir, 'bad.json')], { stdin: '1,2\n' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${join(dir, 'bad.json')}: Pipeline.fromJSON expects a 'wasmlp-pipeline' artefact`);
  });
});
