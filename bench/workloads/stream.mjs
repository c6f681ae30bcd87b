// Streaming acceptance (issue 15): a generated rows x 40 numeric CSV trains with
// `wasmlp train --stream` (2 epochs) vs in-memory `wasmlp train` on a 10% slice; peak RSS of each
// process (/usr/bin/time -f %M), rows/s over the whole command, held-out accuracy.
// node bench/workloads/stream.mjs [--quick]   (full: 4M rows, ~1.2 GB in a temp dir, deleted after)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { writeRuleCsv } from '../lib/stream-data.mjs';

const quick = process.argv.includes('--quick');
const rows = quick ? 200_000 : 4_000_000;
const dir = mkdtempSync(join(tmpdir(), 'wasmlp-stream-'));
const cli = new URL('../../dist/cli/main.js', import.meta.url).pathname;
try {
  const big = join(dir, 'big.csv'), slice = join(dir, 'slice.csv');
  await writeRuleCsv(big, rows);
  const out = createWriteStream(slice);
  let n = 0;
  for await (const line of createInterface({ input: createReadStream(big) })) {
    if (n++ > rows / 10) break;
    if (!out.write(line + '\n')) await once(out, 'drain');
  }
  out.end(); await once(out, 'finish');
  const run = (file, extra) => {
    const t0 = performance.now();
    const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, cli, 'train', file, '--epochs', '2', '--batch-size', '128', '--test-size', '0.05', '--quiet', '--json', '--out', join(dir, `m${extra.length}.json`), ...extra], { encoding: 'utf8', maxBuffer: 1 << 26 });
    const seconds = (performance.now() - t0) / 1000;
    if (r.status !== 0) throw new Error(r.stderr);
    const j = JSON.parse(r.stdout);
    const rss = Number(r.stderr.trim().split('\n').at(-1)) / 1024;
    return { rows: j.data.trainRows, seconds, rowsPerSecond: (j.data.trainRows * 2) / seconds, peakRssMB: rss, heldOutAccuracy: j.test.accuracy };
  };
  const stream = run(big, ['--stream']);
  console.error('stream', JSON.stringify(stream));
  const memory = run(slice, []);
  const row = { workload: 'stream', quick, fileMB: statSync(big).size / 1e6, stream, memory, ratio: stream.rowsPerSecond / memory.rowsPerSecond };
  console.log(JSON.stringify(row, null, 2));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
