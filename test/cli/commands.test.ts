import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { Pipeline } from '../../src/index.js';
import { dataDir, dataPath } from '../helpers/data-dir.js';
import { cli } from './io.js';

const dir = mkdtempSync(join(tmpdir(), 'wasmlp-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const sonar = dataPath('sonar.csv');
const banknote = dataPath('banknote_authentication.csv');

describe('wasmlp cv', () => {
  it("runs the issue's Sonar command: per-fold lines, mean (std) >= 0.82, plain progress when not a terminal", async () => {
    const r = await cli(['cv', sonar, '--layers', '60', '--activation', 'relu', '--epochs', '100', '--batch-size', '5', '--folds', '10', '--scale', 'standard', '--seed', '7']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('208 rows, 60 features, classes M/R');
    expect(r.stdout).toContain('60(relu) -> 1(sigmoid)');
    const mean = Number(/accuracy: ([\d.]+)% \(([\d.]+)%\)/.exec(r.stdout)![1]);
    expect(mean).toBeGreaterThanOrEqual(82);
    expect(r.stderr.split('\n').filter((l) => /^fold \d+\/10  accuracy 0\.\d{4}  fit [\d.]+ s$/.test(l))).toHaveLength(10);
    expect(r.stderr).not.toContain('\r');
  });

  it('--json prints one JSON document; --report writes a self-contained page with the three charts', async () => {
    const report = join(dir, 'cv.html');
    const r = await cli(['cv', sonar, '--layers', '30', '--epochs', '20', '--batch-size', '8', '--folds', '3', '--seed', '1', '--scoring', 'accuracy,rocAuc,logLoss', '--json', '--quiet', '--report', report]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    expect(out.scores.accuracy).toHaveLength(3);
    expect(Object.keys(out.mean)).toEqual(['accuracy', 'rocAuc', 'logLoss']);
    expect(out.data).toMatchObject({ rows: 208, features: 60, classes: ['M', 'R'] });
    const html = readFileSync(report, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script|<link|src="http|href="http/);
    expect(html).toContain('aria-label="Loss per epoch"');
    expect(html).toContain('aria-label="ROC curve"');
    expect(html).toContain('aria-label="confusion matrix"');
    expect((html.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(4);
    // The confusion matrix counts all 208 rows once.
    const counts = [...html.matchAll(/class="count">(\d+)</g)].map((m) => Number(m[1]));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(208);
  });

  it('redraws one progress line on a terminal', async () => {
    const r = await cli(['cv', sonar, '--layers', '8', '--epochs', '5', '--folds', '2', '--seed', '1'], { tty: true });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/\rfold 1\/2 [█░]{24} epoch \d+\/5 loss \d\.\d{4}/);
  });

  it('reads a named dataset through WASMLP_DATA_DIR and iris as a softmax problem', async () => {
    vi.stubEnv('WASMLP_DATA_DIR', dataDir());
    vi.stubEnv('WASMLP_CACHE_DIR', join(dir, 'cache'));
    const r = await cli(['cv', 'iris', '--layers', '8', '--epochs', '60', '--batch-size', '8', '--folds', '3', '--seed', '2', '--json', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.data.classes).toEqual(['Iris-setosa', 'Iris-versicolor', 'Iris-virginica']);
    expect(out.mean.accuracy).toBeGreaterThan(0.85);
    vi.unstubAllEnvs();
  });
});

describe('wasmlp train / evaluate / predict', () => {
  const model = join(dir, 'banknote.json');

  it("trains the issue's Banknote network and saves one artefact", async () => {
    const r = await cli(['train', banknote, '--layers', '8,8', '--activation', 'tanh', '--optimizer', 'sgd', '--lr', '0.01', '--epochs', '100', '--scale', 'minmax', '--test-size', '0.2', '--seed', '1', '--out', model, '--report', join(dir, 'train.html')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/held-out 0\.9\d{3}/);
    expect(r.stderr.split('\n').filter((l) => l.startsWith('epoch '))).toHaveLength(10);
    const pipe = Pipeline.fromJSON(readFileSync(model, 'utf8'));
    expect(pipe.steps.map((s) => s.name)).toEqual(['minmaxscaler', 'classifier']);
    expect(pipe.metadata).toMatchObject({ classNames: ['0', '1'], labelName: expect.any(String) });
    pipe.dispose();
    expect(readFileSync(join(dir, 'train.html'), 'utf8')).toContain('held-out rows');
  });

  it('evaluates the saved model on labelled rows', async () => {
    const r = await cli(['evaluate', model, banknote]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/accuracy\s+0\.9\d{3}/);
    expect(r.stdout).toContain('confusion matrix');
    const j = JSON.parse((await cli(['evaluate', model, banknote, '--json'])).stdout);
    expect(j.confusionMatrix.flat().reduce((a: number, b: number) => a + b, 0)).toBe(1372);
    expect(Object.keys(j.scores)).toEqual(['accuracy', 'balancedAccuracy', 'precision', 'recall', 'f1', 'rocAuc', 'logLoss', 'matthewsCorrcoef', 'prAuc', 'brierScore']);
  });

  it('predicts rows from a file (label column ignored, header skipped) and from standard input', async () => {
    const rows = join(dir, 'rows.csv');
    writeFileSync(rows, 'variance,skewness,curtosis,entropy\n3.6216,8.6661,-2.8073,-0.44699\n-1.3971,3.3191,-1.3927,-1.9948\n');
    const r = await cli(['predict', model, rows]);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('prediction,p(0),p(1)');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['0', '1']);
    const piped = await cli(['predict', model, '--json'], { stdin: '3.6216,8.6661,-2.8073,-0.44699,0\n' });
    const j = JSON.parse(piped.stdout);
    expect(j[0].prediction).toBe('0');
    expect(j[0].probabilities['0'] + j[0].probabilities['1']).toBeCloseTo(1, 5);
    const wrong = await cli(['predict', model], { stdin: '1,2,3\n' });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('row 1 has 3 values; the model takes 4 features');
  });
});

describe('wasmlp grid', () => {
  it("searches the issue's layer sizes and prints a ranked table and the best parameters", async () => {
    const r = await cli(['grid', sonar, '--layers', '60', '30', '60,30', '--epochs', '30', '--batch-size', '8', '--folds', '3', '--seed', '7']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('3 candidates x stratified 3-fold CV, ranked by accuracy');
    const table = r.stdout.split('\n').filter((l) => /^\d\s+layers=/.test(l));
    expect(table).toHaveLength(3);
    expect(r.stdout).toMatch(/best  layers=\[[\d,]+\]: accuracy 0\.\d{4} \(0\.\d{4}\)/);
    expect(r.stderr).toContain('candidate 3/3: layers=[60,30]');
  });
});

describe('argument errors name the flag and what it accepts (exit code 2)', () => {
  const cases: [string[], string][] = [
    [['cv', sonar, '--epochs', 'ten'], '--epochs expects an integer >= 1; received "ten".'],
    [['cv', sonar, '--epochs', '0'], '--epochs expects an integer >= 1; received "0".'],
    [['cv', sonar, '--lr', '-1'], '--lr expects a number > 0; received "-1".'],
    [['cv', sonar, '--dropout', '1'], '--dropout expects a number >= 0 and < 1; received "1".'],
    [['cv', sonar, '--activation', 'relux'], '--activation expects one of linear, relu, leakyRelu, elu, selu, gelu, tanh, sigmoid; received "relux".'],
    [['cv', sonar, '--scale', 'z'], '--scale expects one of standard, minmax, none; received "z".'],
    [['cv', sonar, '--layers', '60,x'], '--layers expects hidden layer sizes as comma-separated integers >= 1 (e.g. 60 or 60,30), or 0 for none; received "60,x".'],
    [['cv', sonar, '--scoring', 'accuracy,auroc'], '--scoring expects a comma-separated list of accuracy, balancedAccuracy, precision, recall, f1, rocAuc, logLoss, matthewsCorrcoef, prAuc, brierScore; "auroc" is not one of them.'],
    [['cv', sonar, '--epoch', '5'], "unknown flag --epoch for 'wasmlp cv'. Did you mean --epochs?"],
    [['cv', sonar, '--folds'], '--folds needs a value: an integer >= 2.'],
    [['cv', sonar, '--json=yes'], '--json takes no value'],
    [['cv'], 'needs a data argument: a CSV file or a dataset name (sonar, banknote, pima, ionosphere, iris).'],
    [['cv', sonar, sonar], 'takes one data argument; received 2'],
    [['cv', 'sonar', '--label', '3'], '--label and --positive-class apply to CSV files'],
    [['predict'], 'needs a model file and optionally a rows file'],
    [['evaluate', 'model.json'], 'needs a model file and a data file'],
    [['grid', sonar, '--layers', '60', '--layers', '30'], '--layers is given twice. Give several values after one flag: --layers a b c.'],
  ];
  it.each(cases)('%j', async (argv, message) => {
    const r = await cli(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain(`Run 'wasmlp ${argv[0]} --help' for its flags.`);
  });

  it('unknown commands, missing files and data problems', async () => {
    const unknown = await cli(['crossval']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'crossval'. Commands: cv, train, evaluate, predict, grid"); // then any newer commands (inspect, export)
    const missing = await cli(['cv', join(dir, 'nope.csv')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Give a CSV file, or one of the dataset names');
    const noModel = await cli(['evaluate', join(dir, 'none.json'), sonar]);
    expect(noModel.stderr).toContain("Create one with 'wasmlp train data.csv --out");
    const help = await cli(['cv', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--batch-size <n>');
    expect(help.stdout).toContain('(default 10)');
  });
});
