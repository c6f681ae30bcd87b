// The core's binary interface has one source: the constants in assembly/. This script copies them
// into src/core-abi.ts for the host (descriptor word offsets, the activation, loss, optimizer and
// initializer codes, the thread pool's control block), so the two sides cannot drift apart.
// It also writes a fingerprint of those values into both sides (assembly/abi-hash.ts, ABI_HASH),
// so init() refuses a .wasm from another version. `npm run build` runs it before compiling;
// `node scripts/gen-abi.mjs --check` exits 1 when either file is stale (test/core/abi.test.ts
// runs the same check in npm test).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const OUTPUT = 'src/core-abi.ts';
/** The core's copy of the fingerprint (exported as abi_hash). */
export const HASH_OUTPUT = 'assembly/abi-hash.ts';

/**
 * What the host reads, by file: every constant that starts with one of a file's `prefix`es, and the
 * `single` names, copied under the same name (a constant belongs to its longest matching prefix).
 * Flat constants rather than objects, so that bundlers inline them (no table in the shipped code).
 * `codes: true`: the values name choices (no two may be equal); otherwise they are word offsets
 * inside a record of `size` words (no two equal, each below the size).
 */
export const SPEC = [
  { file: 'network.ts', single: ['HEADER_WORDS', 'LAYER_WORDS'], groups: [
    { prefix: 'NET_', size: 'HEADER_WORDS', doc: 'Word offsets of the network descriptor\'s header.' },
    { prefix: 'L_', size: 'LAYER_WORDS', doc: 'Word offsets of a layer record (after the header, LAYER_WORDS each).' },
    { prefix: 'KIND_', codes: true, doc: 'Layer kinds (word L_KIND).' },
  ] },
  { file: 'sparse-train.ts', single: ['SPARSE_WORDS'], groups: [
    { prefix: 'SP_', size: 'SPARSE_WORDS', doc: 'Word offsets of the sparse (CSR) input descriptor.' },
  ] },
  { file: 'parallel.ts', single: ['POOL_WORDS', 'MAX_THREADS'], groups: [
    { prefix: 'POOL_', size: 'POOL_WORDS', doc: 'Word offsets of the thread pool\'s control block.' },
  ] },
  { file: 'activations.ts', groups: [{ prefix: 'ACT_', codes: true, doc: 'Activation codes.' }] },
  { file: 'losses.ts', groups: [{ prefix: 'LOSS_', codes: true, doc: 'Loss codes.' }] },
  { file: 'optimizers.ts', groups: [
    { prefix: 'OPT_', codes: true, doc: 'Optimizer codes.' },
    { prefix: 'OPT_FLAG_', codes: true, doc: 'Optimizer flag bits.' },
  ] },
  { file: 'initializers.ts', groups: [{ prefix: 'INIT_', codes: true, doc: 'Initializer codes.' }] },
];

const CONST = /^\s*(?:export\s+)?const\s+([A-Z][A-Z0-9_]*)\s*(?::\s*\w+)?\s*=\s*([^;]+);/gm;

/** The constants of one assembly file: name -> source expression (evaluated only when needed). */
function constants(source) {
  return Object.fromEntries([...source.matchAll(CONST)].map(([, name, expr]) => [name, expr.trim()]));
}

/** Evaluates an integer constant: a literal, or + - * << of literals and other constants of the file. */
function evaluate(name, raw, file, seen = new Set()) {
  const where = `assembly/${file} ${name}`;
  if (seen.has(name)) throw new Error(`gen-abi: ${where} is defined in terms of itself.`);
  const text = raw[name].replace(/[A-Z][A-Z0-9_]*/g, (id) => {
    if (!(id in raw)) throw new Error(`gen-abi: ${where} refers to ${id}, which is not a constant of the file.`);
    return `(${evaluate(id, raw, file, new Set([...seen, name]))})`;
  });
  if (!/^[\d\s()+\-*<]+$/.test(text)) throw new Error(`gen-abi: ${where} = ${raw[name]} is not an integer expression the generator can read.`);
  const value = Function(`"use strict"; return (${text});`)();
  if (!Number.isSafeInteger(value)) throw new Error(`gen-abi: ${where} = ${raw[name]} is not an integer.`);
  return value;
}

/**
 * Builds the texts of src/core-abi.ts and assembly/abi-hash.ts (by path) from the assembly sources
 * (`read(file)` returns one file's text), checking each group on the way: a table that is empty, repeats a value or runs past its
 * record's size throws, so a bad edit in assembly/ fails the build instead of training quietly.
 */
export function generateAbi(read = (file) => readFileSync(join(ROOT, 'assembly', file), 'utf8')) {
  const parts = [];
  for (const { file, groups, single = [] } of SPEC) {
    const raw = constants(read(file));
    const value = (name) => {
      if (!(name in raw)) throw new Error(`gen-abi: assembly/${file} no longer defines ${name}, which the host reads.`);
      return evaluate(name, raw, file);
    };
    const members = new Map(groups.map((g) => [g, []]));
    for (const name of Object.keys(raw)) {
      if (single.includes(name)) continue;
      const owner = groups.filter((g) => name.startsWith(g.prefix)).sort((x, y) => y.prefix.length - x.prefix.length)[0];
      if (owner) members.get(owner).push([name, value(name)]);
    }
    parts.push(`// assembly/${file}\n${single.map((name) => `export const ${name} = ${value(name)};\n`).join('')}`.trimEnd());
    for (const group of groups) {
      const entries = members.get(group);
      if (entries.length === 0) throw new Error(`gen-abi: assembly/${file} defines no ${group.prefix}* constants.`);
      const seen = new Map();
      for (const [name, v] of entries) {
        if (seen.has(v)) throw new Error(`gen-abi: assembly/${file}: ${name} and ${seen.get(v)} are both ${v}; ${group.codes ? 'codes' : 'word offsets'} ${group.prefix}* must differ.`);
        seen.set(v, name);
        if (!group.codes && !(v >= 0 && v < value(group.size))) {
          throw new Error(`gen-abi: assembly/${file}: ${name} = ${v} lies outside its record (${group.size} = ${value(group.size)}).`);
        }
      }
      parts.push(`/** ${group.doc} */\n${entries.map(([name, v]) => `export const ${name} = ${v};`).join('\n')}`);
    }
  }
  const body = parts.join('\n\n');
  // The fingerprint also covers the names the core exports (assembly/index.ts), sorted.
  const index = read('index.ts');
  const exported = [...index.matchAll(/export \{([^}]*)\}/g)].flatMap((m) => m[1].split(',').map((n) => n.trim()))
    .concat([...index.matchAll(/export function (\w+)/g)].map((m) => m[1])).filter((n) => n && n !== 'abi_hash').sort();
  const hash = `0x${fnv1a(`${body}\nexports: ${exported.join(' ')}`).toString(16).padStart(8, '0')}`;
  return {
    [OUTPUT]: `// Generated by scripts/gen-abi.mjs from the constants in assembly/: do not edit. \`npm run build\`
// regenerates it, and test/core/abi.test.ts fails when it is stale.

${body}

/** Fingerprint of every value above and of the core's export names; the core's abi_hash() returns the same (checked when it loads). */
export const ABI_HASH = ${hash};
`,
    [HASH_OUTPUT]: `// Generated by scripts/gen-abi.mjs: do not edit. A fingerprint of the constants the host copies
// into src/core-abi.ts; init() refuses a module whose fingerprint differs from its own copy.

/** Fingerprint of the core's ABI (descriptor offsets, codes and export names). */
export function abi_hash(): u32 {
  return ${hash};
}
`,
  };
}

/** FNV-1a 32-bit over the UTF-16 code units of an ASCII text. */
function fnv1a(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h >>> 0;
}

const disk = (path) => readFileSync(join(ROOT, path), 'utf8');

/**
 * Null when the generated files (`current(path)` gives one's text; by default the files on disk)
 * match the assembly sources, else what differs.
 */
export function staleAbi(current = disk, read) {
  for (const [path, fresh] of Object.entries(generateAbi(read))) {
    let old = '';
    try { old = current(path); } catch { /* missing: stale */ }
    if (fresh === old) continue;
    const a = old.split('\n'), b = fresh.split('\n');
    const i = a.findIndex((line, n) => line !== b[n]);
    const at = i < 0 ? b.length - 1 : i;
    return `${path} is stale (line ${at + 1}: has ${JSON.stringify(a[at] ?? '')}, assembly/ gives ${JSON.stringify(b[at] ?? '')}). Run 'node scripts/gen-abi.mjs' (npm run build does).`;
  }
  return null;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  if (process.argv.includes('--check')) {
    const problem = staleAbi();
    if (problem) { console.error(`gen-abi: ${problem}`); process.exit(1); }
    console.log(`gen-abi: ${OUTPUT} and ${HASH_OUTPUT} are up to date.`);
  } else {
    for (const [path, text] of Object.entries(generateAbi())) {
      let old = '';
      try { old = disk(path); } catch { /* first run */ }
      if (old !== text) writeFileSync(join(ROOT, path), text);
      console.log(`gen-abi: ${path} ${old === text ? 'unchanged' : 'written'}.`);
    }
  }
}
