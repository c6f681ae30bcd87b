// A numeric CSV with a learnable rule, written in blocks (never held in memory): `cols` features
// drawn from a seeded generator with 4 decimals, label 1 when a fixed linear score plus a small
// interaction term is positive, with 2% of labels flipped (so the best accuracy is about 0.98).
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

function mulberry(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function writeRuleCsv(path, rows, cols = 40, seed = 1) {
  const rnd = mulberry(seed);
  const w = Array.from({ length: cols }, () => rnd() * 2 - 1);
  const out = createWriteStream(path);
  out.write(Array.from({ length: cols }, (_, i) => `f${i}`).join(',') + ',label\n');
  const x = new Float64Array(cols);
  let block = [];
  for (let r = 0; r < rows; r++) {
    let score = 0;
    for (let c = 0; c < cols; c++) {
      x[c] = Math.round((rnd() * 4 - 2) * 10000) / 10000;
      score += w[c] * x[c];
    }
    score += 0.5 * x[0] * x[1];
    let y = score > 0 ? 1 : 0;
    if (rnd() < 0.02) y = 1 - y;
    block.push(Array.prototype.join.call(x, ',') + ',' + y);
    if (block.length === 4096 || r === rows - 1) {
      if (!out.write(block.join('\n') + '\n')) await once(out, 'drain');
      block = [];
    }
  }
  out.end();
  await once(out, 'finish');
}
