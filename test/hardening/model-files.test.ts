import { describe, expect, it } from 'vitest';
import { Dense, Sequential, WasmlpError, memoryStats } from '../../src/index.js';
import { checksum } from '../../src/codec/checksum.js';

/** A small trained model's JSON, and a way to re-sign an edited copy so deeper checks are reached. */
function modelDoc(): Record<string, any> {
  const m = new Sequential([new Dense({ units: 3, activation: 'relu', inputDim: 2 }), new Dense({ units: 1, activation: 'sigmoid' })], { seed: 1 });
  m.compile({ loss: 'binaryCrossentropy', optimizer: 'adam' });
  m.build();
  const doc = JSON.parse(JSON.stringify(m.toJSON()));
  m.dispose();
  return doc;
}
function resign(doc: Record<string, any>): Record<string, any> {
  const { integrity: _i, ...rest } = doc;
  return { ...doc, integrity: `cyrb53:${checksum(JSON.stringify(rest))}` };
}
function refused(doc: unknown, code: string, pattern: RegExp): void {
  const before = memoryStats().wasmBytes;
  let err: unknown;
  try { Sequential.fromJSON(doc); } catch (e) { err = e; }
  expect(err, 'expected a refusal').toBeInstanceOf(WasmlpError);
  expect((err as WasmlpError).code).toBe(code);
  expect((err as WasmlpError).message).toMatch(pattern);
  // Refused before any large allocation: WebAssembly memory did not grow.
  expect(memoryStats().wasmBytes).toBe(before);
}

describe('hostile model files are refused before any large allocation, with the reason', () => {
  it('a shape claiming billions of weights', () => {
    const doc = modelDoc();
    doc.layers[0].config.units = 16_000_000;
    doc.inputDim = 16_000_000;
    refused(resign(doc), 'BAD_MODEL_FILE', /beyond what wasmlp supports|beyond the 268435456/);
  });

  it('negative, NaN-like and fractional sizes', () => {
    for (const units of [-3, 0, 2.5, '8', null]) {
      const doc = modelDoc();
      doc.layers[0].config.units = units;
      refused(resign(doc), 'BAD_MODEL_FILE', /layer 0: Dense: 'units' must be a positive integer/);
    }
    const doc = modelDoc();
    doc.inputDim = -1;
    refused(resign(doc), 'BAD_MODEL_FILE', /'inputDim' is -1/);
  });

  it('__proto__ and constructor keys are data, never prototypes', () => {
    const text = JSON.stringify(modelDoc()).replace('"units":3', '"units":3,"__proto__":{"polluted":true}');
    refused(resign(JSON.parse(text)), 'BAD_MODEL_FILE', /Unknown Dense option '__proto__'/);
    const doc = modelDoc();
    doc.layers[0].config.constructor = { name: 'x' };
    refused(resign(doc), 'BAD_MODEL_FILE', /Unknown Dense option 'constructor'/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('truncated or oversized weight data, and counts that disagree with the layers', () => {
    const a = modelDoc();
    a.weights.data = a.weights.data.slice(0, 12);
    refused(resign(a), 'BAD_MODEL_FILE', /truncated or padded/);
    const b = modelDoc();
    b.weights.data += 'AAAAAAAA';
    refused(resign(b), 'BAD_MODEL_FILE', /truncated or padded/);
    const c = modelDoc();
    c.weights.count = 5;
    refused(resign(c), 'BAD_MODEL_FILE', /'weights.count' is 5 but the layers need 13/);
    const d = modelDoc();
    d.weights.data = '!'.repeat(d.weights.data.length);
    refused(resign(d), 'BAD_MODEL_FILE', /not valid base64/);
  });

  it('NaN weights, unknown layer types, a future format version, not JSON at all', () => {
    const nan = modelDoc();
    nan.weights.data = 'AADAfw' + nan.weights.data.slice(6); // 0x7fc00000 = NaN as the first weight
    refused(resign(nan), 'BAD_MODEL_FILE', /weight 0 is NaN/);
    const conv = modelDoc();
    conv.layers[1] = { className: 'Conv2D', config: { filters: 3 } };
    refused(resign(conv), 'BAD_MODEL_FILE', /layer 1 has className "Conv2D"; wasmlp models contain Dense, Dropout and BatchNormalization layers only/);
    const future = modelDoc();
    future.formatVersion = 7;
    refused(future, 'MODEL_VERSION', /format version 7; this wasmlp reads up to version 2\. Upgrade wasmlp/);
    refused('{"format": "wasmlp-model", ', 'BAD_MODEL_FILE', /not JSON/);
    refused([], 'BAD_MODEL_FILE', /expected an object/);
    refused({ format: 'layers-model' }, 'BAD_MODEL_FILE', /TensorFlow.js or Keras/);
  });

  it('any edit to a signed file is caught by the integrity check', () => {
    const doc = modelDoc();
    doc.layers[0].config.activation = 'tanh';
    refused(doc, 'MODEL_CORRUPTED', /integrity check failed/);
    const stripped = modelDoc();
    delete stripped.integrity;
    refused(stripped, 'BAD_MODEL_FILE', /no 'integrity' field/);
  });

  it('a model without weights (topology only) still loads, and builds on first use', () => {
    const doc = modelDoc();
    delete doc.integrity;
    doc.weights = null;
    const m = Sequential.fromJSON(doc);
    expect(m.predict([[1, 2]]).rows).toBe(1);
    m.dispose();
  });
});
