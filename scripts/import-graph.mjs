// The value-import graph of src/ (static imports and re-exports that survive compilation; `import
// type`, `export type` and all-`type` specifier lists are left out, dynamic import() too: it runs
// later, not while modules load). `node scripts/import-graph.mjs` prints the cycles, if any, and
// exits 1; test/architecture/imports.test.ts runs the same check in npm test.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function sources(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') && !p.endsWith('.d.ts') ? [p] : [];
  });
}

function valueSpecifiers(file) {
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
  const out = [];
  for (const st of sf.statements) {
    if (ts.isImportDeclaration(st)) {
      const c = st.importClause;
      if (c?.isTypeOnly) continue;
      const named = c?.namedBindings;
      const allTypes = c && !c.name && named && ts.isNamedImports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly);
      if (allTypes) continue;
      out.push(st.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(st) && st.moduleSpecifier) {
      if (st.isTypeOnly) continue;
      const named = st.exportClause;
      if (named && ts.isNamedExports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly)) continue;
      out.push(st.moduleSpecifier.text);
    }
  }
  return out;
}

/** Map of 'model/sequential.ts' -> Set of imported src-relative files (relative specifiers only). */
export function importGraph(srcDir = join(ROOT, 'src')) {
  const graph = new Map();
  for (const file of sources(srcDir)) {
    const from = relative(srcDir, file);
    const edges = new Set();
    for (const spec of valueSpecifiers(file)) {
      if (!spec.startsWith('.')) continue;
      edges.add(relative(srcDir, resolve(dirname(file), spec.replace(/\.js$/, '.ts'))));
    }
    graph.set(from, edges);
  }
  return graph;
}

/** Every elementary cycle's strongly connected component (Tarjan), as sorted file lists. */
export function cycles(graph) {
  let index = 0;
  const idx = new Map(), low = new Map(), stack = [], on = new Set(), out = [];
  const visit = (v) => {
    idx.set(v, index); low.set(v, index); index++;
    stack.push(v); on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) { visit(w); low.set(v, Math.min(low.get(v), low.get(w))); }
      else if (on.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
    }
    if (low.get(v) === idx.get(v)) {
      const comp = [];
      let w;
      do { w = stack.pop(); on.delete(w); comp.push(w); } while (w !== v);
      if (comp.length > 1 || graph.get(v)?.has(v)) out.push(comp.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const found = cycles(importGraph());
  for (const c of found) console.log(`cycle: ${c.join(' <-> ')}`);
  if (found.length) process.exit(1);
  console.log('no import cycles among value imports in src/');
}
