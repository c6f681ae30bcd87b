import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Dense, Sequential } from '../../src/index.js';
import { saveTfjs, loadTfjsFiles } from '../../src/io/tfjs.js';
import { KerasClassifier } from '../../src/model-selection/classifier.js';
import { crossValidate } from '../../src/model-selection/cross-validate.js';
import { workerStartOptions } from '../../src/runtime/worker-exec-argv.js';
import { cli } from '../cli/io.js';
import { expectWasmlpError } from '../helpers/expect-error.js';

/** Issue 12 items 7, 8, 9 and the API parts of 10 and 11: each failed before the fix. */
const dir = mkdtempSync(join(tmpdir(), 'wasmlp-round-two-'));
const csv = join(dir, 'bank.csv');
writeFileSync(csv, 'a,b,label\n' + Array.from({ length: 40 }, (_, i) => `${Math.sin(i).toFixed(3)},${Math.cos(i).toFixed(3)},${i % 2 ? 'yes' : 'no'}`).join('\n') + '\n');
const x = Array.from({ length: 20 }, (_, i) => [Math.sin(i), Math.cos(i)]);
const y = x.map((r) => (r[0] > 0 ? 1 : 0));
const STACK = /\n\s+at .+:\d+:\d+/;

function model(): Sequential {
  return new Sequential([new Dense({ units: 4, activation: 'relu', inputDim: 2 }), new Dense({ units: 1, activation: 'sigmoid' })]);
}

describe('item 9: --out never overwrites an input or an existing file, and fails fast', () => {
  it('train bank.csv --out bank.csv is refused before training and leaves the CSV as it was', async () => {
    const before = readFileSync(csv, 'utf8');
    const r = await cli(['train', csv, '--out', csv, '--force', '--epochs', '1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/is the input file/);
    expect(readFileSync(csv, 'utf8')).toBe(before);
  });

  it('an existing --out needs --force; with it the file is replaced', async () => {
    const out = join(dir, 'existing.json');
    writeFileSync(out, 'keep me');
    const r = await cli(['train', csv, '--out', out, '--epochs', '1', '--quiet']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/already exists.*--force/);
    expect(readFileSync(out, 'utf8')).toBe('keep me');
    const forced = await cli(['train', csv, '--out', out, '--epochs', '1', '--quiet', '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/^\{/);
  });

  it('--out under a file (bank.csv/model.json) and under /proc fail at once with FILE_WRITE wording, no stack', async () => {
    for (const out of [join(csv, 'model.json'), '/proc/nope/model.json']) {
      const r = await cli(['train', csv, '--out', out, '--epochs', '1', '--quiet']);
      expect(r.code, out).toBe(1);
      expect(r.stderr).toMatch(/Cannot (write under|create the folder)/);
      expect(r.stderr).not.toMatch(STACK);
    }
  });

  it('OUTPUT_EXISTS and OUTPUT_IS_INPUT are coded errors', async () => {
    const { checkOutputPath } = await import('../../src/cli/output-path.js');
    await expectWasmlpError(() => checkOutputPath(csv, 'out', dir, [csv], true), 'OUTPUT_IS_INPUT', [], { option: 'out' });
    await expectWasmlpError(() => checkOutputPath(csv, 'report', dir, [], false), 'OUTPUT_EXISTS', [/--force/], { option: 'report' });
    await expectWasmlpError(() => checkOutputPath(dir, 'out', dir, [], true), 'FILE_IS_DIRECTORY');
  });
});

describe('item 8: no raw stack traces from the CLI', () => {
  it('a directory, an unreadable file and deeply nested JSON as a model give one line each', async () => {
    const nested = join(dir, 'nested.json');
    writeFileSync(nested, '['.repeat(200_000) + ']'.repeat(200_000));
    const unreadable = join(dir, 'secret.json');
    writeFileSync(unreadable, '{}');
    chmodSync(unreadable, 0);
    for (const [args, message] of [
      [['predict', dir, csv], /directory/],
      [['predict', nested, csv], /expects a 'wasmlp-pipeline'|not a usable|too deeply nested/],
      [['evaluate', join(dir, 'none.json'), csv], /No model file/],
      [['train', dir, '--epochs', '1', '--quiet', '--out', join(dir, 'o1.json')], /directory|No file|Give a CSV/],
    ] as const) {
      const r = await cli([...args]);
      expect(r.code, args.join(' ')).not.toBe(0);
      expect(r.stderr, args.join(' ')).toMatch(message);
      expect(r.stderr).not.toMatch(STACK);
    }
    // Root reads anything, so permission errors are only observable as another user.
    if (process.getuid?.() !== 0) {
      const r = await cli(['predict', unreadable, csv]);
      expect(r.stderr).toMatch(/permission denied/);
      expect(r.stderr).not.toMatch(/No model file/);
    }
  });

  it('workers drop the flags worker threads refuse and keep the heap limit as a resource limit', () => {
    expect(workerStartOptions(['--max-old-space-size=512', '--input-type=module', '--enable-source-maps'])).toEqual({ execArgv: ['--enable-source-maps'], resourceLimits: { maxOldGenerationSizeMb: 512 } });
    expect(workerStartOptions(['--max-old-space-size', '300', '--stack-size=2000'])).toEqual({ execArgv: [], resourceLimits: { maxOldGenerationSizeMb: 300 } });
    const dist = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
    const run = spawnSync(process.execPath, ['--max-old-space-size=1024', dist, 'cv', csv, '--workers', '2', '--folds', '2', '--epochs', '1', '--quiet'], { encoding: 'utf8', timeout: 120_000 });
    expect(run.stderr).not.toMatch(STACK);
    expect(run.stderr).not.toMatch(/ERR_WORKER_INVALID_EXEC_ARGV/);
    expect(run.status, run.stderr).toBe(0);
  }, 150_000);
});

describe('item 7: tfjs weight files may not leave the model folder through a symlink', () => {
  it('a weights file that links outside is refused; one inside still loads', async () => {
    const m = model();
    m.build();
    const folder = join(dir, 'tfjs');
    const { weightsPath } = await saveTfjs(m, folder);
    const loaded = await loadTfjsFiles(folder);
    loaded.dispose();
    const secret = join(dir, 'outside.bin');
    writeFileSync(secret, readFileSync(weightsPath));
    const name = weightsPath.split('/').pop()!;
    const moved = join(folder, name);
    // Replace the weights by a link to a file of the same size outside the folder.
    rmSync(moved);
    symlinkSync(secret, moved);
    await expectWasmlpError(() => loadTfjsFiles(folder), 'BAD_TFJS_MODEL', [/outside the model's folder/]);
    m.dispose();
  });
});

describe('items 10 and 11 (API): values that used to be accepted silently', () => {
  it('classWeight must weight every class present', async () => {
    const m = model();
    m.compile({ loss: 'binaryCrossentropy', optimizer: 'sgd' });
    await expectWasmlpError(() => m.fit(x, y, { classWeight: { 0: 1 } }), 'BAD_OPTION', [/no weight for class 1/, /'balanced'/], { option: 'classWeight' });
    await m.fit(x, y, { classWeight: { 0: 1, 1: 3 } });
    m.dispose();
  });

  it('a constant initializer or alpha beyond float32 is refused (it would become Infinity)', async () => {
    await expectWasmlpError(() => new Dense({ units: 2, kernelInitializer: { className: 'constant', config: { value: 1e39 } } }), 'BAD_OPTION', [/float32/]);
    await expectWasmlpError(() => new Dense({ units: 2, activation: 'elu', alpha: 1e39 }), 'BAD_OPTION', [/float32/], { option: 'alpha' });
  });

  it('Adam with beta1 = 1 (or beta2 = 1, rmsprop rho = 1) is refused at compile', async () => {
    const m = model();
    await expectWasmlpError(() => m.compile({ loss: 'binaryCrossentropy', optimizer: { type: 'adam', beta1: 1 } as never }), 'BAD_OPTION', [/beta1 must be >= 0 and < 1/]);
    await expectWasmlpError(() => m.compile({ loss: 'binaryCrossentropy', optimizer: { type: 'adamw', beta2: 1 } as never }), 'BAD_OPTION', [/beta2/]);
    await expectWasmlpError(() => m.compile({ loss: 'binaryCrossentropy', optimizer: { type: 'rmsprop', rho: 1 } as never }), 'BAD_OPTION', [/rho/]);
    m.compile({ loss: 'binaryCrossentropy', optimizer: { type: 'adam', beta1: 0.99 } as never });
    m.dispose();
  });

  it('a buildModule that does not exist is NOT_PARALLEL, not a plain Error', async () => {
    const clf = new KerasClassifier({ build: function createModel() { const m = model(); m.compile({ loss: 'binaryCrossentropy', optimizer: 'sgd' }); return m; }, buildModule: join(dir, 'no-such-module.js') });
    await expectWasmlpError(() => crossValidate(clf, x, y, { cv: 2, workers: 2 } as never), 'NOT_PARALLEL', [/does not exist/], { option: 'buildModule' });
  });

  it('an unreadable or missing model file in Sequential.load is named as such', async () => {
    await expectWasmlpError(() => Sequential.load(join(dir, 'missing.json')), 'FILE_NOT_FOUND', [/No model file/]);
    await expectWasmlpError(() => Sequential.load(dir), 'FILE_IS_DIRECTORY');
    expect(statSync(dir).isDirectory()).toBe(true);
    mkdirSync(join(dir, 'sub'), { recursive: true });
  });
});
