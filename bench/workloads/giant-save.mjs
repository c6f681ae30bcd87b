// Standalone (issue 12 item 3): `npm run build && /usr/bin/time -v node bench/workloads/giant-save.mjs [units]`.
// Builds a units x units Dense model (default 16383: 268,419,072 parameters, the 256M limit),
// saves it with save(path) (model.json + a 1 GiB model.weights.bin), loads it back, checks the
// weights bit for bit (sha256 of the parameter bytes) and prints each step's seconds and the RSS.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Dense, Sequential } from '../../dist/node.js';

const units = Number(process.argv[2] ?? 16383);
const dir = mkdtempSync(join(tmpdir(), 'wasmlp-giant-save-'));
const digest = (m) => { const v = m.net.liveSegments(false)[0].view(); return createHash('sha256').update(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)).digest('hex'); };
let t = performance.now();
const lap = (what) => {
  const now = performance.now();
  console.log(`${what.padEnd(34)} ${((now - t) / 1000).toFixed(2).padStart(6)} s   rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);
  t = now;
};
try {
  const m = new Sequential([new Dense({ units, inputDim: units })], { seed: 5 });
  m.build();
  lap(`build (${m.countParams()} parameters)`);
  await m.save(join(dir, 'model.json'), { weights: 'sidecar' });
  lap(`save (${statSync(join(dir, 'model.weights.bin')).size} bytes)`);
  const before = digest(m);
  m.dispose();
  t = performance.now();
  const back = await Sequential.load(join(dir, 'model.json'));
  lap('load');
  console.log(`bit-identical: ${digest(back) === before}`);
  back.dispose();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
