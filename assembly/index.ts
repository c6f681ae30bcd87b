// wasmlp core: the exports the host binds in src/runtime/core.ts. Memory belongs to the host,
// which places every buffer and passes addresses; the core never allocates.
//
// Export names follow one scheme (XNNPACK's), all snake_case:
//   kernels over raw buffers:  <type>_<op>[_<layout>][_<MRxNR tile>]__<isa>[_<variant>]
//     e.g. f32_gemm_nn_4x8__simd (4x8 register tile, wasm SIMD128), f32_gemm_nn_4x8__simd_packed,
//     f32_dot__simd_u16_acc4 (16 elements a step, 4 accumulators), f32_loss_forward_backward__scalar.
//     The tile, unroll and accumulators fix the summation order, hence the bits: they are part of the
//     name, and each __simd kernel has a scalar twin in test/helpers/kernel-twins.ts that the
//     tests hold it to bit for bit (test/core/kernel-twins.test.ts).
//   everything else:           <object>_<verb>, the object being what the call works on:
//     net_* (the network descriptor), rng_*, pool_*, perm_*, heap_base, loss_fused, adam_step_size.
export { rng_seed, rng_next_u32 } from './random';
export { f32_init_fill__scalar } from './initializers';
export { f32_gemm_nn_4x8__simd, f32_gemm_nn_4x8__simd_packed, f32_gemm_tn_4x8__simd, f32_gemm_tn_4x8__simd_packed, f32_gemm_nt_2x4__simd, f32_colsum__simd, f32_dot__simd_u16_acc4 } from './gemm';
export { f32_act_forward__simd, f32_act_backward__simd } from './activations';
export { f32_loss_forward_backward__scalar, loss_fused } from './losses';
export { f32_opt_step__simd, adam_step_size } from './optimizers';
export { perm_stratify } from './stratified-order';
export { net_shuffle_epoch, net_train_batches, net_predict, net_evaluate_loss, net_compute_gradients, net_apply_gradients } from './train';
export { net_regularization_loss } from './network';
export { f32_spmm_nn_1x16__simd, f32_spmm_tn__simd } from './sparse';
export { net_train_batches_csr, net_predict_csr, net_evaluate_loss_csr, net_compute_gradients_csr } from './sparse-train';
export { pool_attach, pool_worker_loop } from './parallel';

/** First free byte after the module's static data: the host's allocator starts here. */
export function heap_base(): usize {
  return __heap_base;
}
