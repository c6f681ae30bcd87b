/** The core's exports, typed. Names match assembly/index.ts one to one (its header explains the naming scheme). */
export interface CoreExports {
  memory: WebAssembly.Memory;
  heap_base(): number;
  /** Fingerprint of the ABI this module was built with (ABI_HASH in src/core-abi.ts). */
  abi_hash(): number;
  rng_seed(state: number, seed: number): void;
  rng_next_u32(state: number): number;
  f32_init_fill__scalar(ptr: number, count: number, kind: number, fanIn: number, fanOut: number, p1: number, p2: number, rng: number): void;
  f32_gemm_nn_4x8__simd(a: number, b: number, c: number, m: number, k: number, n: number, bias: number): void;
  /** nn with B's blocks packed into scratch (scratchFloats floats, destroyed): the forward pass's large-kernel path. */
  f32_gemm_nn_4x8__simd_packed(a: number, b: number, c: number, m: number, k: number, n: number, bias: number, scratch: number, scratchFloats: number): void;
  f32_gemm_tn_4x8__simd(a: number, d: number, c: number, m: number, k: number, n: number): void;
  /** tn with D and A panels packed into scratch (scratchFloats floats, destroyed): the backward pass's path. */
  f32_gemm_tn_4x8__simd_packed(a: number, d: number, c: number, m: number, k: number, n: number, scratch: number, scratchFloats: number): void;
  f32_gemm_nt_2x4__simd(d: number, b: number, c: number, m: number, n: number, k: number): void;
  f32_colsum__simd(d: number, out: number, m: number, n: number): void;
  f32_dot__simd_u16_acc4(x: number, y: number, len: number): number;
  f32_act_forward__simd(act: number, z: number, a: number, rows: number, cols: number, alpha: number): void;
  f32_act_backward__simd(act: number, z: number, a: number, g: number, rows: number, cols: number, alpha: number): void;
  f32_loss_forward_backward__scalar(loss: number, act: number, z: number, a: number, y: number, w: number, g: number, rows: number, cols: number): number;
  loss_fused(loss: number, act: number): number;
  /** Adam's bias-corrected step size (exported so the core keeps it out of the update loop). */
  adam_step_size(lr: number, b1: number, b2: number, t: number): number;
  f32_opt_step__simd(opt: number, p: number, g: number, s1: number, s2: number, count: number, lr: number, a: number, b: number, eps: number, wd: number, flags: number, t: number): void;
  net_shuffle_epoch(net: number, n: number, shuffle: number): void;
  perm_stratify(perm: number, classIds: number, n: number, classes: number, rng: number, scratch: number): void;
  net_train_batches(net: number, x: number, y: number, w: number, n: number, batchSize: number, firstBatch: number, batchCount: number, pred: number): number;
  net_predict(net: number, x: number, n: number, out: number): void;
  net_evaluate_loss(net: number, x: number, y: number, w: number, n: number, out: number): number;
  net_compute_gradients(net: number, x: number, y: number, w: number, rows: number): number;
  net_apply_gradients(net: number): void;
  net_regularization_loss(net: number): number;
  /** C = A . B (+ bias) with A an m-row CSR matrix (indptr offsets absolute). */
  f32_spmm_nn_1x16__simd(indptr: number, indices: number, values: number, b: number, c: number, m: number, n: number, bias: number): void;
  /** C[k,n] = A^T . D with A an m-row CSR matrix; C is cleared first. */
  f32_spmm_tn__simd(indptr: number, indices: number, values: number, d: number, c: number, m: number, k: number, n: number): void;
  net_train_batches_csr(net: number, sp: number, y: number, w: number, n: number, batchSize: number, firstBatch: number, batchCount: number, pred: number): number;
  net_predict_csr(net: number, sp: number, n: number, out: number): void;
  net_evaluate_loss_csr(net: number, sp: number, y: number, w: number, n: number, out: number): number;
  net_compute_gradients_csr(net: number, sp: number, y: number, w: number, rows: number): number;
  /** Attaches the thread pool's control block (threads build; a no-op in the single-thread build). */
  pool_attach(ptr: number): void;
  /** A worker thread's loop: waits for jobs on the control block until told to exit. */
  pool_worker_loop(ptr: number, id: number): void;
}
