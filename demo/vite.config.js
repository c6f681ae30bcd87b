// Vite config of the browser demo (`npm run demo:web`). The page imports 'wasmlp' like an app
// would; here it is aliased to this checkout's dist/ (built by `npm run build`). The shared UCI
// datasets are served read-only from WASMLP_DATA_DIR (default ../shared/data beside the repo)
// under /datasets/, never copied into the project.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));
const repo = resolve(here, '..');
const dataDir = () => process.env.WASMLP_DATA_DIR ?? resolve(repo, '..', 'shared', 'data');

/** GET /datasets/ lists the shared CSV/TSV files; GET /datasets/<name>.csv|.tsv returns one. */
function sharedDatasets() {
  const handler = (req, res, next) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://local').pathname);
    if (!path.startsWith('/datasets/')) return next();
    const dir = dataDir();
    const name = path.slice('/datasets/'.length);
    if (name === '' || name === 'index.json') {
      const files = existsSync(dir) ? readdirSync(dir).filter((f) => /\.(csv|tsv)$/.test(f)).sort() : [];
      res.setHeader('content-type', 'application/json');
      return res.end(JSON.stringify({ files }));
    }
    const file = join(dir, name);
    if (!/^[\w.-]+\.(csv|tsv)$/.test(name) || !existsSync(file)) {
      res.statusCode = 404;
      return res.end(`no shared dataset ${name} in ${dir}`);
    }
    res.setHeader('content-type', name.endsWith('.tsv') ? 'text/tab-separated-values; charset=utf-8' : 'text/csv; charset=utf-8');
    res.end(readFileSync(file));
  };
  return {
    name: 'wasmlp-shared-datasets',
    configureServer: (server) => void server.middlewares.use(handler),
    configurePreviewServer: (server) => void server.middlewares.use(handler),
  };
}

/** Cross-origin isolation: shared memory, so wasmlp splits one model over Web Workers (threads). */
const isolation = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

export default defineConfig({
  root: here,
  resolve: { alias: [
    { find: /^wasmlp\/explain$/, replacement: resolve(repo, 'dist/explain/index.js') },
    { find: /^wasmlp$/, replacement: resolve(repo, 'dist/index.js') },
  ] },
  // Found up front so the dev server never reloads the page to add a dependency mid-session.
  optimizeDeps: { include: ['csv-parse/browser/esm', 'csv-parse/browser/esm/sync'] },
  worker: { format: 'es' },
  server: { host: '127.0.0.1', port: 5173, fs: { allow: [repo] }, headers: isolation },
  preview: { host: '127.0.0.1', port: 4173, headers: isolation },
  build: { outDir: resolve(repo, 'test-output/demo-dist'), emptyOutDir: true, target: 'es2022' },
  plugins: [sharedDatasets()],
});
