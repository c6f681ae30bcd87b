import { loadCsvFile } from './dist/node.js';
import { setFastCsv } from './dist/data/csv-fast.js';
import { writeFileSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
const ROWS = 100000, COLS = 40;
let seed = 1; const rnd = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 4294967296;
const parts = [Array.from({ length: COLS }, (_, c) => `f${c}`).join(',') + ',label\n'];
for (let r = 0; r < ROWS; r++) { const row = []; for (let c = 0; c < COLS; c++) row.push((rnd() * 10 - 5).toFixed(6)); parts.push(row.join(',') + ',' + (r % 2) + '\n'); }
writeFileSync('/tmp/num.csv', parts.join(''));
const mb = statSync('/tmp/num.csv').size / 1e6;
for (const on of [true, false, true]) {
  setFastCsv(on);
  const t = performance.now();
  const d = await loadCsvFile('/tmp/num.csv');
  const ms = performance.now() - t;
  console.log(on ? 'fast' : 'csv-parse', d.x.rows, (mb / ms * 1000).toFixed(1), 'MB/s');
}
const py = `import time, pandas as pd, numpy as np
t=time.perf_counter(); pd.read_csv('/tmp/num.csv'); a=time.perf_counter()-t
t=time.perf_counter(); np.loadtxt('/tmp/num.csv', delimiter=',', skiprows=1, dtype=np.float32); b=time.perf_counter()-t
print(a, b)`;
const [a, b] = execFileSync('/usr/bin/python3', ['-c', py]).toString().trim().split(' ').map(Number);
console.log('pandas', (mb / a).toFixed(1), 'MB/s; numpy.loadtxt', (mb / b).toFixed(1), 'MB/s');
