import { describe, expect, it } from 'vitest';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCsv, loadCsvText } from '../../src/data/csv.js';
import { expectWasmlpError } from '../helpers/expect-error.js';

describe('loadCsv errors: code, message, line and column', () => {
  it('ragged row', async () => {
    await expectWasmlpError(() => loadCsvText('1,2,0\n3,4,1\n5,6,7,1\n'), 'RAGGED_ROW', ['line 3 has 4 fields but line 1 has 3'], { line: 3 });
    await expectWasmlpError(() => loadCsvText('a,b,y\n1,2,0\n\n3,1\n'), 'RAGGED_ROW', ['line 4 has 2 fields but line 1 has 3'], { line: 4 });
  });

  it('non-numeric cell in a numeric column names the column, its header and the value', async () => {
    await expectWasmlpError(() => loadCsvText('width,height,y\n1,2,0\n3,abc,1\n'), 'NOT_A_NUMBER', ['line 3, column 2 ("height") is "abc", not a number', 'line 2'], { line: 3, column: 2 });
    await expectWasmlpError(() => loadCsvText('1,2,0\n3,4x,1\n'), 'NOT_A_NUMBER', ['line 2, column 2 is "4x"'], { line: 2, column: 2 });
  });

  it('text feature column suggests categorical: onehot', async () => {
    await expectWasmlpError(() => loadCsvText('color,w,y\nred,1,0\nblue,2,1\n'), 'TEXT_COLUMN', ['line 2, column 1 ("color") holds text ("red")', "categorical: 'onehot'"], { line: 2, column: 1, option: 'categorical' });
  });

  it('empty file and whitespace-only file', async () => {
    await expectWasmlpError(() => loadCsvText(''), 'EMPTY_FILE', ['is empty']);
    await expectWasmlpError(() => loadCsv('\n\n'), 'EMPTY_FILE', ['is empty']);
  });

  it('header-only file', async () => {
    await expectWasmlpError(() => loadCsvText('sepal,petal,class\n'), 'HEADER_ONLY', ['header line (line 1) but no data rows'], { line: 1 });
    await expectWasmlpError(() => loadCsvText('a,b,y\r\n', { header: true }), 'HEADER_ONLY', ['no data rows']);
  });

  it('a single class names the rows and the class', async () => {
    await expectWasmlpError(() => loadCsvText('1,2,M\n3,4,M\n5,6,M'), 'SINGLE_CLASS', ['single class, "M", in all 3 rows'], { option: 'label' });
  });

  it('missing values by default name the place and the missing option', async () => {
    await expectWasmlpError(() => loadCsvText('a,b,y\n1,2,0\n3,?,1\n'), 'MISSING_VALUE', ['line 3, column 2 ("b") is missing ("?")', "missing: 'drop'", "'mean'"], { line: 3, column: 2, option: 'missing' });
    await expectWasmlpError(() => loadCsvText('1,2,0\nNA,2,1\n'), 'MISSING_VALUE', ['line 2, column 1 is missing ("NA")'], { line: 2, column: 1 });
    await expectWasmlpError(() => loadCsvText('1,2,0\n1,2,\n'), 'MISSING_LABEL', ['line 2, column 3', "missing: 'drop'"], { line: 2, column: 3 });
  });

  it('1e999, Infinity and float32 overflow are rejected', async () => {
    await expectWasmlpError(() => loadCsvText('1,2,0\n1e999,2,1\n'), 'NON_FINITE', ['line 2, column 1 is "1e999"', 'infinite'], { line: 2, column: 1 });
    await expectWasmlpError(() => loadCsvText('1,-Infinity,0\n1,2,1\n'), 'NON_FINITE', ['"-Infinity"'], { line: 1, column: 2 });
    await expectWasmlpError(() => loadCsvText('1,2,0\n1,1e39,1\n'), 'NON_FINITE', ['float32'], { line: 2, column: 2 });
  });

  it('unclosed quote becomes CSV_SYNTAX with the line', async () => {
    await expectWasmlpError(() => loadCsvText('1,2,0\n3,"4,1\n'), 'CSV_SYNTAX', [/line \d/, 'Quote']);
  });

  it('errors from files carry the file name; a missing file is FILE_NOT_FOUND', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wasmlp-csv-'));
    const file = join(dir, 'bad.csv');
    writeFileSync(file, 'a,b,y\n1,2,0\n3,4,1\n5,6\n');
    await expectWasmlpError(() => loadCsv(file), 'RAGGED_ROW', [file, 'line 4 has 2 fields'], { line: 4, file });
    await expectWasmlpError(() => loadCsv(join(dir, 'nope.csv')), 'FILE_NOT_FOUND', ['nope.csv', 'ENOENT']);
  });

  it('rejects bad options with the valid choices', async () => {
    await expectWasmlpError(() => loadCsvText('1,0\n2,1\n', { missing: 'zero' as never }), 'UNKNOWN_MISSING_MODE', ['error, drop, mean, median'], { option: 'missing' });
    await expectWasmlpError(() => loadCsvText('1,0\n2,1\n', { label: 'y', header: false }), 'BAD_OPTION', ['header is false'], { option: 'label' });
    await expectWasmlpError(() => loadCsv(42 as never), 'BAD_INPUT_TYPE', ['received 42']);
  });

  it('encodeLabel / decodeLabel reject unknown values', async () => {
    const d = loadCsvText('1,a\n2,b\n');
    await expectWasmlpError(() => d.encodeLabel('c'), 'UNKNOWN_LABEL', ['"a", "b"']);
    await expectWasmlpError(() => d.decodeLabel(2), 'UNKNOWN_LABEL', ['0..1']);
    expect(d.encodeLabel(" 'b' ")).toBe(1);
  });
});
