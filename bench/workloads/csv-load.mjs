// Numeric CSV loading, MB/s: a 400,000 x 41 file (quick: 50,000 rows) written into a temp dir
// and deleted after. wasmlp's loadCsv (fast numeric path into WebAssembly memory), the same call
// through csv-parse (the general path, forced), pandas.read_csv and numpy.loadtxt (float32) in
// /usr/bin/python3 on the same file in the same run.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCsv } from '../../dist/node.js';
import { setFastCsv } from '../../dist/data/csv-fast.js';
import { measure } from '../lib/measure.mjs';

/** A numeric table: 40 features with 6 decimals (as written by pandas/numpy), a 0/1 label. */
export function writeNumericCsv(file, rows, cols) {
  let s = 12345;
  const parts = [Array.from({ length: cols }, (_, c) => `f${c}`).join(',') + ',label\n'];
  for (let r = 0; r < rows; r++) {
    let line = '';
    for (let c = 0; c < cols; c++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      line += (s / 4294967296 * 20 - 10).toFixed(6) + ',';
    }
    parts.push(line + (r & 1) + '\n');
  }
  writeFileSync(file, parts.join(''));
}

const PY = `
import sys, time, json, numpy as np, pandas as pd
f = sys.argv[1]; reps = int(sys.argv[2])
a = []; b = []
for _ in range(reps):
    t = time.perf_counter(); pd.read_csv(f); a.append(time.perf_counter() - t)
    t = time.perf_counter(); np.loadtxt(f, delimiter=',', skiprows=1, dtype=np.float32); b.append(time.perf_counter() - t)
print(json.dumps({"pandas": a, "loadtxt": b}))
`;

export async function run(ctx) {
  const rows = ctx.quick ? 50_000 : 400_000;
  const dir = mkdtempSync(join(tmpdir(), 'wasmlp-bench-csv-'));
  const file = join(dir, 'numeric.csv');
  try {
    writeNumericCsv(file, rows, 40);
    const mb = statSync(file).size / 1e6;
    const workload = `numeric CSV load, ${rows} x 41 (${mb.toFixed(0)} MB)`;
    const rate = (t) => ({ median: mb / t.median * 1000, min: mb / t.max * 1000, max: mb / t.min * 1000, samples: t.samples });
    const reps = ctx.quick ? 2 : 5;
    const fast = await measure('wasmlp loadCsv', async () => { const d = await loadCsv(file); d.x.dispose?.(); }, { iterations: reps, warmup: 1 });
    ctx.add({ system: 'wasmlp', workload, metric: 'MB/s', ...rate(fast), note: `fast numeric path into WebAssembly memory, ${fast.median.toFixed(0)} ms` });
    setFastCsv(false);
    try {
      const slow = await measure('csv-parse loadCsv', async () => { await loadCsv(file); }, { iterations: ctx.quick ? 1 : 3, warmup: 0 });
      ctx.add({ system: 'csv-parse', workload, metric: 'MB/s', ...rate(slow), note: `wasmlp's general path (csv-parse ${'native Node build'}), ${slow.median.toFixed(0)} ms` });
    } finally {
      setFastCsv(true);
    }
    let py = null;
    try {
      const env = { ...process.env };
      delete env.OPENBLAS_CORETYPE;
      delete env.OPENBLAS_L2_SIZE;
      py = JSON.parse(execFileSync('/usr/bin/python3', ['-c', PY, file, String(reps)], { env }).toString());
    } catch (e) {
      for (const s of ['pandas', 'numpy']) ctx.add({ system: s, workload, metric: 'MB/s', skipped: `python3 with pandas/numpy failed: ${String(e.message).split('\n')[0]}` });
    }
    if (py) {
      for (const [system, key, note] of [['pandas', 'pandas', 'read_csv (C engine)'], ['numpy', 'loadtxt', 'loadtxt, float32']]) {
        const s = py[key].map((v) => v * 1000).sort((a, b) => a - b);
        const t = { median: s[s.length >> 1], min: s[0], max: s.at(-1), samples: s.length };
        ctx.add({ system, workload, metric: 'MB/s', ...rate(t), note: `${note}, ${t.median.toFixed(0)} ms` });
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
