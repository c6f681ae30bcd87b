// Deno from the npm package `deno` (devDependency; its binary ships in the package).
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';
import { BIN } from '../shared/harness.js';
import { cliRuntimeTest } from '../shared/cli-runtime.js';

describe('deno', () => {
  cliRuntimeTest('deno', fileURLToPath(new URL('.', import.meta.url)), join(BIN, 'deno'), ['run', '--allow-read', '--allow-env', '--no-lock', '--no-prompt']);
});
