// W3: a big multi-label net 4096-2048(relu)-512(relu)-416(sigmoid), BCE, adam, batch 64, random
// data: ms per training step and GFLOP/s (6 x parameters x batch per step, the usual count, which
// includes the first layer's input gradient that no system computes); inference GFLOP/s at batch
// 256 (2 x parameters x rows).
import { measure, gflops, scale } from '../lib/measure.mjs';
import * as wasmlp from '../systems/wasmlp.mjs';

export const LAYERS = [4096, 2048, 512, 416];
const BATCH = 64;
const INFER_ROWS = 256;

export function parameterCount(layers = LAYERS) {
  let p = 0;
  for (let i = 1; i < layers.length; i++) p += layers[i - 1] * layers[i] + layers[i];
  return p;
}

/** Deterministic uniform data (a plain LCG, the same for every system). */
function randomMatrix(rows, cols, seed, binary) {
  const data = new Float32Array(rows * cols);
  let s = seed >>> 0;
  for (let i = 0; i < data.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    data[i] = binary ? (s >>> 31) : s / 4294967296;
  }
  return { data, rows, cols };
}

export async function run(ctx) {
  const params = parameterCount();
  const trainFlops = 6 * params * BATCH;
  const inferFlops = 2 * params * INFER_ROWS;
  const steps = ctx.quick ? 4 : 8;
  const x = randomMatrix(BATCH * steps, LAYERS[0], 1, false);
  const y = randomMatrix(BATCH * steps, LAYERS.at(-1), 2, true);
  const xi = randomMatrix(INFER_ROWS, LAYERS[0], 3, false);
  const x1 = { data: x.data.subarray(0, BATCH * LAYERS[0]), rows: BATCH, cols: LAYERS[0] };
  const y1 = { data: y.data.subarray(0, BATCH * LAYERS.at(-1)), rows: BATCH, cols: LAYERS.at(-1) };

  const systems = [{ name: 'wasmlp', w3Model: wasmlp.w3Model, iterations: ctx.quick ? 3 : 5 }, ...ctx.peers.filter((p) => p.w3Model)];
  for (const sys of systems) {
    if (sys.name !== 'wasmlp') {
      if (ctx.quick && sys.w3SkipQuick) {
        ctx.add({ system: sys.name, workload: 'W3 train step', metric: 'ms', skipped: sys.w3SkipQuick });
        continue;
      }
      await sys.prepare?.();
    }
    const model = sys.w3Model(LAYERS);
    try {
      // Peers: one step per sample (they take seconds); wasmlp: `steps` steps per sample.
      const [xs, ys, per] = sys.name === 'wasmlp' ? [x, y, steps] : [x1, y1, 1];
      const t = scale(await measure(`${sys.name} W3 train`, () => model.train(xs, ys, BATCH), { iterations: sys.iterations ?? (ctx.quick ? 2 : 3), warmup: 1 }), 1 / per);
      const g = gflops(t, trainFlops);
      ctx.add({ system: sys.name, workload: 'W3 train step', metric: 'ms', ...t, note: `${g.median.toFixed(1)} GFLOP/s (6 x ${params} params x ${BATCH})`, gflops: g });
      const ti = await measure(`${sys.name} W3 infer`, () => model.infer(xi), { iterations: ctx.quick ? 3 : 7, warmup: 1 });
      ctx.add({ system: sys.name, workload: `W3 inference, batch ${INFER_ROWS}`, metric: 'GFLOP/s', ...gflops(ti, inferFlops), note: `${ti.median.toFixed(1)} ms per batch` });
    } finally {
      model.dispose();
    }
  }
  const train = ctx.rows.find((r) => r.system === 'wasmlp' && r.workload === 'W3 train step');
  if (train && ctx.roofline) {
    train.note += `; ${(100 * train.gflops.median / ctx.roofline).toFixed(0)}% of roofline`;
  }
}
