// The package as a user gets it: `npm pack`, install the tarball into an empty project, import it
// from a plain `node` process (main entry and wasmlp/node), train Banknote, and type-check an
// import against the shipped .d.ts through the exports map.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { banknoteText, BIN, lastJson, nodeReference, requireDist, ROOT, SHARED, startBounded, type TrainResult } from '../runtimes/shared/harness.js';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

describe('npm pack', () => {
  let dir: string;
  let tarball: string;
  let files: string[];
  let reference: TrainResult;
  let csv: string;

  beforeAll(async () => {
    requireDist();
    csv = banknoteText();
    reference = await nodeReference(csv);
    dir = mkdtempSync(join(tmpdir(), 'wasmlp-pack-'));
    const packed = JSON.parse(execFileSync(npm, ['pack', '--json', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'pipe'] }));
    tarball = join(dir, packed[0].filename);
    files = packed[0].files.map((f: { path: string }) => f.path);

    const app = join(dir, 'app');
    execFileSync('mkdir', ['-p', app]);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'pack-app', private: true, type: 'module' }));
    // Offline-friendly: the tarball is local and csv-parse comes from the npm cache when present.
    execFileSync(npm, ['install', '--prefer-offline', '--no-audit', '--no-fund', '--no-package-lock', tarball], { cwd: app, encoding: 'utf8', timeout: 120_000, stdio: ['ignore', 'pipe', 'pipe'] });
  }, 180_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('ships dist with types and the wasm, and nothing from the source tree', () => {
    expect(files).toContain('dist/index.js');
    expect(files).toContain('dist/index.d.ts');
    expect(files).toContain('dist/node.js');
    expect(files).toContain('dist/wasmlp.wasm');
    expect(files).toContain('package.json');
    expect(files.filter((f) => /^(src|test|assembly|build|scripts)\//.test(f))).toEqual([]);
    // The license the `license` field names, and every doc the README links to, travel with the package.
    expect(files).toContain('LICENSE');
    expect(readFileSync(join(ROOT, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
    const linked = [...readFileSync(join(ROOT, 'README.md'), 'utf8').matchAll(/`(docs\/[\w.-]+\.md)`|\]\((docs\/[\w.-]+\.md)\)/g)].map((m) => m[1] ?? m[2]);
    expect(linked.length).toBeGreaterThan(3);
    expect([...new Set(linked)].filter((d) => !files.includes(d))).toEqual([]);
    const pkg = JSON.parse(readFileSync(join(dir, 'app', 'node_modules', 'wasmlp', 'package.json'), 'utf8'));
    expect(Object.keys(pkg.exports['.'])[0]).toBe('types');
    expect(pkg.bin.wasmlp).toBe('./dist/cli/main.js');
    // Where the registry page links to: the source, the README, the issue tracker (one repository).
    expect(pkg.repository).toEqual({ type: 'git', url: 'git+https://github.com/wasmlp/wasmlp.git' });
    expect(pkg.homepage).toBe('https://github.com/wasmlp/wasmlp#readme');
    expect(pkg.bugs).toEqual({ url: 'https://github.com/wasmlp/wasmlp/issues' });
    // The CLI is written separately; once it is built, npm must have linked it.
    if (files.includes('dist/cli/main.js')) expect(existsSync(join(dir, 'app', 'node_modules', '.bin', 'wasmlp'))).toBe(true);
  });

  it('trains Banknote from the installed package, the same as the checkout', async () => {
    const app = join(dir, 'app');
    copyFileSync(join(SHARED, 'train-banknote.js'), join(app, 'train-banknote.js'));
    const dataFile = join(process.env.WASMLP_DATA_DIR ?? join(ROOT, '..', 'shared', 'data'), 'banknote_authentication.csv');
    writeFileSync(join(app, 'main.js'), [
      "import * as wasmlp from 'wasmlp';",
      "import { loadCsvFile } from 'wasmlp/node';",
      "import { trainBanknote } from './train-banknote.js';",
      "let csv = ''; for await (const c of process.stdin) csv += c;",
      'const result = await trainBanknote(wasmlp, csv);',
      `const file = await loadCsvFile(${JSON.stringify(dataFile)});`,
      "const wasmPath = import.meta.resolve('wasmlp/wasmlp.wasm');",
      'console.log(JSON.stringify({ ...result, fileRows: file.x.rows, wasmPath }));',
    ].join('\n'));
    const proc = startBounded(process.execPath, ['main.js'], { cwd: app, timeoutMs: 60_000, stdin: csv, name: 'node (installed tarball)' });
    const out = lastJson<TrainResult & { fileRows: number; wasmPath: string }>(await proc.done, 'node');
    console.log(`[npm pack] ${JSON.stringify(out)}`);
    expect(out.weightsHash).toBe(reference.weightsHash);
    expect(out.accuracy).toBe(reference.accuracy);
    expect(out.fileRows).toBe(1372);
    expect(out.wasmPath).toMatch(/node_modules\/wasmlp\/dist\/wasmlp\.wasm$/);
  });

  // skipLibCheck as most projects set it: csv-parse's own .d.ts (re-exported through CsvEngine)
  // names Node's Buffer and 'stream', which a browser-only project without @types/node lacks.
  it('type-checks a TypeScript import through the exports map (types first)', () => {
    const app = join(dir, 'app');
    writeFileSync(join(app, 'typed.ts'), [
      "import { Sequential, Dense, init, type Matrix } from 'wasmlp';",
      "import { loadCsvFile } from 'wasmlp/node';",
      'await init();',
      "const model: Sequential = new Sequential([new Dense({ units: 1, activation: 'sigmoid', inputDim: 2 })]);",
      'const m: Matrix | undefined = undefined;',
      'export { model, m, loadCsvFile };',
    ].join('\n'));
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true, lib: ['ES2022', 'DOM'], types: [] }, files: ['typed.ts'] }));
    try {
      execFileSync(join(BIN, 'tsc'), ['-p', 'tsconfig.json'], { cwd: app, encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      const err = e as { stdout?: string; stderr?: string };
      throw new Error(`tsc failed on the installed package:\n${err.stdout}${err.stderr}`);
    }
  });
});
