// The API reference (TypeDoc, `npm run docs`): every export of every package entry is documented.
// TypeDoc's own check (typedoc.json, validation.notDocumented) covers classes, interfaces, types
// and constants; exported functions are checked here (TypeDoc's "Function" requirement would also
// demand a comment on every class method). The reference is built into a temporary folder.
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Application, ReflectionKind, type DeclarationReflection, type ProjectReflection } from 'typedoc';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TOP_LEVEL = ReflectionKind.Class | ReflectionKind.Interface | ReflectionKind.Function | ReflectionKind.TypeAlias | ReflectionKind.Variable | ReflectionKind.Enum;

function documented(r: DeclarationReflection): boolean {
  if (r.comment?.summary.some((part) => part.text.trim() !== '')) return true;
  return (r.signatures ?? []).some((s) => s.comment?.summary.some((part) => part.text.trim() !== ''));
}

function exportsOf(project: ProjectReflection): { module: string; reflection: DeclarationReflection }[] {
  const out: { module: string; reflection: DeclarationReflection }[] = [];
  for (const mod of project.children ?? []) {
    for (const child of mod.children ?? []) if (child.kindOf(TOP_LEVEL)) out.push({ module: mod.name, reflection: child });
  }
  return out;
}

describe('API reference (TypeDoc)', () => {
  const out = mkdtempSync(join(tmpdir(), 'wasmlp-api-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));
  let project: ProjectReflection | undefined;

  it('builds from typedoc.json with no warnings, and every export of every entry is documented', async () => {
    const warnings: string[] = [];
    const app = await Application.bootstrapWithPlugins({ options: join(ROOT, 'typedoc.json'), out, tsconfig: join(ROOT, 'tsconfig.json') });
    app.logger.log = (message: string, level: number) => { if (level >= 2) warnings.push(String(message)); };
    project = await app.convert();
    expect(project, 'TypeDoc could not convert the sources').toBeTruthy();
    app.validate(project!);
    await app.generateDocs(project!, out);
    expect(existsSync(join(out, 'index.html'))).toBe(true);
    const all = exportsOf(project!);
    expect(all.length).toBeGreaterThan(150);
    const undocumented = all.filter((e) => !documented(e.reflection)).map((e) => `${e.module}.${e.reflection.name} (${ReflectionKind[e.reflection.kind]})`);
    expect(undocumented, 'exports without a TSDoc comment').toEqual([]);
    expect(warnings, 'TypeDoc warnings').toEqual([]);
  });

  it('the interop exports (ONNX, Arrow, explanations) carry an @example', () => {
    expect(project, 'built by the test above').toBeTruthy();
    const wanted = new Set(['exportOnnx', 'fromArrow', 'partialDependence', 'permutationImportance']);
    const items = exportsOf(project!).filter((e) => wanted.has(e.reflection.name) && (e.module !== 'node' || e.reflection.name === 'fromArrow'));
    expect([...new Set(items.map((e) => e.reflection.name))].sort()).toEqual([...wanted].sort());
    for (const { reflection } of items) {
      const tags = [...(reflection.comment?.blockTags ?? []), ...(reflection.signatures ?? []).flatMap((s) => s.comment?.blockTags ?? [])];
      expect(tags.some((t) => t.tag === '@example'), reflection.name).toBe(true);
    }
  });

  it('npm run docs is wired to the same configuration', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.scripts.docs).toBe('typedoc');
    const config = JSON.parse(readFileSync(join(ROOT, 'typedoc.json'), 'utf8'));
    expect(config.validation.notDocumented).toBe(true);
    expect(config.out).toBe('docs/api');
  });
});
