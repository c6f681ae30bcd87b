import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * docs/errors.md is the catalogue of every error and warning code: this test walks it so that no
 * code thrown in src/ is undocumented, no documented code is stale, and every code is asserted by
 * at least one test.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));

function files(dir: string, ext: RegExp): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p, ext) : ext.test(name) ? [p] : [];
  });
}

/** Upper-snake string literals in src: error codes, warning codes, and a few foreign codes. */
const FOREIGN = new Set(['ENOENT', 'EISDIR', 'ENOTDIR', 'EACCES', 'EPERM', 'EEXIST', 'ECONNRESET', 'ECONNREFUSED', 'INVALID_OPENING_QUOTE', 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE', 'CSV_QUOTE_NOT_CLOSED', 'CSV_INVALID_CLOSING_QUOTE', 'ERR_STREAM_PREMATURE_CLOSE', 'UND_ERR_SOCKET', 'ABORT_ERR']);
function sourceCodes(): Set<string> {
  const found = new Set<string>();
  for (const f of files(join(root, 'src'), /\.ts$/)) {
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(/['"`]([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[A-Z]{5,})['"`]/g)) if (!FOREIGN.has(m[1])) found.add(m[1]);
    // Codes built from a name family: unknownName('activation', ...) -> UNKNOWN_ACTIVATION.
    for (const m of text.matchAll(/nameTable<[^>]*>\(\s*'([a-z ]+)'/g)) found.add(`UNKNOWN_${m[1].toUpperCase().replace(/ /g, '_')}`);
    for (const m of text.matchAll(/unknownName\(\s*'([a-z ]+)'/g)) found.add(`UNKNOWN_${m[1].toUpperCase().replace(/ /g, '_')}`);
  }
  return found;
}

function catalogue(): Map<string, { cause: string; fix: string }> {
  const text = readFileSync(join(root, 'docs', 'errors.md'), 'utf8');
  const rows = new Map<string, { cause: string; fix: string }>();
  for (const m of text.matchAll(/^\| `([A-Z0-9_]+)` \| ([^|]+) \| ([^|]+) \|$/gm)) rows.set(m[1], { cause: m[2].trim(), fix: m[3].trim() });
  return rows;
}

describe('the error catalogue (docs/errors.md)', () => {
  const documented = catalogue();
  const used = sourceCodes();

  it('documents every code the source can raise, with a cause and a fix', () => {
    const missing = [...used].filter((c) => !documented.has(c)).sort();
    expect(missing, `codes used in src/ but missing from docs/errors.md`).toEqual([]);
    for (const [code, row] of documented) {
      expect(row.cause.length, code).toBeGreaterThan(10);
      expect(row.fix.length, code).toBeGreaterThan(5);
    }
  });

  it('lists no code that the source no longer uses', () => {
    const stale = [...documented.keys()].filter((c) => !used.has(c)).sort();
    expect(stale).toEqual([]);
  });

  it('has a test asserting each code', () => {
    const tests = files(join(root, 'test'), /\.ts$/).filter((f) => !f.endsWith('error-catalogue.test.ts')).map((f) => readFileSync(f, 'utf8')).join('\n');
    const untested = [...documented.keys()].filter((c) => !new RegExp(`['"\`/]${c}['"\`/]|code: '${c}'`).test(tests)).sort();
    expect(untested, 'codes no test mentions').toEqual([]);
  });
});
