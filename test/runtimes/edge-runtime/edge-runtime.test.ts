// Vercel's edge-runtime (npm package `edge-runtime`): the handler is bundled into one script, as
// Vercel does, and evaluated in an EdgeRuntime with WebAssembly code generation off (as on Vercel,
// bytes cannot be compiled there). Its '?module' import receives a WebAssembly.Module compiled
// outside, the way Vercel's bundler provides it.
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { EdgeRuntime } from 'edge-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { banknoteText, linkedProject, nodeReference, ROOT, SHARED, type TrainResult } from '../shared/harness.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));

/** Vercel's '.wasm?module' import: a WebAssembly.Module the platform compiled ahead of time. */
const wasmModuleImport: Plugin = {
  name: 'wasm-module-import',
  setup(b) {
    b.onResolve({ filter: /\.wasm\?module$/ }, (args) => ({ path: args.path, namespace: 'wasm-module' }));
    b.onLoad({ filter: /.*/, namespace: 'wasm-module' }, () => ({ contents: 'export default globalThis.__vercelWasmModule;', loader: 'js' }));
  },
};

describe('edge-runtime', () => {
  let project: ReturnType<typeof linkedProject>;
  let csv: string;
  let reference: TrainResult;
  let code: string;

  beforeAll(async () => {
    csv = banknoteText();
    reference = await nodeReference(csv);
    project = linkedProject('edge');
    copyFileSync(join(HERE, 'handler.js'), join(project.dir, 'handler.js'));
    copyFileSync(join(SHARED, 'train-banknote.js'), join(project.dir, 'train-banknote.js'));
    const out = await build({
      absWorkingDir: project.dir, entryPoints: ['handler.js'], write: false, bundle: true, format: 'iife',
      platform: 'browser', target: 'es2022', conditions: ['edge-light', 'worker', 'browser'], plugins: [wasmModuleImport], logLevel: 'error',
    });
    code = out.outputFiles[0].text;
  });

  afterAll(() => project?.cleanup());

  it('an Edge Function trains Banknote to the same weights as Node', async () => {
    const module = await WebAssembly.compile(readFileSync(join(ROOT, 'dist', 'wasmlp.wasm')));
    const runtime = new EdgeRuntime({
      codeGeneration: { strings: false, wasm: false },
      extend: (context) => Object.assign(context, { __vercelWasmModule: module }),
      initialCode: code,
    });
    // Code generation really is off: compiling bytes inside the runtime is refused.
    await expect(runtime.evaluate<Promise<unknown>>('WebAssembly.compile(new Uint8Array([0,97,115,109,1,0,0,0]))')).rejects.toThrow();

    const response = await Promise.race([
      runtime.dispatchFetch('http://127.0.0.1/train', { method: 'POST', body: csv }),
      new Promise<never>((_, rej) => setTimeout(() => rej(new Error('edge-runtime did not answer within 60 s')), 60_000)),
    ]);
    const text = await response.text();
    if (response.status !== 200) throw new Error(`edge-runtime answered HTTP ${response.status}:\n${text}`);
    const result = JSON.parse(text) as TrainResult;
    console.log(`[edge-runtime] ${JSON.stringify(result)}`);
    expect(result.rows).toBe(1372);
    expect(result.weightsHash).toBe(reference.weightsHash);
    expect(result.sparseHash).toBe(reference.sparseHash);
    expect(result.accuracy).toBe(reference.accuracy);
  });
});
