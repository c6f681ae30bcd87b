// Peak resident memory of loadCsv + one epoch on an 8,000,000 x 50 numeric CSV (quick: 200,000
// rows), in a fresh child process, against the float32 size of the features. The file is
// written to a temp dir and deleted after.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, openSync, rmSync, statSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** 49 features with 3 decimals and a 0/1 label, written in 4 MB pieces. */
function writeWide(file, rows, cols) {
  const fd = openSync(file, 'w');
  let s = 777, piece = Array.from({ length: cols - 1 }, (_, c) => `f${c}`).join(',') + ',label\n';
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols - 1; c++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      piece += ((s >>> 8) % 20000 / 1000 - 10).toFixed(3) + ',';
    }
    piece += (r & 1) + '\n';
    if (piece.length > 4 << 20) { writeSync(fd, piece); piece = ''; }
  }
  writeSync(fd, piece);
  closeSync(fd);
}

export async function run(ctx) {
  const rows = ctx.quick ? 200_000 : 8_000_000;
  const cols = 50; // 49 features + the label
  const dir = mkdtempSync(join(tmpdir(), 'wasmlp-bench-rss-'));
  const file = join(dir, 'wide.csv');
  try {
    writeWide(file, rows, cols);
    const child = fileURLToPath(new URL('./rss-child.mjs', import.meta.url));
    const out = JSON.parse(execFileSync(process.execPath, [child, file, 'auto'], { maxBuffer: 1 << 20 }).toString().trim().split('\n').at(-1));
    const ratio = out.maxRssBytes / out.dataBytes;
    ctx.add({
      system: 'wasmlp', workload: `peak RSS, loadCsv + 1 epoch, ${rows} x ${cols}`, metric: 'x data', median: ratio, min: ratio, max: ratio, samples: 1,
      note: `${(out.maxRssBytes / 2 ** 30).toFixed(2)} GiB peak for ${(out.dataBytes / 2 ** 30).toFixed(2)} GiB of float32 features (${(statSync(file).size / 1e9).toFixed(2)} GB file); load ${(out.loadMs / 1000).toFixed(1)} s, epoch ${(out.epochMs / 1000).toFixed(1)} s`,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
