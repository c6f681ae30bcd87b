import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Dense, Dropout, Sequential, WasmlpError, loadCsvText, setWarningHandler } from '../../src/index.js';
import { cli } from '../cli/io.js';

/**
 * The red-team harness (issue 12): hostile CSV text, mutated model files, API misuse and CLI
 * invocations, each with its expected code. Every case must end in a WasmlpError with that code
 * (or, from the CLI, the expected exit status and one line on stderr) within a time bound, print
 * no stack trace, and leave every file it was not asked to write unchanged.
 */
const BOUND_MS = 20_000;
const STACK = /\n\s+at .+:\d+:\d+/;
const dir = mkdtempSync(join(tmpdir(), 'wasmlp-red-team-'));
const file = (name: string, text: string) => { const p = join(dir, name); writeFileSync(p, text); return p; };

interface Case { name: string; run: () => unknown; codes: string[] }
const cases: Case[] = [];
const add = (name: string, run: () => unknown, ...codes: string[]) => cases.push({ name, run, codes });

// ---- CSV ---------------------------------------------------------------------------------
const rows = ['1.5,2,0', '3,4.25,1', '5,6,0', '7,8,1', '9,10,0'];
const csvWith = (r: number, c: number, token: string) => rows.map((line, i) => (i === r ? line.split(',').map((v, j) => (j === c ? token : v)).join(',') : line)).join('\n') + '\n';
for (let r = 1; r < rows.length; r++) {
  for (const c of [0, 1]) {
    add(`csv: "1e999" at row ${r} col ${c}`, () => loadCsvText(csvWith(r, c, '1e999')), 'NON_FINITE');
    add(`csv: "-1e400" at row ${r} col ${c}`, () => loadCsvText(csvWith(r, c, '-1e400')), 'NON_FINITE');
    add(`csv: "?" at row ${r} col ${c}`, () => loadCsvText(csvWith(r, c, '?')), 'MISSING_VALUE');
    add(`csv: "NA" at row ${r} col ${c}`, () => loadCsvText(csvWith(r, c, 'NA')), 'MISSING_VALUE');
    add(`csv: empty cell at row ${r} col ${c}`, () => loadCsvText(csvWith(r, c, '')), 'MISSING_VALUE');
    add(`csv: "abc" at row ${r} col ${c}`, () => loadCsvText(csvWith(r, c, 'abc')), 'NOT_A_NUMBER', 'TEXT_COLUMN');
    add(`csv: stray quote at row ${r} col ${c}`, () => loadCsvText(csvWith(r, c, '4"2')), 'CSV_SYNTAX', 'NOT_A_NUMBER', 'TEXT_COLUMN');
    add(`csv: all missing column ${c} with missing: mean`, () => loadCsvText(rows.map((l) => l.split(',').map((v, j) => (j === c ? '?' : v)).join(',')).join('\n'), { missing: 'mean' }), 'ALL_MISSING');
  }
  add(`csv: missing label at row ${r}`, () => loadCsvText(csvWith(r, 2, '?')), 'MISSING_LABEL');
  add(`csv: short row ${r}`, () => loadCsvText(rows.map((l, i) => (i === r ? l.split(',').slice(0, 2).join(',') : l)).join('\n')), 'RAGGED_ROW');
  add(`csv: long row ${r}`, () => loadCsvText(rows.map((l, i) => (i === r ? `${l},5` : l)).join('\n')), 'RAGGED_ROW');
  add(`csv: BOM inside at row ${r}`, () => loadCsvText(rows.map((l, i) => (i === r ? `\ufeff${l}` : l)).join('\n')), 'BOM_IN_DATA');
  add(`csv: unclosed quote at row ${r}`, () => loadCsvText(rows.map((l, i) => (i === r ? `"${l}` : l)).join('\n')), 'CSV_SYNTAX');
}
for (const [name, text] of [['empty', ''], ['only newlines', '\n\n\n'], ['only spaces', '   ']] as const) add(`csv: ${name}`, () => loadCsvText(text), 'EMPTY_FILE');
add('csv: header only', () => loadCsvText('a,b,label\n'), 'HEADER_ONLY');
add('csv: one column', () => loadCsvText('1\n2\n3\n'), 'TOO_FEW_COLUMNS');
add('csv: one class', () => loadCsvText('1,2,x\n3,4,x\n'), 'SINGLE_CLASS');
for (const label of ['target', 'LABEL', 'labels', '__proto__', 'constructor', 'toString']) add(`csv: unknown label ${label}`, () => loadCsvText('a,b,label\n1,2,0\n3,4,1\n', { label }), 'UNKNOWN_LABEL_COLUMN');
for (const missing of ['zero', 'MEAN', '', 'constructor']) add(`csv: missing mode ${missing}`, () => loadCsvText('1,0\n2,1\n', { missing: missing as never }), 'UNKNOWN_MISSING_MODE');
for (const task of ['ranking', 'Binary', '']) add(`csv: task ${task}`, () => loadCsvText('1,0\n2,1\n', { task: task as never }), 'UNKNOWN_TASK_MODE');
for (const categorical of ['ordinal', 'one-hot', '']) add(`csv: categorical ${categorical}`, () => loadCsvText('1,0\n2,1\n', { categorical: categorical as never }), 'UNKNOWN_CATEGORICAL_MODE');
for (const source of [42, null, undefined, {}, [1, 2], true]) add(`csv: source ${JSON.stringify(source)}`, () => loadCsvText(source as never), 'BAD_INPUT_TYPE');

// ---- model files ---------------------------------------------------------------------------
let goodDoc: Record<string, unknown> = {};
let goodText = '';
const fromJSON = (doc: unknown) => () => Sequential.fromJSON(doc).dispose();
const mutate = (change: (d: Record<string, unknown>) => void) => () => { const d = structuredClone(goodDoc); change(d); return Sequential.fromJSON(d).dispose(); };
const deep = (n: number) => { let v: unknown = 1; for (let i = 0; i < n; i++) v = [v]; return v; };
const JUNK: [string, unknown][] = [['null', null], ['-1', -1], ['"x"', 'x'], ['{}', {}], ['[]', []], ['1e308', 1e308], ['true', true], ['deep nesting', deep(5000)], ['"__proto__"', '__proto__']];
const KEYS = ['format', 'formatVersion', 'name', 'seed', 'inputDim', 'layers', 'compile', 'weights', 'integrity'];
const expectedFor = (key: string, value: unknown, deleted = false): string[] => {
  if (key === 'format' || (Array.isArray(value) && value.length === 1)) return ['BAD_MODEL_FILE'];
  if (key === 'formatVersion') return typeof value === 'number' && Number.isInteger(value) && value > 1 && !deleted ? ['MODEL_VERSION'] : ['BAD_MODEL_FILE'];
  if (key === 'integrity') return typeof value === 'string' && !deleted ? ['MODEL_CORRUPTED'] : ['BAD_MODEL_FILE'];
  if (key === 'weights' && (value === null || deleted)) return ['BAD_MODEL_FILE', 'MODEL_CORRUPTED'];
  return ['MODEL_CORRUPTED'];
};
for (const key of KEYS) {
  add(`model: delete ${key}`, mutate((d) => { delete d[key]; }), ...expectedFor(key, undefined, true));
  for (const [label, value] of JUNK) add(`model: ${key} = ${label}`, mutate((d) => { d[key] = value; }), ...expectedFor(key, value));
}
for (const [path, value] of [['layers.0.config.units', 0], ['layers.0.config.activation', 'swish2'], ['layers.1.config.units', 1e9], ['weights.count', 3], ['weights.data', 'AAAA'], ['weights.dtype', 'float64'], ['compile.loss', 'nope'], ['layers.0.className', 'Conv2D'], ['layers.0.config.inputDim', -4], ['layers.0.config.alpha', 1e39]] as const) {
  add(`model: ${path} = ${JSON.stringify(value)}`, mutate((d) => { const parts = path.split('.'); let o = d as Record<string, unknown>; for (const p of parts.slice(0, -1)) o = o[p] as Record<string, unknown>; o[parts.at(-1)!] = value; }), 'MODEL_CORRUPTED');
}
for (let i = 0; i < 40; i++) add(`model text: byte ${i} of 40 flipped`, () => { const at = Math.floor((goodText.length * (i + 0.5)) / 40); const ch = goodText[at] === '1' ? '2' : '1'; return Sequential.fromJSON(goodText.slice(0, at) + ch + goodText.slice(at + 1)).dispose(); }, 'MODEL_CORRUPTED', 'BAD_MODEL_FILE');
for (let i = 1; i <= 20; i++) add(`model text: truncated to ${i * 5}%`, () => Sequential.fromJSON(goodText.slice(0, Math.floor((goodText.length * i * 5) / 100) - 1)).dispose(), 'BAD_MODEL_FILE');
for (const [label, value] of [['a number', 42], ['an array', []], ['null', null], ['"[]"', '[]'], ['deep text', '['.repeat(100000) + ']'.repeat(100000)], ['a tfjs doc', { modelTopology: {} }]] as const) add(`model: fromJSON(${label})`, fromJSON(value), 'BAD_MODEL_FILE');
for (const [label, text] of [['empty', ''], ['not json', 'hello'], ['json array', '[1,2]'], ['nested', '{"a":'.repeat(50000) + '1' + '}'.repeat(50000)]] as const) {
  const path = file(`model-${label.replace(/ /g, '-')}.json`, text);
  add(`model file: ${label}`, () => Sequential.load(path).then((m) => m.dispose()), 'BAD_MODEL_FILE');
}
add('model file: missing', () => Sequential.load(join(dir, 'absent.json')), 'FILE_NOT_FOUND');
add('model file: a directory', () => Sequential.load(dir), 'FILE_IS_DIRECTORY');

// ---- API misuse ----------------------------------------------------------------------------
const X = [[0, 1], [1, 0], [1, 1], [0, 0]];
const Y = [1, 1, 0, 0];
const net = () => {
  const m = new Sequential([new Dense({ units: 3, activation: 'relu', inputDim: 2 }), new Dense({ units: 1, activation: 'sigmoid' })], { seed: 1 });
  m.compile({ loss: 'binaryCrossentropy', optimizer: 'adam' });
  return m;
};
const fitWith = (options: object) => async () => { const m = net(); try { await m.fit(X, Y, options); } finally { m.dispose(); } };
for (const units of [0, -1, 1.5, '8', null, NaN, Infinity, true]) add(`api: Dense units ${String(units)}`, () => new Dense({ units: units as never }), 'BAD_OPTION');
for (const activation of ['swish2', 'RELU!', '', 'constructor', '__proto__', 42]) add(`api: activation ${String(activation)}`, () => new Dense({ units: 2, activation: activation as never }), 'UNKNOWN_ACTIVATION');
for (const rate of [-0.1, 1, 1.5, NaN, '0.5']) add(`api: Dropout rate ${String(rate)}`, () => new Dropout({ rate: rate as never }), 'BAD_OPTION');
for (const loss of ['mse2', 'crossentropy', '', 'toString']) add(`api: loss ${loss}`, () => net().compile({ loss }), 'UNKNOWN_LOSS');
for (const optimizer of ['adamx', 'SGD2', '', 'hasOwnProperty']) add(`api: optimizer ${optimizer}`, () => net().compile({ loss: 'mse', optimizer }), 'UNKNOWN_OPTIMIZER');
for (const [opt, value] of [['learningRate', -1], ['learningRate', NaN], ['beta1', 1], ['beta2', 1.5], ['epsilon', -1], ['learningRate', '0.1']] as const) add(`api: adam ${opt} ${String(value)}`, () => net().compile({ loss: 'mse', optimizer: { type: 'adam', [opt]: value } as never }), 'BAD_OPTION');
for (const metric of ['acc2', 'precisionx', '']) add(`api: metric ${metric}`, () => net().compile({ loss: 'binaryCrossentropy', metrics: [metric] }), 'UNKNOWN_METRIC');
for (const [opt, values] of [['epochs', [0, -1, 1.5, '3', NaN]], ['batchSize', [0, -2, 2.5, '32']], ['validationSplit', [0, 1, -0.5, 2, '0.2']], ['initialEpoch', [-1, 5, 0.5]], ['shuffle', ['yes', 1]], ['stratifiedBatches', ['yes']], ['classWeight', [{ 0: 1 }, { 0: -1, 1: 1 }, { 5: 1, 0: 1, 1: 1 }, 'balance', [1, 2]]], ['epocs', [3]], ['batch_size2', [3]]] as const) {
  for (const value of values) add(`api: fit ${opt} ${JSON.stringify(value)}`, fitWith(opt === 'initialEpoch' ? { epochs: 3, [opt]: value } : { [opt]: value }), 'BAD_OPTION');
}
add('api: fit x with NaN', fitWith({}) && (async () => { const m = net(); try { await m.fit([[NaN, 1], ...X.slice(1)], Y); } finally { m.dispose(); } }), 'NON_FINITE');
add('api: fit before compile', () => new Sequential([new Dense({ units: 1, inputDim: 2 })]).fit(X, Y), 'NOT_COMPILED');
add('api: predict wrong width', () => { const m = net(); try { m.predict([[1, 2, 3]]); } finally { m.dispose(); } }, 'INPUT_WIDTH');
add('api: length mismatch', fitWith({}) && (async () => { const m = net(); try { await m.fit(X, [1, 0]); } finally { m.dispose(); } }), 'LENGTH_MISMATCH');
for (const method of ['fit', 'predict', 'evaluate', 'compile', 'add', 'build'] as const) {
  add(`api: ${method} after dispose`, async () => {
    const m = net();
    m.build();
    m.dispose();
    if (method === 'fit') await m.fit(X, Y);
    else if (method === 'predict') m.predict(X);
    else if (method === 'evaluate') m.evaluate(X, Y);
    else if (method === 'compile') m.compile({ loss: 'mse' });
    else if (method === 'add') m.add(new Dense({ units: 1 }));
    else m.build();
  }, 'DISPOSED');
}
add('api: two fits at once', async () => { const m = net(); const a = m.fit(X, Y, { epochs: 2 }); try { await m.fit(X, Y); } finally { await a; m.dispose(); } }, 'MODEL_BUSY');
add('api: dispose during fit', async () => { const m = net(); await m.fit(X, Y, { epochs: 3, callbacks: { onEpochEnd: () => m.dispose() } }); }, 'DISPOSED');

// ---- CLI -----------------------------------------------------------------------------------
interface CliCase { name: string; argv: () => string[]; status: number; message: RegExp }
const cliCases: CliCase[] = [];
const addCli = (name: string, argv: () => string[], status: number, message: RegExp) => cliCases.push({ name, argv, status, message });
let data = '', model = '';
addCli('unknown command', () => ['trian', data], 2, /unknown command/);
for (const [flag, value] of [['--epochs', '0'], ['--epochs', 'ten'], ['--batch-size', '-1'], ['--lr', 'fast'], ['--layers', 'a,b'], ['--dropout', '1'], ['--folds', '1'], ['--activation', 'swish2'], ['--optimizer', 'adamx'], ['--seed', '-3']] as const) {
  addCli(`cv ${flag} ${value}`, () => ['cv', data, flag, value, '--quiet'], 2, /wasmlp cv: .*|Run 'wasmlp cv --help'/);
}
for (const flag of ['--epoch', '--no-such-flag', '--out2']) addCli(`train ${flag}`, () => ['train', data, flag, '1'], 2, /--help/);
addCli('train missing file', () => ['train', join(dir, 'none.csv'), '--quiet'], 1, /No file at/);
addCli('train a directory', () => ['train', dir, '--quiet', '--out', join(dir, 'never.json')], 1, /directory|No file|Give a CSV/);
addCli('train --out = input', () => ['train', data, '--out', data, '--force', '--quiet'], 1, /is the input file/);
addCli('train --out existing', () => ['train', data, '--out', model, '--quiet'], 1, /already exists/);
addCli('train --out under a file', () => ['train', data, '--out', join(data, 'm.json'), '--quiet'], 1, /Cannot write under/);
addCli('train --out under /proc', () => ['train', data, '--out', '/proc/nope/m.json', '--quiet'], 1, /Cannot (create|write)/);
addCli('train --out a directory', () => ['train', data, '--out', dir, '--quiet'], 1, /is a directory/);
addCli('train --report = input', () => ['train', data, '--report', data, '--force', '--quiet', '--out', join(dir, 'r-never.json')], 1, /is the input file/);
addCli('predict missing model', () => ['predict', join(dir, 'none.json'), data], 1, /No model file/);
addCli('predict model is a directory', () => ['predict', dir, data], 1, /directory/);
addCli('predict model is the CSV', () => ['predict', data, data], 1, /not JSON|wasmlp-pipeline|model/i);
addCli('evaluate junk model', () => ['evaluate', join(dir, 'junk.json'), data], 1, /.+/);
addCli('evaluate nested model', () => ['evaluate', join(dir, 'nested-pipe.json'), data], 1, /.+/);
addCli('export without --onnx', () => ['export', model], 2, /--onnx/);
addCli('export --onnx onto the model', () => ['export', model, '--onnx', model, '--force'], 1, /is the input file/);
addCli('cv a named dataset with --label', () => ['cv', 'sonar', '--label', 'x'], 2, /named dataset/);

function snapshot(): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const s = statSync(p);
      if (s.isDirectory()) walk(p);
      else out.set(p, createHash('sha1').update(readFileSync(p)).digest('hex'));
    }
  };
  walk(dir);
  return out;
}

async function bounded<T>(what: string, p: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} did not finish within ${BOUND_MS} ms`)), BOUND_MS); });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

describe('red team: hostile inputs and misuse', () => {
  beforeAll(async () => {
    setWarningHandler(null);
    const m = net();
    await m.fit(X, Y, { epochs: 2 });
    goodDoc = m.toJSON() as unknown as Record<string, unknown>;
    goodText = JSON.stringify(goodDoc);
    m.dispose();
    data = file('data.csv', 'a,b,label\n' + Array.from({ length: 30 }, (_, i) => `${Math.sin(i).toFixed(3)},${Math.cos(i).toFixed(3)},${i % 2 ? 'yes' : 'no'}`).join('\n') + '\n');
    file('junk.json', '{"format":"wasmlp-pipeline"}');
    file('nested-pipe.json', '{"format":"wasmlp-pipeline","steps":' + '['.repeat(20000) + ']'.repeat(20000) + '}');
    mkdirSync(join(dir, 'models'), { recursive: true });
    model = join(dir, 'models', 'model.json');
    const r = await cli(['train', data, '--out', model, '--epochs', '1', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
  });

  it('has at least 300 cases', () => {
    expect(cases.length + cliCases.length).toBeGreaterThanOrEqual(300);
  });

  it('every library case ends in its coded error, in bounded time, changing no file', async () => {
    const before = snapshot();
    const wrong: string[] = [];
    for (const c of cases) {
      let caught: unknown = null;
      try {
        await bounded(c.name, Promise.resolve().then(c.run));
      } catch (e) {
        caught = e;
      }
      const code = caught instanceof WasmlpError ? caught.code : caught === null ? 'no error' : `${(caught as Error)?.name}: ${(caught as Error)?.message?.slice(0, 120)}`;
      if (!c.codes.includes(code)) wrong.push(`${c.name}: expected ${c.codes.join(' or ')}, got ${code}`);
    }
    expect(wrong).toEqual([]);
    expect(snapshot()).toEqual(before);
  }, 600_000);

  it('every CLI case exits with its status and one readable message, no stack, changing no file', async () => {
    const before = snapshot();
    const wrong: string[] = [];
    for (const c of cliCases) {
      const r = await bounded(c.name, cli(c.argv(), { cwd: dir }));
      if (r.code !== c.status || !c.message.test(r.stderr) || STACK.test(r.stderr)) wrong.push(`${c.name}: status ${r.code}, stderr ${JSON.stringify(r.stderr.slice(0, 200))}`);
    }
    expect(wrong).toEqual([]);
    expect(snapshot()).toEqual(before);
  }, 600_000);
});
