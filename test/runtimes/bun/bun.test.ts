// Bun from the npm package `bun` (devDependency; its binary comes from @oven/bun-<platform>).
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';
import { BIN } from '../shared/harness.js';
import { cliRuntimeTest } from '../shared/cli-runtime.js';

describe('bun', () => {
  cliRuntimeTest('bun', fileURLToPath(new URL('.', import.meta.url)), join(BIN, 'bun'), ['run']);
});
