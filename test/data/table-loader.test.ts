import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '../../src/data/csv-node.js';
import { loadTable, parseTable, readTable } from '../../src/data/table-loader.js';
import { tableFromNdjson, tableFromObjects } from '../../src/data/table-objects.js';
import { loadCsv, loadCsvText } from '../../src/data/csv.js';
import { setWarningHandler } from '../../src/warnings.js';
import { table, type NumberColumn, type StringColumn, type Table } from '../../src/data/table.js';
import { expectWasmlpError } from '../helpers/expect-error.js';

const DATA = process.env.WASMLP_DATA_DIR ?? join(__dirname, '../../../shared/data');
const num = (t: Table, name: string) => Array.from((t.columns.find((c) => c.name === name) as NumberColumn).values);
const str = (t: Table, name: string) => (t.columns.find((c) => c.name === name) as StringColumn).values;
const dir = mkdtempSync(join(tmpdir(), 'wasmlp-table-'));

let warnings: string[] = [];
beforeEach(() => { warnings = []; setWarningHandler((code) => warnings.push(code)); });
afterEach(() => setWarningHandler(null));

describe('parseTable: header, delimiter, cells', () => {
  it('detects a header, trims spaces around fields and reads missing tokens as missing', () => {
    const { table: t, info } = parseTable('age, workclass, fnlwgt\n39, State-gov, 77516\n?, Private, NA\n50,  ,83311\n');
    expect(info.header).toBe(true);
    expect(t.columns.map((c) => [c.name, c.type])).toEqual([['age', 'number'], ['workclass', 'string'], ['fnlwgt', 'number']]);
    expect(num(t, 'age')).toEqual([39, NaN, 50]);
    expect(str(t, 'workclass')).toEqual(['State-gov', 'Private', null]);
    expect(num(t, 'fnlwgt')).toEqual([77516, NaN, 83311]);
  });

  it('numbers the columns of a file without a header (0-based names)', () => {
    const { table: t, info } = parseTable('1.5,2,M\n.28,3,R\n');
    expect(info.header).toBe(false);
    expect(t.columns.map((c) => c.name)).toEqual(['0', '1', '2']);
    expect(num(t, '0')).toEqual([1.5, 0.28]);
  });

  it('configurable missing tokens', () => {
    const { table: t } = parseTable('a,b\n1,x\n-999,y\n3,z\n', { missingValues: ['-999', ''] });
    expect(num(t, 'a')).toEqual([1, NaN, 3]);
  });

  it('detects tab and semicolon delimiters, and decimal commas in a semicolon file', () => {
    const tsv = parseTable('Label\tSMS\nham\tHe said "hi\nspam\tWIN "now"\n');
    expect(tsv.info.delimiter).toBe('\t');
    expect(str(tsv.table, 'SMS')).toEqual(['He said "hi', 'WIN "now"']);
    const semi = parseTable('length;weight;kind\n1,5;2;a\n2,25;3,5;b\n');
    expect(semi.info.delimiter).toBe(';');
    expect(semi.info.decimalComma).toEqual(['length', 'weight']);
    expect(num(semi.table, 'length')).toEqual([1.5, 2.25]);
    expect(num(semi.table, 'weight')).toEqual([2, 3.5]);
  });

  it('an all-text header over all-text rows (Label/SMS) is a header; numbered headers too', () => {
    expect(parseTable('Label\tSMS\nham\tok then\nspam\twin a prize\nham\tsee you\n').info.header).toBe(true);
    const numbered = parseTable('0,1,2,3,label\n0.5,0.25,3.5,1,a\n1.5,2.5,0.75,2,b\n');
    expect(numbered.info.header).toBe(true);
    expect(numbered.table.columns.map((c) => c.name)).toEqual(['0', '1', '2', '3', 'label']);
    expect(parseTable('1,2,0\n3,4,1\n').info.header).toBe(false);
    expect(numbered.table.rows).toBe(2);
  });

  it('duplicate header names are renamed (pandas style) with a warning', () => {
    const { table: t } = parseTable('a,label,label\n1,x,y\n2,z,w\n');
    expect(t.columns.map((c) => c.name)).toEqual(['a', 'label', 'label.1']);
    expect(warnings).toContain('DUPLICATE_HEADER');
  });

  it('a table built by hand with a repeated name is DUPLICATE_COLUMN', async () => {
    await expectWasmlpError(() => table([{ name: 'a', type: 'number', values: new Float64Array(1) }, { name: 'a', type: 'string', values: ['x'] }]), 'DUPLICATE_COLUMN', [], { column: 'a' });
  });

  it('a short row after the header is RAGGED_ROW on its own line', async () => {
    await expectWasmlpError(() => parseTable('a,b,c\n1,2,3\n4,5\n'), 'RAGGED_ROW', ['line 3 has 2 fields but the header (line 1) has 3'], { line: 3 });
    await expectWasmlpError(() => parseTable('a,b,c\n1,2\n'), 'RAGGED_ROW', ['line 2'], { line: 2 });
  });

  it('header only, empty text, unclosed quote, infinite cell', async () => {
    await expectWasmlpError(() => parseTable('a,b\n', { header: true }), 'HEADER_ONLY');
    await expectWasmlpError(() => parseTable('\n\n'), 'EMPTY_FILE');
    await expectWasmlpError(() => parseTable('a,b\n"x,1\n'), 'CSV_SYNTAX');
    await expectWasmlpError(() => parseTable('a,b\n1,x\n1e999,y\n'), 'NON_FINITE', ["column 'a'"], { line: 3 });
  });

  it('misspelled options are refused with the closest name', async () => {
    await expectWasmlpError(() => parseTable('a,b\n1,2\n', { delimeter: ';' } as never), 'BAD_OPTION', ["'delimeter'", "Did you mean 'delimiter'"], { option: 'delimeter' });
    await expectWasmlpError(() => loadCsvText('a,target\n1,0\n2,1\n', { lable: 'target' } as never), 'BAD_OPTION', ["Did you mean 'label'"], { option: 'lable' });
    await expectWasmlpError(() => parseTable('a,b\n1,2\n', { header: 'yes' } as never), 'BAD_OPTION', [], { option: 'header' });
  });
});

describe('loadTable: files, encodings, streams', () => {
  it('reads titanic with its mixed columns and missing cells', async () => {
    const t = await loadTable(join(DATA, 'titanic.csv'));
    expect(t.rows).toBe(891);
    expect(num(t, 'age').filter(Number.isNaN).length).toBe(177);
    expect(str(t, 'deck').filter((v) => v === null).length).toBe(688);
    expect(str(t, 'embarked').filter((v) => v === null).length).toBe(2);
  });

  it('refuses Latin-1 bytes as UTF-8 with INVALID_UTF8, and reads them with encoding latin1', async () => {
    const file = join(dir, 'latin1.csv');
    writeFileSync(file, Buffer.concat([Buffer.from('drink,price\n'), Buffer.from([0x63, 0x61, 0x66, 0xe9]), Buffer.from(',2\n'), Buffer.from([0x63, 0x61, 0x66, 0xe8]), Buffer.from(',3\n')]));
    await expectWasmlpError(() => loadTable(file), 'INVALID_UTF8', ["encoding: 'latin1'"], { line: 2, option: 'encoding' });
    const t = await loadTable(file, { encoding: 'latin1' });
    expect(str(t, 'drink')).toEqual(['café', 'cafè']);
    const auto = await loadTable(file, { encoding: 'auto' });
    expect(str(auto, 'drink')).toEqual(['café', 'cafè']);
    expect(warnings).toContain('LATIN1_DECODED');
    // the numeric loader refuses them too instead of merging the two classes
    await expectWasmlpError(() => loadCsv(file, { label: 'drink' }), 'INVALID_UTF8', ["encoding: 'latin1'"]);
    const ds = await loadCsv(file, { label: 'drink', encoding: 'latin1' });
    expect(ds.classes).toEqual(['cafè', 'café']); // two classes, sorted by code point
  });

  it('a path containing a comma is a path, for loadTable and loadCsv', async () => {
    const sub = join(dir, 'runs,2024');
    mkdirSync(sub, { recursive: true });
    const file = join(sub, 'a,b');
    writeFileSync(file, 'x,y\n1,0\n2,1\n3,0\n');
    expect((await loadTable(file)).rows).toBe(3);
    expect((await loadCsv(file)).x.rows).toBe(3);
  });

  it('a missing file or a directory is FILE_NOT_FOUND', async () => {
    await expectWasmlpError(() => loadTable(join(dir, 'nope.csv')), 'FILE_NOT_FOUND');
    await expectWasmlpError(() => loadTable(dir + '/'), 'FILE_NOT_FOUND', ['directory']);
  });

  it('Blob, Response and ReadableStream give the same table as text', async () => {
    const text = 'a,b\n1,x\n2,y\n';
    const expected = parseTable(text).table;
    expect(await loadTable(new Blob([text]))).toEqual(expected);
    expect(await loadTable(new Response(text))).toEqual(expected);
    expect(await loadTable(new Blob([text]).stream())).toEqual(expected);
    const info = (await readTable(new File([text], 'f.csv'))).info;
    expect(info.file).toBe('f.csv');
  });
});

describe('rows as objects and NDJSON', () => {
  it('plain objects: keys in first-seen order, absent keys and null missing, booleans as True/False', () => {
    const t = tableFromObjects([{ age: 39, workclass: 'State-gov' }, { workclass: null, age: '22', adult: true }, { age: NaN, workclass: '?' }]);
    expect(t.columns.map((c) => [c.name, c.type])).toEqual([['age', 'number'], ['workclass', 'string'], ['adult', 'string']]);
    expect(num(t, 'age')).toEqual([39, 22, NaN]);
    expect(str(t, 'workclass')).toEqual(['State-gov', null, null]);
    expect(str(t, 'adult')).toEqual([null, 'True', null]);
  });

  it('NDJSON with blank lines; a bad line is BAD_NDJSON with its line', async () => {
    const t = tableFromNdjson('{"a":1,"b":"x"}\n\n{"a":2,"b":"y"}\n');
    expect(num(t, 'a')).toEqual([1, 2]);
    await expectWasmlpError(() => tableFromNdjson('{"a":1}\n{"a":\n'), 'BAD_NDJSON', ['line 2'], { line: 2 });
    await expectWasmlpError(() => tableFromNdjson('{"a":1}\n[1,2]\n'), 'BAD_NDJSON', ['not a JSON object'], { line: 2 });
    await expectWasmlpError(() => tableFromObjects([{ a: 1 }, 5 as never]), 'BAD_INPUT_TYPE', [], { row: 1 });
    await expectWasmlpError(() => tableFromObjects([{ a: Infinity }]), 'NON_FINITE', [], { row: 0, column: 'a' });
  });
});

describe('loadCsv (numeric loader): issue 12 items 10 and 11', () => {
  it('a numbered header is a header, not a data row', () => {
    const ds = loadCsvText('0,1,2,3,label\n0.5,0.25,3.5,1,a\n1.5,2.5,0.75,2,b\n');
    expect(ds.x.rows).toBe(2);
    expect(ds.featureNames).toEqual(['0', '1', '2', '3']);
    expect(ds.classes).toEqual(['a', 'b']);
  });

  it('a label name given twice in the header is ambiguous, not silently the first', async () => {
    await expectWasmlpError(() => loadCsvText('a,label,label\n1,x,y\n2,z,w\n', { label: 'label' }), 'DUPLICATE_COLUMN', ['more than once', 'ambiguous'], { option: 'label' });
  });
});
