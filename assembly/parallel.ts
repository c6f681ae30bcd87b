// Work sharing between threads over one shared memory (the threads build; in the single-thread
// build ASC_FEATURE_THREADS is false, `pool` stays 0 and every product runs inline).
//
// A job (one matrix product or one optimizer update) is cut into `parts` output ranges fixed by
// the shapes and the pool size alone. Threads claim parts with a compare-and-swap on a word that
// also carries the job's generation, so a late thread can never claim a part of the wrong job.
// Every output element is computed by exactly one part, summed in the same order as the
// single-thread kernel: results are bit-identical for any thread count and any claiming order.
// The caller claims parts too, so a job finishes even if no worker ever wakes.
//
// Control block (i32 words; hot words on their own 64-byte lines). scripts/gen-abi.mjs copies the POOL_*
// offsets, MAX_THREADS and POOL_WORDS into src/core-abi.ts for the host.
import { f32_gemm_nn_4x8__simd_packed, f32_gemm_tn_4x8__simd_packed, nn_packed_cols, tn_packed_cols, f32_gemm_nt_2x4__simd } from './gemm';
import { f32_opt_step__simd } from './optimizers';

const POOL_GEN = 0;        // bumped to publish a job (workers wait on it)
const POOL_CLAIM = 16;     // (generation << 8) | next part
const POOL_DONE = 32;      // parts finished (low 16 bits); + 0x10000 per worker failure
const POOL_PARTS = 48;
const POOL_KIND = 49;
const POOL_THREADS = 50;   // threads including the caller; 1 = run inline
const POOL_MIN_WORK = 51;  // multiply-adds below which a product runs inline
const POOL_EXIT = 52;      // 1: workers return from pool_worker_loop
const POOL_SPIN = 53;      // polls before a waiting thread sleeps
const POOL_FAULT = 54;     // tests: the next worker to claim a part traps before computing it
const POOL_CAN_WAIT = 55;  // 1 where the caller may block (not a browser's main thread)
const POOL_JOBS = 56;      // jobs run in parallel (statistics)
const POOL_ARGS = 64;      // up to 16 argument words
const POOL_STATE = 96;     // per part: 0 free, id + 1 claimed by thread id, -1 done
const POOL_FAILED = 160;   // per thread id: 1 once that worker has failed
export const MAX_PARTS = 64;
/** Threads the control block has room for (including the calling thread): one POOL_FAILED word each. */
const MAX_THREADS = 64;
/** Words the host allocates for the control block. */
const POOL_WORDS = POOL_FAILED + MAX_THREADS;
/**
 * Parts per thread for products cut by columns and for updates: finer parts let a thread that
 * runs ahead (or has the core to itself) take over the share of one that was descheduled.
 */
const OVERSPLIT = 4;

const KIND_NN_COLS = 1;
const KIND_NN_ROWS = 2;
const KIND_TN_COLS = 3;
const KIND_NT_ROWS = 4;
const KIND_OPT = 5;

/** The control block, or 0 when no pool is attached (always 0 in the single-thread build). */
let pool: usize = 0;

@inline function w(index: i32): usize {
  return pool + (<usize>index << 2);
}
@inline function at(base: usize, index: i32): usize {
  return base + (<usize>index << 2);
}

/** Attaches (or, with 0, detaches) the control block the host placed in shared memory. */
export function pool_attach(ptr: usize): void {
  if (ASC_FEATURE_THREADS) pool = ptr;
}

/** Parts for a job of `work` multiply-adds: 1 (run inline) below the threshold or without a pool. */
function partsFor(work: i64): i32 {
  if (!ASC_FEATURE_THREADS || pool == 0) return 1;
  const threads = atomic.load<i32>(w(POOL_THREADS));
  if (threads <= 1 || work < <i64>load<i32>(w(POOL_MIN_WORK))) return 1;
  return min(threads, MAX_PARTS);
}

/** [start, end) of part p when `total` is cut into `parts` ranges aligned to `align`. */
@inline function rangeStart(total: i32, parts: i32, align: i32, p: i32): i32 {
  const chunk = ((total + parts - 1) / parts + align - 1) / align * align;
  return min(total, p * chunk);
}

/** Scratch of part p: the lent buffer cut into equal, 16-byte aligned slices. */
@inline function scratchOf(scratch: usize, floats: i32, parts: i32, p: i32): usize {
  return scratch + (<usize>(floats / parts & ~3) << 2) * <usize>p;
}
@inline function scratchFloatsOf(floats: i32, parts: i32): i32 {
  return floats / parts & ~3;
}

@inline function arg(i: i32): i32 {
  return load<i32>(w(POOL_ARGS + i));
}
@inline function argF(i: i32): f32 {
  return load<f32>(w(POOL_ARGS + i));
}
@inline function setArg(i: i32, v: i32): void {
  store<i32>(w(POOL_ARGS + i), v);
}
@inline function setArgF(i: i32, v: f32): void {
  store<f32>(w(POOL_ARGS + i), v);
}

function runPart(p: i32): void {
  const kind = load<i32>(w(POOL_KIND)), parts = load<i32>(w(POOL_PARTS));
  if (kind == KIND_NN_COLS || kind == KIND_NN_ROWS) {
    const a = <usize>arg(0), b = <usize>arg(1), c = <usize>arg(2), m = arg(3), k = arg(4), n = arg(5), bias = <usize>arg(6);
    const scratch = scratchOf(<usize>arg(7), arg(8), parts, p), floats = scratchFloatsOf(arg(8), parts);
    if (kind == KIND_NN_COLS) {
      const j0 = rangeStart(n, parts, 8, p), j1 = rangeStart(n, parts, 8, p + 1);
      if (j0 < j1) nn_packed_cols(a, b, c, m, k, n, bias, scratch, floats, j0, j1);
    } else {
      const i0 = rangeStart(m, parts, 4, p), i1 = rangeStart(m, parts, 4, p + 1);
      if (i0 < i1) f32_gemm_nn_4x8__simd_packed(at(a, i0 * k), b, at(c, i0 * n), i1 - i0, k, n, bias, scratch, floats);
    }
  } else if (kind == KIND_TN_COLS) {
    const a = <usize>arg(0), d = <usize>arg(1), c = <usize>arg(2), m = arg(3), k = arg(4), n = arg(5);
    const j0 = rangeStart(n, parts, 8, p), j1 = rangeStart(n, parts, 8, p + 1);
    if (j0 < j1) tn_packed_cols(a, d, c, m, k, n, scratchOf(<usize>arg(6), arg(7), parts, p), scratchFloatsOf(arg(7), parts), j0, j1);
  } else if (kind == KIND_NT_ROWS) {
    const d = <usize>arg(0), b = <usize>arg(1), c = <usize>arg(2), m = arg(3), n = arg(4), k = arg(5);
    const i0 = rangeStart(m, parts, 2, p), i1 = rangeStart(m, parts, 2, p + 1);
    if (i0 < i1) f32_gemm_nt_2x4__simd(at(d, i0 * n), b, at(c, i0 * k), i1 - i0, n, k);
  } else if (kind == KIND_OPT) {
    const count = arg(5);
    // 16 floats: parts never share a cache line.
    const s = rangeStart(count, parts, 16, p), e = rangeStart(count, parts, 16, p + 1);
    if (s < e) {
      f32_opt_step__simd(arg(0), at(<usize>arg(1), s), at(<usize>arg(2), s), at(<usize>arg(3), s), at(<usize>arg(4), s), e - s,
        argF(6), argF(7), argF(8), argF(9), argF(10), arg(11), arg(12));
    }
  }
}

/** Claims and runs parts of job `gen` until none is left. id: 0 for the caller, 1.. for workers. */
function work(id: i32, gen: i32): void {
  if (!ASC_FEATURE_THREADS) return;
  const claim = w(POOL_CLAIM);
  while (true) {
    const v = atomic.load<i32>(claim);
    if ((v >>> 8) != (gen & 0xffffff)) return;
    const p = v & 0xff;
    if (p >= load<i32>(w(POOL_PARTS))) return;
    if (atomic.cmpxchg<i32>(claim, v, v + 1) != v) continue;
    atomic.store<i32>(w(POOL_STATE + p), id + 1);
    if (id > 0 && atomic.load<i32>(w(POOL_FAULT)) != 0 && atomic.cmpxchg<i32>(w(POOL_FAULT), 1, 0) == 1) unreachable();
    runPart(p);
    atomic.store<i32>(w(POOL_STATE + p), -1);
    atomic.add<i32>(w(POOL_DONE), 1);
    atomic.notify(w(POOL_DONE), 1);
  }
}

/**
 * Runs the job whose kind and arguments are set, on `parts` parts: publishes it, works on it,
 * then waits for parts claimed by others. A worker that failed (its host sets POOL_FAILED and bumps
 * POOL_DONE) leaves its claimed part to the caller, which recomputes it: every part writes its whole
 * output from its inputs, and a failure is injected before a part starts writing.
 */
function runJob(kind: i32, parts: i32): void {
  if (!ASC_FEATURE_THREADS) return;
  store<i32>(w(POOL_KIND), kind);
  store<i32>(w(POOL_PARTS), parts);
  for (let p = 0; p < parts; p++) atomic.store<i32>(w(POOL_STATE + p), 0);
  atomic.store<i32>(w(POOL_DONE), 0);
  const gen = (atomic.load<i32>(w(POOL_GEN)) + 1) & 0xffffff;
  atomic.store<i32>(w(POOL_CLAIM), gen << 8);
  atomic.store<i32>(w(POOL_GEN), gen);
  atomic.notify(w(POOL_GEN), -1);
  store<i32>(w(POOL_JOBS), load<i32>(w(POOL_JOBS)) + 1);
  work(0, gen);
  const spin = load<i32>(w(POOL_SPIN)), canWait = load<i32>(w(POOL_CAN_WAIT)) != 0;
  let polls = 0;
  while (true) {
    const d = atomic.load<i32>(w(POOL_DONE));
    if ((d & 0xffff) >= parts) break;
    if ((d >>> 16) != 0) {
      recoverFailedParts(parts);
      continue;
    }
    if (canWait && ++polls > spin) memory.atomic.wait32(w(POOL_DONE), d, -1);
  }
}

/** Recomputes every part held by a failed worker, then clears the failure count. */
function recoverFailedParts(parts: i32): void {
  if (!ASC_FEATURE_THREADS) return;
  for (let p = 0; p < parts; p++) {
    const s = atomic.load<i32>(w(POOL_STATE + p));
    if (s > 0 && atomic.load<i32>(w(POOL_FAILED + s - 1)) != 0) {
      runPart(p);
      atomic.store<i32>(w(POOL_STATE + p), -1);
      atomic.add<i32>(w(POOL_DONE), 1);
    }
  }
  // Keep the done count, drop the failure marks now handled.
  let d = atomic.load<i32>(w(POOL_DONE));
  while (atomic.cmpxchg<i32>(w(POOL_DONE), d, d & 0xffff) != d) d = atomic.load<i32>(w(POOL_DONE));
}

/**
 * A worker's life: wait for a job, help with it, repeat until POOL_EXIT. Polls POOL_SPIN times after
 * each job before sleeping, so the products of one training step reach it without a wake-up.
 */
export function pool_worker_loop(ptr: usize, id: i32): void {
  if (!ASC_FEATURE_THREADS) return;
  pool = ptr;
  let seen = atomic.load<i32>(w(POOL_GEN));
  while (atomic.load<i32>(w(POOL_EXIT)) == 0) {
    let g = atomic.load<i32>(w(POOL_GEN));
    let spins = load<i32>(w(POOL_SPIN));
    while (g == seen && spins > 0) {
      g = atomic.load<i32>(w(POOL_GEN));
      spins--;
    }
    if (g == seen) {
      memory.atomic.wait32(w(POOL_GEN), seen, -1);
      continue;
    }
    seen = g;
    work(id, g);
  }
}

// ---------------------------------------------------------------- products and updates, split when large

/** Forward product (see f32_gemm_nn_4x8__simd_packed), over the pool when it pays. */
export function par_gemm_nn(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, bias: usize, scratch: usize, scratchFloats: i32): void {
  const parts = partsFor(<i64>m * <i64>k * <i64>n);
  if (parts <= 1) {
    f32_gemm_nn_4x8__simd_packed(a, b, c, m, k, n, bias, scratch, scratchFloats);
    return;
  }
  setArg(0, <i32>a); setArg(1, <i32>b); setArg(2, <i32>c); setArg(3, m); setArg(4, k); setArg(5, n);
  setArg(6, <i32>bias); setArg(7, <i32>scratch); setArg(8, scratchFloats);
  // A large kernel is split by columns (each thread reads its half of B once); a small one by rows.
  const packed = n > 1 && m >= 8 && <i64>k * <i64>n * 4 > 256 * 1024;
  runJob(packed ? KIND_NN_COLS : KIND_NN_ROWS, packed ? min(min(parts * OVERSPLIT, MAX_PARTS), (n + 7) >> 3) : min(parts, (m + 3) >> 2));
}

/** Weight gradient (see f32_gemm_tn_4x8__simd_packed), over the pool when it pays. */
export function par_gemm_tn(a: usize, d: usize, c: usize, m: i32, k: i32, n: i32, scratch: usize, scratchFloats: i32): void {
  let parts = partsFor(<i64>m * <i64>k * <i64>n);
  if (n < 16 || k < 8) parts = 1;
  if (parts <= 1) {
    f32_gemm_tn_4x8__simd_packed(a, d, c, m, k, n, scratch, scratchFloats);
    return;
  }
  setArg(0, <i32>a); setArg(1, <i32>d); setArg(2, <i32>c); setArg(3, m); setArg(4, k); setArg(5, n);
  setArg(6, <i32>scratch); setArg(7, scratchFloats);
  runJob(KIND_TN_COLS, min(min(parts * OVERSPLIT, MAX_PARTS), (n + 7) >> 3));
}

/** Input gradient (see f32_gemm_nt_2x4__simd), split by rows over the pool when it pays. */
export function par_gemm_nt(d: usize, b: usize, c: usize, m: i32, n: i32, k: i32): void {
  let parts = partsFor(<i64>m * <i64>k * <i64>n);
  if (n == 1) parts = 1;
  if (parts <= 1) {
    f32_gemm_nt_2x4__simd(d, b, c, m, n, k);
    return;
  }
  setArg(0, <i32>d); setArg(1, <i32>b); setArg(2, <i32>c); setArg(3, m); setArg(4, n); setArg(5, k);
  runJob(KIND_NT_ROWS, min(parts, (m + 1) >> 1));
}

/** One optimizer update (see f32_opt_step__simd), split into ranges over the pool when it pays. */
export function par_optimizer_step(opt: i32, p: usize, g: usize, s1: usize, s2: usize, count: i32,
  lr: f32, a: f32, b: f32, eps: f32, wd: f32, flags: i32, t: i32): void {
  // An update costs about as much per parameter as 16 multiply-adds of a product (memory-bound).
  const parts = partsFor(<i64>count * 16);
  if (parts <= 1) {
    f32_opt_step__simd(opt, p, g, s1, s2, count, lr, a, b, eps, wd, flags, t);
    return;
  }
  setArg(0, opt); setArg(1, <i32>p); setArg(2, <i32>g); setArg(3, <i32>s1); setArg(4, <i32>s2); setArg(5, count);
  setArgF(6, lr); setArgF(7, a); setArgF(8, b); setArgF(9, eps); setArgF(10, wd); setArg(11, flags); setArg(12, t);
  runJob(KIND_OPT, min(min(parts * OVERSPLIT, MAX_PARTS), (count + 15) >> 4));
}
