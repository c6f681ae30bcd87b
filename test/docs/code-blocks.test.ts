import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT } from '../runtimes/shared/harness.js';
import { tsBlocks } from './doc-blocks.js';

/**
 * The README's and docs' TypeScript examples compile under --strict against the source (each
 * block is a module of its own; 'wasmlp', 'wasmlp/node', ... map to src/ as the package exports do).
 */
describe('documentation code blocks', () => {
  const blocks = tsBlocks(ROOT);

  it('finds the examples', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    expect(blocks.some((b) => b.file === 'README.md')).toBe(true);
  });

  it('type-check under --strict with zero errors', () => {
    const dir = join(ROOT, 'test-output', 'doc-blocks');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const names = blocks.map((b, i) => {
      const name = `${b.file.replace(/[/.]/g, '_')}_L${b.line}.ts`;
      // `export {}` makes each block a module (top-level await, no name clashes between blocks).
      writeFileSync(join(dir, name), `${b.code}\nexport {};\n`);
      return name + (i < 0 ? '' : '');
    });
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: {
        target: 'ES2022', module: 'ES2022', moduleResolution: 'Bundler', strict: true, noEmit: true, skipLibCheck: true,
        lib: ['ES2022', 'DOM', 'DOM.Iterable'], types: ['node'], typeRoots: [join(ROOT, 'node_modules', '@types')],
        paths: {
          wasmlp: [join(ROOT, 'src', 'index.ts')], 'wasmlp/node': [join(ROOT, 'src', 'node.ts')], 'wasmlp/tfjs': [join(ROOT, 'src', 'io', 'tfjs.ts')],
          'wasmlp/*': [join(ROOT, 'src', '*.ts')],
        },
      },
      files: names,
    }));
    let output = '';
    try {
      execFileSync(join(BIN, 'tsc'), ['-p', 'tsconfig.json'], { cwd: dir, encoding: 'utf8', timeout: 120_000, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      output = `${(e as { stdout?: string }).stdout ?? ''}${(e as { stderr?: string }).stderr ?? ''}`;
    }
    expect(output, 'errors name the block as <file>_L<line of the block>').toBe('');
  });
});
