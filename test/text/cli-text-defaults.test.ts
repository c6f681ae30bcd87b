import { describe, expect, it } from 'vitest';
import { parseArgs, type FlagSpecs } from '../../src/cli/args.js';
import { applyTextDefaults } from '../../src/cli/text-defaults.js';

const SPECS: FlagSpecs = {
  layers: { kind: 'layers', value: 'sizes', help: 'hidden layers', default: [16] },
  epochs: { kind: 'int', value: 'n', min: 1, help: 'epochs', default: 100 },
  'batch-size': { kind: 'int', value: 'n', min: 1, help: 'batch', default: 32 },
  lr: { kind: 'float', value: 'rate', min: 0, exclusiveMin: true, help: 'rate' },
};

describe('the CLI text training defaults', () => {
  it('fill only the flags the user left at their defaults, and say so', () => {
    const { flags, defaulted } = parseArgs(['--epochs', '7'], SPECS, 'cv');
    const line = applyTextDefaults(flags, defaulted, true);
    expect(flags).toEqual({ layers: [64], epochs: 7, 'batch-size': 128, lr: 0.01 });
    expect(line).toMatch(/--layers 64 --batch-size 128 --lr 0.01/);
    expect(line).not.toMatch(/--epochs/);
  });

  it('change nothing without text, or when every flag is given', () => {
    const a = parseArgs([], SPECS, 'cv');
    expect(applyTextDefaults(a.flags, a.defaulted, false)).toBeNull();
    expect(a.flags.epochs).toBe(100);
    const b = parseArgs(['--layers', '8', '--epochs', '2', '--batch-size', '4', '--lr', '0.1'], SPECS, 'cv');
    expect(applyTextDefaults(b.flags, b.defaulted, true)).toBeNull();
    expect(b.flags).toEqual({ layers: [8], epochs: 2, 'batch-size': 4, lr: 0.1 });
  });
});
