// Threads: the W3 training step (4096-2048-512-416, batch 64, adam) and batch-256 inference on 1
// and 2 threads of one model (init({ threads })), beside numpy/OpenBLAS on 1 and 2 threads doing
// the same step (forward, BCE gradient, backward, adam) where /usr/bin/python3 has numpy; and the
// small workloads (W1 Sonar shape, W2 Banknote shape) on 1 thread vs 'auto'.
import { execFileSync } from 'node:child_process';
import { init, threads } from '../../dist/index.js';
import { measureInterleaved, gflops, scale, stats } from '../lib/measure.mjs';
import { w3Model } from '../systems/wasmlp.mjs';
import { LAYERS, parameterCount } from './w3-big.mjs';

const BATCH = 64;
const INFER_ROWS = 256;

function randomMatrix(rows, cols, seed, binary) {
  const data = new Float32Array(rows * cols);
  let s = seed >>> 0;
  for (let i = 0; i < data.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    data[i] = binary ? (s >>> 31) : s / 4294967296;
  }
  return { data, rows, cols };
}

// numpy's W3 step: float32 throughout, the same shapes and update rule as wasmlp's core.
const NUMPY_W3 = `
import sys, time, json, numpy as np
L = [4096, 2048, 512, 416]; B = 64; steps = int(sys.argv[1]); reps = int(sys.argv[2])
rng = np.random.default_rng(1)
W = [rng.standard_normal((L[i], L[i+1]), dtype=np.float32) * np.float32(np.sqrt(2 / L[i])) for i in range(3)]
b = [np.zeros(L[i+1], np.float32) for i in range(3)]
m = [np.zeros_like(w) for w in W] + [np.zeros_like(x) for x in b]
v = [np.zeros_like(w) for w in W] + [np.zeros_like(x) for x in b]
X = rng.random((B, L[0]), dtype=np.float32); Y = (rng.random((B, L[3])) > 0.5).astype(np.float32)
X2 = rng.random((256, L[0]), dtype=np.float32)
t = 0
def step(update=True):
    global t
    a = [X]; z = []
    for i in range(3):
        zi = a[-1] @ W[i] + b[i]; z.append(zi)
        a.append(np.maximum(zi, 0) if i < 2 else 1 / (1 + np.exp(-zi)))
    g = (a[3] - Y) / np.float32(B * L[3])
    gW = [None] * 3; gb = [None] * 3
    for i in (2, 1, 0):
        gW[i] = a[i].T @ g; gb[i] = g.sum(0)
        if i > 0: g = (g @ W[i].T) * (z[i-1] > 0)
    if not update: return
    t += 1
    lr, b1, b2, eps = 0.001, 0.9, 0.999, 1e-7
    alpha = np.float32(lr * np.sqrt(1 - b2**t) / (1 - b1**t))
    for k, (p, gr) in enumerate(zip(W + b, gW + gb)):
        m[k] += (gr - m[k]) * np.float32(1 - b1); v[k] += (gr * gr - v[k]) * np.float32(1 - b2)
        p -= alpha * m[k] / (np.sqrt(v[k]) + np.float32(eps))
def infer():
    a = X2
    for i in range(3):
        zi = a @ W[i] + b[i]
        a = np.maximum(zi, 0) if i < 2 else 1 / (1 + np.exp(-zi))
step()
ts = []; ti = []; tp = []
for r in range(reps):
    s = time.perf_counter()
    for _ in range(steps): step()
    ts.append((time.perf_counter() - s) * 1000 / steps)
    s = time.perf_counter()
    for _ in range(steps): step(False)
    tp.append((time.perf_counter() - s) * 1000 / steps)
    s = time.perf_counter(); infer(); ti.append((time.perf_counter() - s) * 1000)
print(json.dumps({"step": ts, "infer": ti, "products": tp}))
`;

function numpyAvailable() {
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import numpy'], { stdio: 'pipe' });
    return null;
  } catch {
    return 'no numpy in /usr/bin/python3';
  }
}


export async function run(ctx) {
  const params = parameterCount();
  const trainFlops = 6 * params * BATCH;
  const inferFlops = 2 * params * INFER_ROWS;
  // 16 steps a fit: fit's per-call work (input upload, the epoch's parameter snapshot) stays a small
  // share of the step it is divided over.
  const steps = ctx.quick ? 2 : 16;
  const x = randomMatrix(BATCH * steps, LAYERS[0], 1, false);
  const y = randomMatrix(BATCH * steps, LAYERS.at(-1), 2, true);
  const xi = randomMatrix(INFER_ROWS, LAYERS[0], 3, false);
  // One model; rounds alternate 1 and 2 threads (init({ threads }) re-sizes the pool of the same
  // core), so a drift in the VM's speed during the run weighs on both sides of the ratio alike.
  await init({ threads: 1 });
  const model = w3Model(LAYERS);
  const byThreads = {};
  try {
    const setups = [1, 2].map((n) => ({ key: n, setup: () => init({ threads: n }) }));
    const train = await measureInterleaved('wasmlp W3 train', setups.map((v) => ({ ...v, fn: async () => { await model.train(x, y, BATCH); } })), { rounds: ctx.quick ? 1 : 5, iterations: 2 });
    const infer = await measureInterleaved('wasmlp W3 infer', setups.map((v) => ({ ...v, fn: () => { model.infer(xi); } })), { rounds: ctx.quick ? 1 : 5, iterations: 3 });
    for (const n of [1, 2]) {
      await init({ threads: n });
      const info = threads();
      const t = scale(train[n], 1 / steps), ti = infer[n];
      byThreads[n] = { t, ti };
      const speed = n > 1 ? `; ${(byThreads[1].t.median / t.median).toFixed(2)}x the 1-thread step` : '';
      const speedI = n > 1 ? `; ${(byThreads[1].ti.median / ti.median).toFixed(2)}x the 1-thread batch` : '';
      ctx.add({ system: 'wasmlp', workload: `W3 train step, ${n} thread${n > 1 ? 's' : ''}`, metric: 'ms', ...t, note: `${gflops(t, trainFlops).median.toFixed(1)} GFLOP/s, threads() = ${info.threads}${speed}; fits of ${steps} steps, rounds alternating 1 and 2 threads` });
      ctx.add({ system: 'wasmlp', workload: `W3 inference batch ${INFER_ROWS}, ${n} thread${n > 1 ? 's' : ''}`, metric: 'ms', ...ti, note: `${gflops(ti, inferFlops).median.toFixed(1)} GFLOP/s${speedI}` });
    }
  } finally {
    model.dispose();
  }
  const noNumpy = numpyAvailable();
  for (const n of [1, 2]) {
    const rows = [`W3 train step, ${n} thread${n > 1 ? 's' : ''}`, `W3 inference batch ${INFER_ROWS}, ${n} thread${n > 1 ? 's' : ''}`, `W3 forward + backward only (no update), ${n} thread${n > 1 ? 's' : ''}`];
    if (noNumpy) {
      for (const w of rows) ctx.add({ system: 'numpy', workload: w, metric: 'ms', skipped: noNumpy });
      continue;
    }
    // OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE are unset for this command only (see the env notes).
    const env = { ...process.env, OPENBLAS_NUM_THREADS: String(n), OMP_NUM_THREADS: String(n) };
    delete env.OPENBLAS_CORETYPE;
    delete env.OPENBLAS_L2_SIZE;
    const out = JSON.parse(execFileSync('/usr/bin/python3', ['-c', NUMPY_W3, String(ctx.quick ? 2 : 8), String(ctx.quick ? 2 : 7)], { env, maxBuffer: 1 << 20 }).toString());
    const st = stats(out.step);
    const si = stats(out.infer);
    ctx.add({ system: 'numpy', workload: rows[0], metric: 'ms', ...st, note: `OpenBLAS, ${n} thread(s), float32` });
    ctx.add({ system: 'numpy', workload: rows[1], metric: 'ms', ...si, note: `OpenBLAS, ${n} thread(s), float32` });
    // The step's products without the update: where OpenBLAS's 256/512-bit fused multiply-adds
    // set the pace (WebAssembly SIMD has 128-bit lanes and no fused multiply-add).
    const sp = stats(out.products);
    ctx.add({ system: 'numpy', workload: rows[2], metric: 'ms', ...sp, note: `OpenBLAS, ${n} thread(s), float32; the step's products and activations, no optimizer update (no wasmlp row: its step always updates)` });
  }
  // Small networks: a Sonar-shaped (60-60-1, batch 5) and a Banknote-shaped (4-8-8-1, batch 32)
  // fit, and one member of the default recipe on a Banknote-sized table (4-64-64-1 with dropout,
  // batch 64, a learning rate set every step), on 1 thread and on 'auto', in alternating rounds.
  // Their products stay under the split threshold, so 'auto' must cost nothing.
  const { Sequential, Dense, TabularClassifier } = await import('../../dist/index.js');
  const small = [
    { name: 'W1 shape (Sonar 208 x 60, 60-60-1, batch 5)', rows: 208, cols: 60, layers: [60, 1], batch: 5, epochs: ctx.quick ? 5 : 30 },
    { name: 'W2 shape (Banknote 1372 x 4, 4-8-8-1, batch 32)', rows: 1372, cols: 4, layers: [8, 8, 1], batch: 32, epochs: ctx.quick ? 5 : 30 },
    { name: 'recipe member (Banknote-sized 1097 x 4, 4-64-64-1, batch 64)', rows: 1097, cols: 4, recipe: true, epochs: ctx.quick ? 5 : 40 },
  ];
  for (const w of small) {
    const xs = randomMatrix(w.rows, w.cols, 5, false);
    const ys = Float32Array.from(randomMatrix(w.rows, 1, 6, true).data);
    const fit = w.recipe
      ? async () => {
        const clf = new TabularClassifier({ seed: 1, ensemble: 1, hidden: [64, 64], epochs: w.epochs });
        await clf.fit(xs, Int32Array.from(ys));
        clf.dispose();
      }
      : async () => {
        const model = new Sequential(w.layers.map((u, i) => new Dense({ units: u, activation: i === w.layers.length - 1 ? 'sigmoid' : 'relu', ...(i === 0 ? { inputDim: w.cols } : {}) })), { seed: 1 });
        model.compile({ loss: 'binaryCrossentropy', optimizer: { type: 'adam', learningRate: 0.001 } });
        await model.fit(xs, ys, { epochs: w.epochs, batchSize: w.batch });
        model.dispose();
      };
    const variants = [1, 'auto'].map((t) => ({ key: t, setup: () => init({ threads: t }), fn: fit }));
    const times = await measureInterleaved(`wasmlp ${w.name}`, variants, { rounds: ctx.quick ? 2 : 6, iterations: ctx.quick ? 1 : 2 });
    await init({ threads: 'auto' });
    const autoThreads = threads().threads;
    for (const t of [1, 'auto']) {
      const note = t === 'auto' ? `${(times[1].median / times.auto.median).toFixed(2)}x the 1-thread fit (threads() = ${autoThreads}); ${w.epochs} epochs, rounds alternating 1 thread and 'auto'` : `${w.epochs} epochs`;
      ctx.add({ system: 'wasmlp', workload: `${w.name}, threads ${t}`, metric: 'ms', ...times[t], note });
    }
  }
  await init({ threads: 'auto' });
}
