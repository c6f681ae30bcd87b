// Cloudflare workerd (npm package `workerd`, its binary ships in @cloudflare/workerd-<platform>)
// serving a Worker on 127.0.0.1 that trains Banknote on request.
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { banknoteText, BIN, freePort, linkedProject, nodeReference, ROOT, SHARED, startBounded, waitForHttp, type Bounded, type TrainResult } from '../shared/harness.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));

/** As wrangler does: a .wasm import stays a module import, and the file goes beside the bundle. */
const wasmModules: Plugin = {
  name: 'wasm-modules',
  setup(b) {
    b.onResolve({ filter: /\.wasm$/ }, () => ({ path: './wasmlp.wasm', external: true }));
  },
};

describe('workerd', () => {
  let project: ReturnType<typeof linkedProject>;
  let server: Bounded | undefined;
  let csv: string;
  let reference: TrainResult;
  let url: string;

  beforeAll(async () => {
    csv = banknoteText();
    reference = await nodeReference(csv);
    project = linkedProject('workerd');
    for (const f of ['worker.js', 'config.capnp']) copyFileSync(join(HERE, f), join(project.dir, f));
    copyFileSync(join(SHARED, 'train-banknote.js'), join(project.dir, 'train-banknote.js'));
    copyFileSync(join(ROOT, 'dist', 'wasmlp.wasm'), join(project.dir, 'wasmlp.wasm'));
    await build({
      absWorkingDir: project.dir, entryPoints: ['worker.js'], outfile: join(project.dir, 'worker.bundle.js'),
      bundle: true, format: 'esm', platform: 'browser', target: 'es2022', conditions: ['workerd', 'worker', 'browser'],
      plugins: [wasmModules], logLevel: 'error',
    });
    const port = await freePort();
    url = `http://127.0.0.1:${port}/`;
    server = startBounded(join(BIN, 'workerd'), ['serve', 'config.capnp', '--socket-addr', `http=127.0.0.1:${port}`, '--verbose'], { cwd: project.dir, timeoutMs: 150_000, name: 'workerd' });
    await waitForHttp(url, 30_000, server);
  });

  afterAll(() => {
    server?.kill();
    project?.cleanup();
  });

  it('a Worker trains Banknote to the same weights as Node', async () => {
    const response = await fetch(url, { method: 'POST', body: csv, signal: AbortSignal.timeout(60_000) });
    const text = await response.text();
    if (!response.ok) throw new Error(`workerd answered HTTP ${response.status}:\n${text}\n${server!.output()}`);
    const result = JSON.parse(text) as TrainResult;
    console.log(`[workerd] ${JSON.stringify(result)}`);
    expect(result.rows).toBe(1372);
    expect(result.weightsHash).toBe(reference.weightsHash);
    expect(result.sparseHash).toBe(reference.sparseHash);
    expect(result.accuracy).toBe(reference.accuracy);
  });

  it('refuses to compile WebAssembly from bytes, as Cloudflare does (so init({ module }) is the path)', async () => {
    const response = await fetch(`${url}compile-bytes`, { signal: AbortSignal.timeout(10_000) });
    const body = (await response.json()) as { allowed: boolean; error?: string };
    console.log(`[workerd] compile from bytes: ${JSON.stringify(body)}`);
    expect(body.allowed).toBe(false);
  });
});
