import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCsv, loadCsvFile, nodeCsvEngine } from '../../src/data/csv-node.js';
import { csvEngine } from '../../src/data/csv-engine.js';
import { writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { expectWasmlpError } from '../helpers/expect-error.js';

const ROWS = 1_000_000, COLS = 10;
const value = (r: number, c: number) => ((r * 31 + c * 7) % 1000) / 100 - 5; // e.g. -4.93, 2.1

describe('streaming a 1,000,000 x 10 CSV (node engine)', () => {
  let dir: string, file: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wasmlp-big-'));
    file = join(dir, 'big.csv');
    const out = createWriteStream(file);
    out.write(Array.from({ length: COLS }, (_, c) => `f${c}`).join(',') + ',label\r\n');
    let buf = '';
    for (let r = 0; r < ROWS; r++) {
      for (let c = 0; c < COLS; c++) buf += value(r, c) + ',';
      buf += (r % 3 === 0 ? 'yes' : 'no') + (r < ROWS - 1 ? '\r\n' : ''); // no final newline
      if (buf.length > 1 << 20) {
        if (!out.write(buf)) await once(out, 'drain');
        buf = '';
      }
    }
    out.end(buf);
    await once(out, 'finish');
  }, 180_000); // 1M rows: a minute or more when the machine is loaded

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('importing csv-node switches loadCsv to the native csv-parse build', () => {
    expect(csvEngine()).toBe(nodeCsvEngine);
  });

  it('reads every row and keeps the values', async () => {
    const d = await loadCsvFile(file, { positiveClass: 'yes' });
    expect(d.x.rows).toBe(ROWS);
    expect(d.x.cols).toBe(COLS);
    expect(d.featureNames[9]).toBe('f9');
    expect(d.classes).toEqual(['no', 'yes']);
    for (const r of [0, 1, 12345, 654321, ROWS - 1]) {
      for (const c of [0, 4, 9]) expect(d.x.data[r * COLS + c]).toBe(Math.fround(value(r, c)));
      expect(d.y[r]).toBe(r % 3 === 0 ? 1 : 0);
    }
    let ones = 0;
    for (let i = 0; i < ROWS; i++) ones += d.y[i];
    expect(ones).toBe(Math.ceil(ROWS / 3));
  }, 180_000); // 1M rows: a minute or more when the machine is loaded

  it('reports errors found mid-stream with file and line, without leaking them into the stream', async () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'a,b,y\n' + '1,2,0\n'.repeat(50000) + '3,oops,1\n');
    await expectWasmlpError(() => loadCsvFile(bad), 'NOT_A_NUMBER', ['bad.csv', 'line 50002, column 2 ("b") is "oops"'], { line: 50002, column: 2, file: bad });
    const chunks = ['a,b,y\n1,2,0\n', '3,4\n', '5,6,1\n'].map((t) => Buffer.from(t));
    await expectWasmlpError(() => loadCsv(Readable.from(chunks)), 'RAGGED_ROW', ['line 3 has 2 fields'], { line: 3 });
  });
});
