// The size budget (scripts/size.mjs, also run by .ci/run): train + predict JavaScript bundled for
// the browser plus the core .wasm, gzipped, under 60 KB; no Node-only or CLI module in a browser
// bundle of the main entry.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { requireDist, ROOT } from '../runtimes/shared/harness.js';

it('stays under the 60 KB gzipped budget, with no Node-only code in browser bundles', () => {
  requireDist();
  let out: string;
  try {
    out = execFileSync(process.execPath, [join(ROOT, 'scripts', 'size.mjs')], { cwd: ROOT, encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    throw new Error(`npm run size failed:\n${err.stdout}${err.stderr}`);
  }
  console.log(out.trim());
  const total = Number(/total\s+([\d.]+) KB gzipped/.exec(out)?.[1]);
  expect(total).toBeGreaterThan(10);
  expect(total).toBeLessThan(60);
});
