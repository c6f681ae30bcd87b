// The exported ONNX files run in Chromium (Debian's, headless, driven by playwright-core) with
// onnxruntime-web's WebAssembly backend: probabilities within 1e-5 of 'wasmlp predict' in Node.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dataDir } from '../helpers/data-dir.js';
import { NUMERIC_TABLES, maxDiff, trainAndExport, trainAndExportTitanic, type ExportedColumns, type ExportedTable } from './trained.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const ORT_DIST = fileURLToPath(new URL('../../node_modules/onnxruntime-web/dist/', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

describe('onnxruntime-web in Chromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wasmlp-onnx-web-'));
  const models = new Map<string, ExportedTable>();
  // Models trained on a table with named columns: one input per column.
  const tables = new Map<string, ExportedColumns>();
  let server: Server;
  let browser: Browser | undefined;
  let base: string;

  beforeAll(async () => {
    vi.stubEnv('WASMLP_DATA_DIR', dataDir());
    vi.stubEnv('WASMLP_CACHE_DIR', join(dir, 'cache'));
    for (const [name, file] of NUMERIC_TABLES) models.set(name, await trainAndExport(name, file, dir));
    tables.set('titanic', await trainAndExportTitanic(dir));
    server = createServer((req, res) => {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      const send = (status: number, body: string | Uint8Array, type = 'text/plain') => { res.writeHead(status, { 'content-type': type }); res.end(body); };
      if (path === '/') return send(200, '<!doctype html><html><head><meta charset="utf-8"></head><body><script type="module" src="/page.js"></script></body></html>', 'text/html');
      if (path === '/page.js') return send(200, readFileSync(join(HERE, 'ort-web-page.js')), 'text/javascript');
      if (path === '/models') return send(200, JSON.stringify([...models.keys(), ...tables.keys()]), 'application/json');
      const m = /^\/models\/(\w+)\/(meta|onnx|rows)$/.exec(path);
      const c = m && tables.get(m[1]);
      if (m && c) {
        if (m[2] === 'meta') return send(200, JSON.stringify({ feeds: c.feeds }), 'application/json');
        if (m[2] === 'onnx') return send(200, c.onnx, 'application/octet-stream');
      }
      const t = m && models.get(m[1]);
      if (m && t) {
        if (m[2] === 'meta') return send(200, JSON.stringify({ width: t.width }), 'application/json');
        if (m[2] === 'onnx') return send(200, t.onnx, 'application/octet-stream');
        return send(200, new Uint8Array(t.rows.buffer, t.rows.byteOffset, t.rows.byteLength), 'application/octet-stream');
      }
      if (path.startsWith('/ort/')) {
        const file = normalize(join(ORT_DIST, path.slice(5)));
        if (file.startsWith(ORT_DIST) && existsSync(file)) return send(200, readFileSync(file), file.endsWith('.wasm') ? 'application/wasm' : 'text/javascript');
      }
      send(404, `not found: ${path}`);
    });
    await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM}: apt-get install -y chromium (.ci/run does it).`);
    browser = await chromium.launch({
      executablePath: CHROMIUM, headless: true, timeout: 60_000,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    });
  });

  afterAll(async () => {
    await browser?.close().catch(() => {});
    await new Promise((res) => server?.close(res));
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives wasmlp\'s probabilities (within 1e-5) and labels on the five shared numeric tables and a titanic table model', async () => {
    const page = await browser!.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    let result: { userAgent: string; results: Record<string, { dims: number[]; probabilities: number[]; labels: string[] }> };
    try {
      await page.goto(`${base}/`, { timeout: 30_000 });
      await page.waitForFunction(() => (window as any).__result || (window as any).__error, null, { timeout: 120_000 });
      const { r, error } = await page.evaluate(() => ({ r: (window as any).__result, error: (window as any).__error }));
      if (error) throw new Error(`the page failed: ${error}\n${errors.join('\n')}`);
      result = r;
    } finally {
      await page.close();
    }
    expect(result.userAgent).toContain('Chrome');
    for (const [name, t] of models) {
      const got = result.results[name];
      expect(got.dims).toEqual([t.rows.length / t.width, t.classNames.length]);
      const diff = maxDiff(got.probabilities, t.proba);
      console.log(`[onnx chromium ${name}] max |p_onnx - p_wasmlp| = ${diff.toExponential(2)}`);
      expect(diff).toBeLessThan(1e-5);
      expect(got.labels).toEqual(t.labels);
    }
    // titanic: one string or float input per column, missing cells, unseen categories, the 5-network recipe.
    for (const [name, t] of tables) {
      const got = result.results[name];
      expect(got.dims).toEqual([t.rows, t.classNames.length]);
      const diff = maxDiff(got.probabilities, t.proba);
      console.log(`[onnx chromium ${name} table] max |p_onnx - p_wasmlp| = ${diff.toExponential(2)}`);
      expect(diff).toBeLessThan(1e-5);
      expect(got.labels).toEqual(t.labels);
    }
  });
});
