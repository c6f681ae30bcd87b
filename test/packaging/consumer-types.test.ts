// A new user's browser project: strict, no @types/node, no skipLibCheck, 'wasmlp' resolved through
// node_modules and package.json exports to the built .d.ts. The README's API example must compile,
// and a misspelled activation name must not.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, linkedProject, requireDist } from '../runtimes/shared/harness.js';

function tsc(dir: string, file: string): string {
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { target: 'ES2022', module: 'ES2022', moduleResolution: 'Bundler', strict: true, noEmit: true, lib: ['ES2022', 'DOM', 'DOM.Iterable'], types: [] },
    files: [file],
  }));
  try {
    execFileSync(join(BIN, 'tsc'), ['-p', 'tsconfig.json'], { cwd: dir, encoding: 'utf8', timeout: 120_000, stdio: ['ignore', 'pipe', 'pipe'] });
    return '';
  } catch (e) {
    return `${(e as { stdout?: string }).stdout ?? ''}${(e as { stderr?: string }).stderr ?? ''}`;
  }
}

describe('a strict browser TypeScript project without @types/node or skipLibCheck', () => {
  let project: ReturnType<typeof linkedProject>;

  beforeAll(() => {
    requireDist();
    project = linkedProject('consumer-types');
    mkdirSync(join(project.dir, 'src'), { recursive: true });
  });
  afterAll(() => project?.cleanup());

  it("compiles the README's API example against the package's types", () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const example = /```ts\n(import \{ Sequential, Dense[^\n]*from 'wasmlp';\n[\s\S]*?)```/.exec(readme)?.[1];
    expect(example, 'the README has its API example').toBeDefined();
    writeFileSync(join(project.dir, 'src', 'main.ts'), `${example}\nexport {};\n`);
    expect(tsc(project.dir, 'src/main.ts')).toBe('');
  });

  it("refuses a misspelled activation name ('tanhh') at compile time", () => {
    writeFileSync(join(project.dir, 'src', 'typo.ts'), "import { Dense } from 'wasmlp';\nexport const layer = new Dense({ units: 2, activation: 'tanhh' });\n");
    const out = tsc(project.dir, 'src/typo.ts');
    expect(out).toMatch(/typo\.ts\(2,\d+\): error TS\d+: Type '"tanhh"' is not assignable/);
    writeFileSync(join(project.dir, 'src', 'snake.ts'), "import { Dense } from 'wasmlp';\nexport const layer = new Dense({ units: 2, activation: 'leaky_relu', input_dim: 4, kernel_initializer: 'he_normal' });\n");
    expect(tsc(project.dir, 'src/snake.ts'), "Keras' snake_case spellings are in the types").toBe('');
  });
});
