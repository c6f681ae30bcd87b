import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { Dense, Dropout, LabelEncoder, Sequential, loadCsv, loadCsvText, setWarningHandler } from '../../src/index.js';
import { exportTfjs, loadTfjs } from '../../src/io/tfjs.js';
import { runtime } from '../../src/runtime/wasm.js';
import { expectWasmlpError } from '../helpers/expect-error.js';

/** Codes not exercised elsewhere: each asserted here by its code and message. */
const dist = fileURLToPath(new URL('../../dist/index.js', import.meta.url));

/** Runs a snippet in a fresh Node with a module-level `m` = the built package; returns its stdout. */
function fresh(snippet: string, flags: string[] = []): string {
  const run = spawnSync(process.execPath, [...flags, '--input-type=module', '-e', `const m = await import(${JSON.stringify(dist)});\n${snippet}`], { encoding: 'utf8', timeout: 60_000 });
  if (run.status !== 0) throw new Error(run.stderr);
  return run.stdout.trim();
}

describe('error codes', () => {
  it('ALL_MISSING, TOO_FEW_COLUMNS, TOO_MANY_CLASSES, LABEL_NOT_NUMERIC, HTTP_ERROR (data)', async () => {
    await expectWasmlpError(() => loadCsvText('?,1,0\nNA,2,1\n', { missing: 'mean' }), 'ALL_MISSING', [/has no values at all/, /Remove the column/]);
    await expectWasmlpError(() => loadCsvText('1\n2\n3\n'), 'TOO_FEW_COLUMNS', [/at least one feature column and a label column/]);
    // More than 10,000 distinct numeric labels, then text: the label column is not a class column.
    const many = Array.from({ length: 10_002 }, (_, i) => `${i % 7},${i}`).join('\n') + '\n1,abc\n';
    await expectWasmlpError(() => loadCsvText(many), 'TOO_MANY_CLASSES', [/more than 10000 distinct numbers/]);
    await expectWasmlpError(() => loadCsvText('1,a\n2,b\n', { task: 'regression' }), 'LABEL_NOT_NUMERIC', [/needs a numeric label/]);
    await expectWasmlpError(() => loadCsv(new Response('nope', { status: 404, statusText: 'Not Found' })), 'HTTP_ERROR', [/status 404/]);
  });

  it('ALREADY_BUILT, NO_LAYERS, MODEL_TOO_LARGE, WEIGHTS_MISMATCH (models)', async () => {
    const m = new Sequential([new Dense({ units: 2, inputDim: 2 })]);
    m.build();
    await expectWasmlpError(() => m.add(new Dense({ units: 1 })), 'ALREADY_BUILT', [/already built/]);
    await expectWasmlpError(() => m.setWeights([[1]]), 'WEIGHTS_MISMATCH', [/expects 2 arrays/]);
    await expectWasmlpError(() => new Sequential([new Dropout({ rate: 0.1 })]).compile({ loss: 'mse' }), 'NO_LAYERS', [/no Dense layer/]);
    const before = runtime().mem.byteLength;
    await expectWasmlpError(() => new Sequential([new Dense({ units: 20_000, inputDim: 20_000 })]).build(), 'MODEL_TOO_LARGE', [/400020000 parameters/, /at most 268435456/]);
    expect(runtime().mem.byteLength).toBe(before);
  });

  it('INTERNAL and OUT_OF_MEMORY (allocator)', async () => {
    await expectWasmlpError(() => runtime().mem.alloc(-4, 'x'), 'INTERNAL', [/Invalid allocation/]);
    await expectWasmlpError(() => runtime().mem.alloc(8 * 1024 ** 3, 'a huge buffer'), 'OUT_OF_MEMORY', [/for a huge buffer/, /exceed 4 GiB/]);
  });

  it('FILE_WRITE when the target directory does not exist', async () => {
    const m = new Sequential([new Dense({ units: 1, inputDim: 1 })]);
    await expectWasmlpError(() => m.save('/nonexistent-dir/sub/model.json'), 'FILE_WRITE', [/Could not write the model to \/nonexistent-dir\/sub\/model.json/]);
  });

  it('CROSSENTROPY_WITHOUT_PROBABILITIES warns for a linear output with binaryCrossentropy', () => {
    const seen: string[] = [];
    setWarningHandler((code) => seen.push(code));
    new Sequential([new Dense({ units: 1, inputDim: 2 })]).compile({ loss: 'binaryCrossentropy' });
    expect(seen).toContain('CROSSENTROPY_WITHOUT_PROBABILITIES');
  });

  it('NOT_INITIALIZED, NO_FILE_SYSTEM and WASM_LOAD_FAILED where the runtime has no file system (fresh process)', () => {
    const out = fresh(`
      delete process.getBuiltinModule;
      const codes = [];
      try { new m.Sequential([new m.Dense({ units: 1, inputDim: 1 })]).predict([[1]]); } catch (e) { codes.push(e.code); }
      try { await m.loadCsv('data.csv'); } catch (e) { codes.push(e.code); }
      try { await m.init({ bytes: new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]) }); } catch (e) { codes.push(e.code + ': ' + e.message); }
      try { await m.init({ bytes: new Uint8Array([1, 2, 3]) }); } catch (e) { codes.push(e.code); }
      console.log(JSON.stringify(codes));
    `);
    const codes: string[] = JSON.parse(out.split('\n').pop()!);
    expect(codes[0]).toBe('NOT_INITIALIZED');
    expect(codes[1]).toBe('NO_FILE_SYSTEM');
    expect(codes[2]).toMatch(/^WASM_LOAD_FAILED: .*not the wasmlp core/);
    expect(codes[3]).toBe('WASM_LOAD_FAILED');
  });

  it('UNKNOWN_LABEL names the unseen label', async () => {
    await expectWasmlpError(() => new LabelEncoder().fit(['M', 'R']).transform(['X']), 'UNKNOWN_LABEL', [/"X"/]);
  });
});

describe('TensorFlow.js import warnings', () => {
  afterEach(() => setWarningHandler(null));

  it('TFJS_FROZEN_LAYER, TFJS_REGULARIZER_DROPPED, TFJS_SETTING_DROPPED, TFJS_ACTIVATION_MOVED, TFJS_TRAINING_CONFIG_DROPPED', async () => {
    const source = new Sequential([new Dense({ units: 4, inputDim: 3 }), new Dropout({ rate: 0.2 }), new Dense({ units: 1, activation: 'sigmoid' })], { seed: 1 });
    source.build();
    const a = exportTfjs(source);
    const topology = JSON.parse(JSON.stringify(a.modelTopology));
    const layers = (topology.model_config ?? topology).config.layers;
    const first = layers.find((l: { class_name: string }) => l.class_name === 'Dense').config;
    first.trainable = false;
    first.kernel_regularizer = { class_name: 'OrthogonalRegularizer', config: { factor: 0.01 } };
    first.bias_constraint = { class_name: 'NonNeg', config: {} };
    // An Activation layer after the Dropout: wasmlp folds it into the Dense before the Dropout.
    layers.splice(layers.findIndex((l: { class_name: string }) => l.class_name === 'Dropout') + 1, 0, { class_name: 'Activation', config: { name: 'act', activation: 'tanh', trainable: true } });
    topology.training_config = { loss: 'kullback_leibler_divergence', optimizer_config: { class_name: 'SGD', config: { learning_rate: 0.1 } } };
    const seen: string[] = [];
    setWarningHandler((code) => seen.push(code));
    const m = await loadTfjs({ ...a, modelTopology: topology, userDefinedMetadata: undefined }, a.weightData);
    expect(seen).toEqual(expect.arrayContaining(['TFJS_FROZEN_LAYER', 'TFJS_REGULARIZER_DROPPED', 'TFJS_SETTING_DROPPED', 'TFJS_ACTIVATION_MOVED', 'TFJS_TRAINING_CONFIG_DROPPED']));
    expect(m.compiled).toBeNull();
    m.dispose();
    source.dispose();
  });
});
