// Timing on tinybench: every measurement is a tinybench task; we keep its median, min and max.
import { Bench } from 'tinybench';

/**
 * Runs fn `iterations` times (after `warmup` untimed calls) and returns latency statistics in ms.
 * fn may be async. `time` (ms) lets tinybench add iterations while under that budget.
 */
export async function measure(name, fn, { iterations = 5, warmup = 1, time = 0 } = {}) {
  // tinybench awaits only functions it recognises as async; a plain arrow returning a promise
  // (() => model.fit(...)) would start overlapping calls. One probe call tells which it is.
  const first = fn();
  const returnsPromise = first && typeof first.then === 'function';
  if (returnsPromise) await first;
  const bench = new Bench({ name, iterations, time, warmup: warmup > 0, warmupIterations: warmup, warmupTime: 0, throws: true, retainSamples: true });
  bench.add(name, returnsPromise ? async () => { await fn(); } : fn);
  await bench.run();
  const r = bench.tasks[0].result;
  if (!r || r.state !== 'completed') throw new Error(`bench task ${name} did not complete: ${r?.error?.message ?? r?.state}`);
  return { median: r.latency.p50, min: r.latency.min, max: r.latency.max, samples: r.latency.samplesCount, values: [...(r.latency.samples ?? [])] };
}

/**
 * Times several variants of one job in alternating rounds (A B A B ...), `iterations` calls of each
 * per round after a `setup` (e.g. a thread count), so a machine whose speed drifts during the run
 * (a shared VM) slows every variant alike and their ratio stays fair. Returns statistics per key.
 */
export async function measureInterleaved(name, variants, { rounds = 5, iterations = 2, warmup = 1 } = {}) {
  const values = Object.fromEntries(variants.map((v) => [v.key, []]));
  for (let r = 0; r < rounds; r++) {
    for (const v of variants) {
      await v.setup?.();
      const m = await measure(`${name} ${v.key}`, v.fn, { iterations, warmup: r === 0 ? warmup : 0 });
      values[v.key].push(...m.values);
    }
  }
  return Object.fromEntries(Object.entries(values).map(([k, xs]) => [k, stats(xs)]));
}

/** Statistics of plain samples (for figures derived per unit, e.g. GFLOP/s from times). */
export function stats(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return { median: s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2, min: s[0], max: s[s.length - 1], samples: s.length };
}

/** Scales time statistics (ms) by a factor, e.g. one fold of ten to the whole protocol. */
export function scale(t, factor) {
  return { ...t, median: t.median * factor, min: t.min * factor, max: t.max * factor };
}

/** Converts time statistics (ms) of a job of `flops` into GFLOP/s statistics (min time -> max rate). */
export function gflops(t, flops) {
  return { median: flops / t.median / 1e6, min: flops / t.max / 1e6, max: flops / t.min / 1e6, samples: t.samples };
}

export function mean(xs) {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

export function std(xs) {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length);
}
