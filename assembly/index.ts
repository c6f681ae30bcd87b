// wasmlp core: the exports the host binds in src/runtime/core.ts. Memory belongs to the host,
// which places every buffer and passes addresses; the core never allocates.
export { rngSeed, rngNextU32 } from './random';
export { initFill } from './initializers';
export { f32_gemm_nn__simd, f32_gemm_nn_packed__simd, f32_gemm_tn__simd, f32_gemm_tn_packed__simd, f32_gemm_nt__simd, f32_colsum__simd, f32_dot__simd } from './gemm';
export { activationForward, activationBackward } from './activations';
export { lossForwardBackward, lossFused } from './losses';
export { optimizerStep, adamStepSize } from './optimizers';
export { stratifiedOrder } from './stratified-order';
export { shuffleEpoch, trainBatches, predict, evaluateLoss, computeGradients, applyGradients } from './train';
export { regularizationLoss } from './network';
export { f32_spmm_nn__simd, f32_spmm_tn__simd } from './sparse';
export { trainBatchesSparse, predictSparse, evaluateLossSparse, computeGradientsSparse } from './sparse-train';
export { poolAttach, workerLoop } from './parallel';

/** First free byte after the module's static data: the host's allocator starts here. */
export function heapBase(): usize {
  return __heap_base;
}
