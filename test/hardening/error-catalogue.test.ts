import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, UNKNOWN_NAME_CODES, WARNING_CODES, type UnknownNameKind } from '../../src/error-codes.js';
import { unknownName } from '../../src/errors.js';

/**
 * src/error-codes.ts is the one table of every error and warning code; docs/errors.md documents
 * each. This test walks the table: every code is documented (errors under "Errors", warnings under
 * "Warnings"), nothing documented is missing from the table, every code is asserted by some test,
 * and no code-like literal in src/ escapes the table.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));

function files(dir: string, ext: RegExp): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p, ext) : ext.test(name) ? [p] : [];
  });
}

/** Codes that belong to others (Node's errno, csv-parse, undici) and appear in src as literals. */
const FOREIGN = new Set(['ENOENT', 'EISDIR', 'ENOTDIR', 'EACCES', 'EPERM', 'EEXIST', 'EROFS', 'ELOOP', 'ENAMETOOLONG', 'ENOSPC', 'EMFILE', 'ECONNRESET', 'ECONNREFUSED', 'INVALID_OPENING_QUOTE', 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE', 'CSV_QUOTE_NOT_CLOSED', 'CSV_INVALID_CLOSING_QUOTE', 'ERR_STREAM_PREMATURE_CLOSE', 'UND_ERR_SOCKET', 'ABORT_ERR', 'ERR_STRING_TOO_LONG', 'ERR_WORKER_OUT_OF_MEMORY']);

/** Every `| \`CODE\` | cause | fix |` row of docs/errors.md (errors and warnings alike). */
function catalogue(): Map<string, { cause: string; fix: string }> {
  const text = readFileSync(join(root, 'docs', 'errors.md'), 'utf8');
  const rows = new Map<string, { cause: string; fix: string }>();
  for (const m of text.matchAll(/^\| `([A-Z0-9_]+)` \| ([^|]+) \| ([^|]+) \|$/gm)) rows.set(m[1], { cause: m[2].trim(), fix: m[3].trim() });
  return rows;
}

const tables = { Errors: ERROR_CODES, Warnings: WARNING_CODES } as const;

describe('the one table of codes (src/error-codes.ts) and its catalogue (docs/errors.md)', () => {
  const documented = catalogue();
  for (const section of ['Errors', 'Warnings'] as const) {
    const table: Record<string, string> = tables[section];

    it(`documents every ${section.toLowerCase()} code of the table, with a cause and a fix`, () => {
      const missing = Object.keys(table).filter((c) => !documented.has(c)).sort();
      expect(missing, `codes in src/error-codes.ts missing from docs/errors.md`).toEqual([]);
      for (const [code, row] of documented) {
        expect(row.cause.length, code).toBeGreaterThan(10);
        expect(row.fix.length, code).toBeGreaterThan(3);
      }
      for (const [code, description] of Object.entries(table)) expect(description.length, code).toBeGreaterThan(10);
    });

  }

  it('documents no code that the table lacks', () => {
    const stale = [...documented.keys()].filter((c) => !(c in ERROR_CODES) && !(c in WARNING_CODES)).sort();
    expect(stale).toEqual([]);
  });

  it('keeps error and warning codes apart', () => {
    expect(Object.keys(ERROR_CODES).filter((c) => c in WARNING_CODES)).toEqual([]);
  });

  it('maps every unknown-name family to a listed code, and unknownName raises exactly it', () => {
    for (const [kind, code] of Object.entries(UNKNOWN_NAME_CODES)) {
      expect(code in ERROR_CODES, code).toBe(true);
      const err = unknownName(kind as UnknownNameKind, 'nope', ['a', 'b'], 'opt');
      expect(err.code).toBe(code);
      expect(err.message).toContain('a, b');
    }
  });

  it('has no code-like literal in src/ outside the table (a code must not bypass it)', () => {
    const outside = new Set<string>();
    for (const f of files(join(root, 'src'), /\.ts$/)) {
      if (f.endsWith('error-codes.ts')) continue;
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(/['"`]([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[A-Z]{5,})['"`]/g)) {
        const c = m[1];
        if (!FOREIGN.has(c) && !(c in ERROR_CODES) && !(c in WARNING_CODES)) outside.add(c);
      }
    }
    expect([...outside].sort()).toEqual([]);
  });

  it('has a test asserting each code', () => {
    const tests = files(join(root, 'test'), /\.ts$/).filter((f) => !f.endsWith('error-catalogue.test.ts')).map((f) => readFileSync(f, 'utf8')).join('\n');
    const all = [...Object.keys(ERROR_CODES), ...Object.keys(WARNING_CODES)];
    const untested = all.filter((c) => !new RegExp(`['"\`/]${c}['"\`/]|code: '${c}'`).test(tests)).sort();
    expect(untested, 'codes no test mentions').toEqual([]);
  });
});
