/** The core's exports, typed. Names match assembly/index.ts one to one. */
export interface CoreExports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  rngSeed(state: number, seed: number): void;
  rngNextU32(state: number): number;
  initFill(ptr: number, count: number, kind: number, fanIn: number, fanOut: number, p1: number, p2: number, rng: number): void;
  f32_gemm_nn__simd(a: number, b: number, c: number, m: number, k: number, n: number, bias: number): void;
  /** nn with B's blocks packed into scratch (scratchFloats floats, destroyed): the forward pass's large-kernel path. */
  f32_gemm_nn_packed__simd(a: number, b: number, c: number, m: number, k: number, n: number, bias: number, scratch: number, scratchFloats: number): void;
  f32_gemm_tn__simd(a: number, d: number, c: number, m: number, k: number, n: number): void;
  /** tn with D and A panels packed into scratch (scratchFloats floats, destroyed): the backward pass's path. */
  f32_gemm_tn_packed__simd(a: number, d: number, c: number, m: number, k: number, n: number, scratch: number, scratchFloats: number): void;
  f32_gemm_nt__simd(d: number, b: number, c: number, m: number, n: number, k: number): void;
  f32_colsum__simd(d: number, out: number, m: number, n: number): void;
  f32_dot__simd(x: number, y: number, len: number): number;
  activationForward(act: number, z: number, a: number, rows: number, cols: number, alpha: number): void;
  activationBackward(act: number, z: number, a: number, g: number, rows: number, cols: number, alpha: number): void;
  lossForwardBackward(loss: number, act: number, z: number, a: number, y: number, w: number, g: number, rows: number, cols: number): number;
  lossFused(loss: number, act: number): number;
  /** Adam's bias-corrected step size (exported so the core keeps it out of the update loop). */
  adamStepSize(lr: number, b1: number, b2: number, t: number): number;
  optimizerStep(opt: number, p: number, g: number, s1: number, s2: number, count: number, lr: number, a: number, b: number, eps: number, wd: number, flags: number, t: number): void;
  shuffleEpoch(net: number, n: number, shuffle: number): void;
  stratifiedOrder(perm: number, classIds: number, n: number, classes: number, rng: number, scratch: number): void;
  trainBatches(net: number, x: number, y: number, w: number, n: number, batchSize: number, firstBatch: number, batchCount: number, pred: number): number;
  predict(net: number, x: number, n: number, out: number): void;
  evaluateLoss(net: number, x: number, y: number, w: number, n: number, out: number): number;
  computeGradients(net: number, x: number, y: number, w: number, rows: number): number;
  applyGradients(net: number): void;
  regularizationLoss(net: number): number;
  /** C = A . B (+ bias) with A an m-row CSR matrix (indptr offsets absolute). */
  f32_spmm_nn__simd(indptr: number, indices: number, values: number, b: number, c: number, m: number, n: number, bias: number): void;
  /** C[k,n] = A^T . D with A an m-row CSR matrix; C is cleared first. */
  f32_spmm_tn__simd(indptr: number, indices: number, values: number, d: number, c: number, m: number, k: number, n: number): void;
  trainBatchesSparse(net: number, sp: number, y: number, w: number, n: number, batchSize: number, firstBatch: number, batchCount: number, pred: number): number;
  predictSparse(net: number, sp: number, n: number, out: number): void;
  evaluateLossSparse(net: number, sp: number, y: number, w: number, n: number, out: number): number;
  computeGradientsSparse(net: number, sp: number, y: number, w: number, rows: number): number;
  /** Attaches the thread pool's control block (threads build; a no-op in the single-thread build). */
  poolAttach(ptr: number): void;
  /** A worker thread's loop: waits for jobs on the control block until told to exit. */
  workerLoop(ptr: number, id: number): void;
}
