// Chromium headless (Debian's /usr/bin/chromium, driven by playwright-core) loading pages from a
// tiny HTTP server on 127.0.0.1: as unbundled ES modules with an import map, as an esbuild bundle
// and as a Vite build. All must train Banknote to Node's weights.
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { build as viteBuild } from 'vite';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { banknoteText, linkedProject, nodeReference, nodeThreadsReference, ROOT, SHARED, type ThreadsResult, type TrainResult } from '../shared/harness.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const TYPES: Record<string, string> = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html', '.csv': 'text/csv', '.map': 'application/json' };

const importMap = {
  imports: {
    wasmlp: '/dist/index.js',
    'csv-parse/browser/esm': '/node_modules/csv-parse/dist/esm/index.js',
    'csv-parse/browser/esm/sync': '/node_modules/csv-parse/dist/esm/sync.js',
  },
};
const html = (script: string, head = '') => `<!doctype html><html><head><meta charset="utf-8">${head}</head><body><script type="module" src="${script}"></script></body></html>`;

describe('chromium', () => {
  let server: Server;
  let browser: Browser | undefined;
  let base: string;
  let reference: TrainResult;
  let project: ReturnType<typeof linkedProject>;
  let bundleDir: string;
  let viteDir: string;

  beforeAll(async () => {
    const csv = banknoteText();
    reference = await nodeReference(csv);

    // The bundled page: built in a project that has wasmlp installed, as an application would.
    project = linkedProject('chromium');
    copyFileSync(join(HERE, 'bundled.js'), join(project.dir, 'bundled.js'));
    copyFileSync(join(SHARED, 'train-banknote.js'), join(project.dir, 'train-banknote.js'));
    bundleDir = join(project.dir, 'out');
    await build({ absWorkingDir: project.dir, entryPoints: ['bundled.js'], bundle: true, format: 'esm', platform: 'browser', target: 'es2022', outdir: bundleDir, loader: { '.wasm': 'file' }, publicPath: '/bundle', logLevel: 'error' });

    // The Vite page: index.html + vite-main.js, `vite build` with defaults (base '/vite/').
    copyFileSync(join(HERE, 'vite-main.js'), join(project.dir, 'vite-main.js'));
    writeFileSync(join(project.dir, 'index.html'), html('./vite-main.js'));
    viteDir = join(project.dir, 'vite-out');
    await viteBuild({ root: project.dir, base: '/vite/', configFile: false, logLevel: 'error', build: { outDir: viteDir, target: 'es2022' } });

    // /dist, /node_modules/csv-parse and the shared body from the checkout; the page HTML inline;
    // the CSV text from memory (read once from the shared data folder).
    const roots: [string, string][] = [['/dist/', join(ROOT, 'dist')], ['/node_modules/csv-parse/', join(ROOT, 'node_modules', 'csv-parse')], ['/bundle/', bundleDir], ['/vite/', viteDir], ['/page/', HERE]];
    server = createServer((req, res) => {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      const send = (status: number, body: string | Buffer, type = 'text/plain', headers: Record<string, string> = {}) => { res.writeHead(status, { 'content-type': type, ...headers }); res.end(body); };
      // Only /isolated is cross-origin isolated (as the demo's Vite config serves it): shared
      // memory, so threads; the other pages check the one-thread fallback.
      const isolation = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };
      if (path === '/isolated') return send(200, html('/page/page-threads.js', `<script type="importmap">${JSON.stringify(importMap)}</script>`), 'text/html', isolation);
      if (path === '/page/train-threads.js') return send(200, readFileSync(join(SHARED, 'train-threads.js')), 'text/javascript');
      if (path === '/') return send(200, html('/page/page.js', `<script type="importmap">${JSON.stringify(importMap)}</script>`), 'text/html');
      if (path === '/vite/') return send(200, readFileSync(join(viteDir, 'index.html')), 'text/html');
      if (path === '/bundled') return send(200, html('/bundle/bundled.js'), 'text/html');
      if (path === '/data/banknote.csv') return send(200, csv, 'text/csv');
      if (path === '/page/train-banknote.js') return send(200, readFileSync(join(SHARED, 'train-banknote.js')), 'text/javascript');
      for (const [prefix, dir] of roots) {
        if (!path.startsWith(prefix)) continue;
        const file = normalize(join(dir, path.slice(prefix.length)));
        if (!file.startsWith(dir) || !existsSync(file)) break;
        return send(200, readFileSync(file), TYPES[extname(file)] ?? 'application/octet-stream');
      }
      send(404, `not found: ${path}`);
    });
    await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

    if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM}: apt-get install -y chromium (.ci/run does it).`);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      timeout: 60_000,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    });
  });

  afterAll(async () => {
    await browser?.close().catch(() => {});
    // A server that never started (beforeAll failed early) has nothing to close: never wait on it.
    if (server?.listening) await new Promise<void>((res) => { server.closeAllConnections(); server.close(() => res()); });
    project?.cleanup();
  });

  async function trainIn(url: string): Promise<TrainResult & { runtime: string }> {
    const page = await browser!.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    try {
      await page.goto(url, { timeout: 30_000 });
      await page.waitForFunction(() => (window as any).__result || (window as any).__error, null, { timeout: 90_000 });
      const { result, error } = await page.evaluate(() => ({ result: (window as any).__result, error: (window as any).__error }));
      if (error) throw new Error(`the page failed: ${error}\n${errors.join('\n')}`);
      return result;
    } catch (e) {
      throw new Error(`${(e as Error).message}\npage errors: ${errors.join('\n') || 'none'}`);
    } finally {
      await page.close();
    }
  }

  it('splits one model over Web Workers when cross-origin isolated, to Node\'s bits on 2, 1 and auto threads', async () => {
    const reference = await nodeThreadsReference();
    const result = await trainIn(`${base}/isolated`) as unknown as ThreadsResult & { isolated: boolean };
    console.log(`[chromium threads] ${JSON.stringify(result)}`);
    expect(result.isolated).toBe(true);
    expect(result.shared).toBe(true);
    expect(result.threads.slice(0, 2)).toEqual([2, 1]);
    expect(new Set([...result.hashes, ...reference.hashes]).size).toBe(1);
  });

  it('trains Banknote from unbundled ES modules (import map, wasm beside dist/)', async () => {
    const result = await trainIn(`${base}/`);
    console.log(`[chromium esm] ${JSON.stringify(result)}`);
    expect(result.rows).toBe(1372);
    expect(result.weightsHash).toBe(reference.weightsHash);
    expect(result.sparseHash).toBe(reference.sparseHash);
    expect(result.accuracy).toBe(reference.accuracy);
  });

  it('trains Banknote from an esbuild bundle (wasm via the file loader and init({ url }))', async () => {
    const result = await trainIn(`${base}/bundled`);
    console.log(`[chromium esbuild] ${JSON.stringify(result)}`);
    expect(result.weightsHash).toBe(reference.weightsHash);
    expect(result.sparseHash).toBe(reference.sparseHash);
    expect(result.accuracy).toBe(reference.accuracy);
  });

  it('trains Banknote from a Vite build (the .wasm emitted as an asset, no configuration)', async () => {
    const assets = readdirSync(join(viteDir, 'assets'));
    expect(assets.some((f) => f.endsWith('.wasm'))).toBe(true);
    const result = await trainIn(`${base}/vite/`);
    console.log(`[chromium vite] ${JSON.stringify(result)}`);
    expect(result.weightsHash).toBe(reference.weightsHash);
    expect(result.sparseHash).toBe(reference.sparseHash);
    expect(result.accuracy).toBe(reference.accuracy);
  });
});
