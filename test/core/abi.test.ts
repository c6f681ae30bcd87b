// The core's binary interface has one source, assembly/: scripts/gen-abi.mjs writes the host's copy
// (src/core-abi.ts). These tests fail when that copy is stale, show that the check catches a
// tampered source, and check that every code the core knows has exactly one host name.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// Plain ESM script, also run as `node scripts/gen-abi.mjs [--check]` (npm run build runs it).
import { HASH_OUTPUT, OUTPUT, generateAbi, staleAbi } from '../../scripts/gen-abi.mjs';
import * as abi from '../../src/core-abi.js';
import { ACTIVATION_CODES } from '../../src/activations.js';
import { LOSS_CODES } from '../../src/losses.js';
import { INITIALIZER_CODES } from '../../src/initializers.js';
import { optimizers, resolveOptimizer } from '../../src/optimizers/index.js';
import { checkCore, runtime } from '../../src/runtime/wasm.js';
import { WasmlpError } from '../../src/errors.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const assembly = (file: string): string => readFileSync(`${ROOT}assembly/${file}`, 'utf8');

/** The assembly sources with one file's text changed by `edit`. */
function tampered(file: string, edit: (text: string) => string): (name: string) => string {
  return (name) => (name === file ? edit(assembly(name)) : assembly(name));
}

const sorted = (values: Iterable<number>): number[] => [...values].sort((a, b) => a - b);
/** The generated constants that start with `prefix` (and not with a longer prefix of the same file). */
const codes = (prefix: string, not?: string): number[] =>
  Object.entries(abi).filter(([name]) => name.startsWith(prefix) && !(not && name.startsWith(not))).map(([, v]) => v as number);

describe('the core ABI (src/core-abi.ts, generated from assembly/)', () => {
  it('is up to date with assembly/', () => {
    expect(staleAbi()).toBeNull();
  });

  it('catches a code changed in assembly/ (a tampered table)', () => {
    const read = tampered('activations.ts', (t) => t.replace('export const ACT_RELU = 1;', 'export const ACT_RELU = 9;'));
    expect(read('activations.ts')).toContain('ACT_RELU = 9;');
    expect(staleAbi(undefined, read)).toMatch(/src\/core-abi\.ts is stale .*"export const ACT_RELU = 1;".*"export const ACT_RELU = 9;"/);
  });

  it('catches a descriptor offset moved in assembly/', () => {
    const read = tampered('network.ts', (t) => t.replace('export const NET_RNG = 16;', 'export const NET_RNG = 29;'));
    expect(staleAbi(undefined, read)).toMatch(/NET_RNG = 16;.*NET_RNG = 29;/);
  });

  it('refuses two equal codes, an offset outside its record and a missing size', () => {
    expect(() => generateAbi(tampered('losses.ts', (t) => t.replace('export const LOSS_MAE = 4;', 'export const LOSS_MAE = 3;'))))
      .toThrow(/LOSS_MAE and LOSS_MSE are both 3; codes LOSS_\* must differ/);
    expect(() => generateAbi(tampered('network.ts', (t) => t.replace('export const NET_HAS_REG = 27;', 'export const NET_HAS_REG = 32;'))))
      .toThrow(/NET_HAS_REG = 32 lies outside its record \(HEADER_WORDS = 32\)/);
    expect(() => generateAbi(tampered('parallel.ts', (t) => t.replace(/const POOL_WORDS = [^;]+;/, ''))))
      .toThrow(/no longer defines POOL_WORDS/);
  });

  it('evaluates sizes written as expressions (POOL_WORDS = POOL_FAILED + MAX_THREADS)', () => {
    expect(assembly('parallel.ts')).toMatch(/const POOL_WORDS = POOL_FAILED \+ MAX_THREADS;/);
    expect(generateAbi()[OUTPUT]).toContain('export const POOL_WORDS = 224;');
    expect(abi.POOL_WORDS).toBe(abi.POOL_FAILED + abi.MAX_THREADS);
  });

  it('gives every activation, loss, initializer and optimizer code of the core exactly one host name', () => {
    expect(codes('ACT_')).toHaveLength(9);
    expect(sorted(Object.values(ACTIVATION_CODES))).toEqual(sorted(codes('ACT_')));
    expect(sorted(Object.values(LOSS_CODES))).toEqual(sorted(codes('LOSS_')));
    expect(sorted(Object.values(INITIALIZER_CODES))).toEqual(sorted(codes('INIT_')));
    expect(sorted(optimizers.names.map((name) => resolveOptimizer(name).core.code))).toEqual(sorted(codes('OPT_', 'OPT_FLAG_')));
    // Names agree with the core's constants, not only the sets of numbers.
    expect(ACTIVATION_CODES.leakyRelu).toBe(abi.ACT_LEAKY_RELU);
    expect(LOSS_CODES.sparseCategoricalCrossentropy).toBe(abi.LOSS_SPARSE_CCE);
    expect(INITIALIZER_CODES.heNormal).toBe(abi.INIT_HE_NORMAL);
    expect(resolveOptimizer('adamw').core.code).toBe(abi.OPT_ADAMW);
    expect(resolveOptimizer({ type: 'sgd', momentum: 0.9, nesterov: true }).core.flags).toBe(1);
  });

  it('gives the core and the host one fingerprint; any change to a value or an export name changes it', () => {
    const files: Record<string, string> = generateAbi();
    const hash = /ABI_HASH = (0x[0-9a-f]{8});/.exec(files[OUTPUT])![1];
    expect(files[HASH_OUTPUT]).toContain(`return ${hash};`);
    expect(runtime().core.abi_hash() >>> 0).toBe(abi.ABI_HASH);
    const moved = generateAbi(tampered('losses.ts', (t) => t.replace('export const LOSS_MAE = 4;', 'export const LOSS_MAE = 5;')));
    expect(moved[HASH_OUTPUT]).not.toContain(hash);
    const renamed = generateAbi(tampered('index.ts', (t) => t.replace('net_predict,', 'net_predict_rows,')));
    expect(renamed[HASH_OUTPUT]).not.toContain(hash);
    // A stale assembly/abi-hash.ts is caught like a stale src/core-abi.ts.
    const current = (path: string) => (path === HASH_OUTPUT ? files[HASH_OUTPUT].replace(hash, '0x00000000') : files[path]);
    expect(staleAbi(current)).toMatch(/assembly\/abi-hash\.ts is stale/);
  });

  it('refuses at init a core built for another version (another fingerprint, or none)', () => {
    const { core } = runtime();
    expect(() => checkCore(core, true)).not.toThrow();
    const other = (abi_hash?: () => number) => () => checkCore({ ...core, abi_hash } as typeof core, true);
    for (const attempt of [other(() => (abi.ABI_HASH ^ 1) >>> 0), other(undefined)]) {
      let error: unknown;
      try { attempt(); } catch (e) { error = e; }
      expect(error).toBeInstanceOf(WasmlpError);
      expect((error as WasmlpError).code).toBe('WASM_LOAD_FAILED');
      expect((error as WasmlpError).message).toMatch(/built for another version of wasmlp .*Pass the wasmlp.wasm file shipped with this version/);
    }
    expect(() => checkCore({ ...core, net_train_batches: undefined } as unknown as typeof core, true)).toThrow(/not the wasmlp core/);
  });
});
