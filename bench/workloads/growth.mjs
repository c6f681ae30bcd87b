// Cost growth: time and memory of one epoch (width-64-1, relu/sigmoid, adam, batch 256) as the
// rows (1e4..1e7) and the width (16..4096) grow, so the scaling is visible at a glance. Cells
// whose features would pass 2 GiB are skipped (wasm32 memory holds 4 GiB in all). Memory is the
// WebAssembly memory the epoch had reserved (features, labels, model, buffers).
import { Dense, Sequential, memoryStats } from '../../dist/index.js';

const ROWS = [1e4, 1e5, 1e6, 1e7];
const WIDTHS = [16, 64, 256, 1024, 4096];

function fill(n, seed) {
  const a = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; a[i] = s / 4294967296 - 0.5; }
  return a;
}

export async function run(ctx) {
  const rows = ctx.quick ? [1e4, 1e5] : ROWS;
  const widths = ctx.quick ? [16, 256] : WIDTHS;
  const table = [];
  for (const n of rows) {
    for (const w of widths) {
      const workload = `epoch cost, ${n.toExponential(0)} rows x ${w}`;
      if (n * w * 4 > 2 ** 31) {
        ctx.add({ system: 'wasmlp', workload, metric: 'ms', skipped: `${(n * w * 4 / 2 ** 30).toFixed(0)} GiB of features: beyond wasm32's 4 GiB with the rest` });
        continue;
      }
      const x = { data: fill(n * w, n + w), rows: n, cols: w };
      const y = Float32Array.from(fill(n, 7), (v) => (v > 0 ? 1 : 0));
      const model = new Sequential([new Dense({ units: 64, activation: 'relu', inputDim: w }), new Dense({ units: 1, activation: 'sigmoid' })], { seed: 1 });
      model.compile({ loss: 'binaryCrossentropy', optimizer: { type: 'adam', learningRate: 0.001 } });
      let peak = 0;
      const t0 = performance.now();
      await model.fit(x, y, { epochs: 1, batchSize: 256, callbacks: [{ onEpochEnd() { peak = memoryStats().wasmBytes; } }] });
      const ms = performance.now() - t0;
      model.dispose();
      table.push({ n, w, ms, peak });
      ctx.add({ system: 'wasmlp', workload, metric: 'ms', median: ms, min: ms, max: ms, samples: 1, note: `${(peak / 2 ** 20).toFixed(0)} MiB WebAssembly memory; ${(n / ms * 1000 / 1e6).toFixed(2)} M rows/s` });
    }
  }
}
