import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { loadTextFolder } from '../../src/text/text-folder-node.js';
import { setWarningHandler } from '../../src/warnings.js';
import { expectWasmlpError } from '../helpers/expect-error.js';

const root = mkdtempSync(join(tmpdir(), 'wasmlp-text-folder-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let warnings: [string, string][] = [];
beforeEach(() => {
  warnings = [];
  setWarningHandler((code, message) => warnings.push([code, message]));
});

function folder(name: string, files: Record<string, string | Uint8Array>): string {
  const dir = join(root, name);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

describe('loadTextFolder', () => {
  it('reads one subfolder per class, sorted, skipping hidden and loose files and other extensions', () => {
    const dir = folder('reviews', { 'pos/b.txt': 'Great film!', 'pos/a.txt': 'Loved it', 'neg/x.txt': 'Dull.', 'neg/.hidden.txt': 'no', 'neg/notes.md': 'no', 'README.txt': 'loose' });
    const r = loadTextFolder(dir);
    expect(r.classNames).toEqual(['neg', 'pos']);
    expect(r.texts).toEqual(['Dull.', 'Loved it', 'Great film!']);
    expect(Array.from(r.labels)).toEqual([0, 1, 1]);
    expect(r.files).toEqual(['neg/x.txt', 'pos/a.txt', 'pos/b.txt']);
    expect(loadTextFolder(dir, { extensions: null }).texts).toContain('no');
  });

  it('reads UTF-8 as UTF-8 and invalid UTF-8 as Latin-1 (auto, with a warning), never as U+FFFD', () => {
    const latin1 = Uint8Array.from([0x43, 0x61, 0x66, 0xe9, 0x20, 0x6e, 0x61, 0xef, 0x76, 0x65]); // "Café naïve" in Latin-1
    const dir = folder('mixed', { 'a/utf8.txt': 'Café naïve ✓', 'b/latin1.txt': latin1, 'a/bom.txt': '\ufeffwith bom' });
    const r = loadTextFolder(dir);
    expect(r.texts).toEqual(['with bom', 'Café naïve ✓', 'Café naïve']);
    expect(r.texts.join('')).not.toContain('\ufffd');
    expect(r.latin1Files).toEqual(['b/latin1.txt']);
    expect(warnings.map(([c]) => c)).toEqual(['TEXT_READ_AS_LATIN1']);
    expect(loadTextFolder(dir, { encoding: 'latin1' }).texts[2]).toBe('Café naïve');
  });

  it('stated utf-8 makes invalid bytes a coded error naming the file and byte', async () => {
    const dir = folder('strict', { 'a/ok.txt': 'ok', 'b/bad.txt': Uint8Array.from([0x61, 0x62, 0xe9, 0x21]) });
    await expectWasmlpError(() => loadTextFolder(dir, { encoding: 'utf-8' }), 'TEXT_ENCODING', [/byte 2 is 0xe9/, /encoding: 'latin1'/], { option: 'encoding' });
  });

  it('keeps an empty text with a warning (EMPTY_TEXT)', () => {
    const dir = folder('empties', { 'a/1.txt': 'text', 'a/2.txt': '  \n', 'b/3.txt': 'more' });
    const r = loadTextFolder(dir);
    expect(r.texts).toEqual(['text', '  \n', 'more']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0][0]).toBe('EMPTY_TEXT');
    expect(warnings[0][1]).toMatch(/a\/2\.txt/);
  });

  it('refuses one class, no files, a file path, a missing path, unreadable entries and bad options', async () => {
    await expectWasmlpError(() => loadTextFolder(folder('one', { 'only/a.txt': 'x' })), 'TEXT_FOLDER_ONE_CLASS', [/one subfolder \(only\)/, /at least two classes/]);
    await expectWasmlpError(() => loadTextFolder(folder('none', { 'loose.txt': 'x' })), 'TEXT_FOLDER_ONE_CLASS', [/no subfolder/]);
    await expectWasmlpError(() => loadTextFolder(folder('nofiles', { 'a/x.txt': 'x', 'b/x.csv': 'y' })), 'TEXT_FOLDER_EMPTY', [/b/, /extensions/]);
    await expectWasmlpError(() => loadTextFolder(join(root, 'one', 'only', 'a.txt')), 'NOT_A_FOLDER');
    await expectWasmlpError(() => loadTextFolder(join(root, 'missing')), 'FILE_NOT_FOUND', [/no folder/]);
    const loop = folder('loop', { 'a/ok.txt': 'ok', 'b/ok.txt': 'ok' });
    symlinkSync(join(loop, 'b', 'self.txt'), join(loop, 'b', 'self.txt'));
    await expectWasmlpError(() => loadTextFolder(loop), 'FILE_UNREADABLE', [/self\.txt/]);
    await expectWasmlpError(() => loadTextFolder(root, { encodings: 'latin1' } as never), 'BAD_OPTION', [/encodings/]);
    await expectWasmlpError(() => loadTextFolder(root, { encoding: 'ascii' as never }), 'BAD_OPTION', [/encoding/]);
  });
});
