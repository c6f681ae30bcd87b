// Builds and serves the DuckDB-Wasm example (see README.md). No CDN: everything comes from this
// checkout. `node examples/duckdb-wasm/build.mjs` bundles main.js (DuckDB-Wasm's JS API and
// apache-arrow, wasmlp from dist/, wasmlp.wasm beside the bundle) into examples/duckdb-wasm/out/;
// with --serve it then serves the page on http://127.0.0.1:8080/ (or --port N):
//   /            out/ (index.html, main.js, wasmlp-*.wasm)
//   /duckdb/     DuckDB's workers and .wasm files, straight from node_modules/@duckdb/duckdb-wasm/dist
//   /titanic.csv the shared dataset, from WASMLP_DATA_DIR (default ../shared/data beside the repo)
// test/interop/duckdb-wasm-chromium.test.ts uses buildExample and serveExample as they are.
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const REPO = resolve(HERE, '..', '..');
/** node_modules/@duckdb/duckdb-wasm/dist, found the way Node resolves the package. */
export const DUCKDB_DIST = dirname(createRequire(import.meta.url).resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm'));
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm', '.csv': 'text/csv; charset=utf-8', '.map': 'application/json' };

// 'wasmlp' and its subpaths resolve to this checkout's dist/ (run `npm run build` first), as the
// package's "exports" map would in a project that installed it.
const wasmlpFromDist = {
  name: 'wasmlp-from-dist',
  setup(b) {
    const paths = { wasmlp: 'dist/index.js', 'wasmlp/arrow': 'dist/arrow.js', 'wasmlp/wasmlp.wasm': 'dist/wasmlp.wasm' };
    b.onResolve({ filter: /^wasmlp(\/.*)?$/ }, (args) => {
      const file = paths[args.path];
      if (!file) return { errors: [{ text: `the example maps no file for ${args.path}` }] };
      if (!existsSync(join(REPO, file))) return { errors: [{ text: `${file} is missing: run \`npm run build\` first` }] };
      return { path: join(REPO, file) };
    });
  },
};

/** Bundles main.js with esbuild into outDir and copies index.html beside it. */
export async function buildExample(outDir = join(HERE, 'out')) {
  mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: [join(HERE, 'main.js')], bundle: true, format: 'esm', platform: 'browser', target: 'es2022',
    outdir: outDir, loader: { '.wasm': 'file' }, plugins: [wasmlpFromDist], logLevel: 'error',
  });
  copyFileSync(join(HERE, 'index.html'), join(outDir, 'index.html'));
  return outDir;
}

/** Serves a built example (see the top of this file); resolves once listening. */
export async function serveExample({ outDir = join(HERE, 'out'), dataDir = process.env.WASMLP_DATA_DIR ?? resolve(REPO, '..', 'shared', 'data'), port = 8080, host = '127.0.0.1' } = {}) {
  const roots = [['/duckdb/', DUCKDB_DIST], ['/', resolve(outDir)]];
  const server = createServer((req, res) => {
    const send = (status, body, type = 'text/plain; charset=utf-8') => { res.writeHead(status, { 'content-type': type }); res.end(body); };
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (path === '/titanic.csv') {
      const file = join(dataDir, 'titanic.csv');
      return existsSync(file) ? send(200, readFileSync(file), TYPES['.csv']) : send(404, `titanic.csv is not in ${dataDir}: set WASMLP_DATA_DIR`);
    }
    for (const [prefix, dir] of roots) {
      if (!path.startsWith(prefix)) continue;
      const file = normalize(join(dir, path === '/' ? 'index.html' : path.slice(prefix.length)));
      if (!file.startsWith(dir + sep) || !existsSync(file)) break;
      return send(200, readFileSync(file), TYPES[extname(file)] ?? 'application/octet-stream');
    }
    send(404, `not found: ${path}`);
  });
  await new Promise((ok, fail) => { server.once('error', fail); server.listen(port, host, ok); });
  return server;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = await buildExample();
  console.log(`built ${out}`);
  if (process.argv.includes('--serve')) {
    const i = process.argv.indexOf('--port');
    const server = await serveExample({ port: i > 0 ? Number(process.argv[i + 1]) : 8080 });
    const { address, port } = server.address();
    console.log(`open http://${address}:${port}/ (Ctrl+C to stop)`);
  }
}
