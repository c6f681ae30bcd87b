// The fused training loop: whole epochs run inside WebAssembly. The host copies the dataset in
// once per fit; per batch the core gathers rows by the shuffled order, runs forward, loss,
// backward and the optimizer step with no call out to JavaScript and no allocation.
import {
  NET_LAYERS, NET_LOSS, NET_BATCH_CAP, NET_PARAMS, NET_PARAM_COUNT, NET_GRADS, NET_OPT, NET_OPT_S1, NET_OPT_S2,
  NET_OPT_T, NET_LR, NET_OPT_A, NET_OPT_B, NET_OPT_EPS, NET_OPT_WD, NET_OPT_FLAGS, NET_RNG, NET_IN_DIM, NET_OUT_DIM,
  NET_XB, NET_YB, NET_WB, NET_PERM, NET_LABEL_W, NET_GRAD_A, NET_HAS_REG, L_ACT, L_Z,
  word, wordF, layer, forward, backward, net_regularization_loss,
} from './network';
import { f32_loss_forward_backward__scalar } from './losses';
import { par_optimizer_step } from './parallel';
import { rngBelow } from './random';

@inline function at(base: usize, index: i32): usize {
  return base + (<usize>index << 2);
}

/** Lays out this epoch's order of the n training rows: identity, or a seeded Fisher-Yates shuffle. */
export function net_shuffle_epoch(net: usize, n: i32, shuffle: bool): void {
  const perm = <usize>word(net, NET_PERM);
  for (let i = 0; i < n; i++) store<i32>(at(perm, i), i);
  if (!shuffle) return;
  const rng = <usize>word(net, NET_RNG);
  for (let i = n - 1; i > 0; i--) {
    const j = <i32>rngBelow(rng, <u32>(i + 1));
    const t = load<i32>(at(perm, i));
    store<i32>(at(perm, i), load<i32>(at(perm, j)));
    store<i32>(at(perm, j), t);
  }
}

/** Applies one optimizer update with the gradients in NET_GRADS. */
export function net_apply_gradients(net: usize): void {
  const t = word(net, NET_OPT_T) + 1;
  store<i32>(net + (<usize>NET_OPT_T << 2), t);
  par_optimizer_step(word(net, NET_OPT), <usize>word(net, NET_PARAMS), <usize>word(net, NET_GRADS),
    <usize>word(net, NET_OPT_S1), <usize>word(net, NET_OPT_S2), word(net, NET_PARAM_COUNT),
    wordF(net, NET_LR), wordF(net, NET_OPT_A), wordF(net, NET_OPT_B), wordF(net, NET_OPT_EPS),
    wordF(net, NET_OPT_WD), word(net, NET_OPT_FLAGS), t);
}

/**
 * Trains batches [firstBatch, firstBatch + batchCount) of the current epoch order.
 * x: n x inDim inputs, y: n x labelWidth labels, w: n sample weights (0 = none).
 * pred (0 = skip): receives each row's training-time output at the row's own index, for metrics.
 * Returns sum over rows of w_i * loss_i plus the regularisation penalty per row.
 */
export function net_train_batches(net: usize, x: usize, y: usize, w: usize, n: i32, batchSize: i32,
  firstBatch: i32, batchCount: i32, pred: usize): f64 {
  const inDim = word(net, NET_IN_DIM), outDim = word(net, NET_OUT_DIM), lw = word(net, NET_LABEL_W);
  const xb = <usize>word(net, NET_XB), yb = <usize>word(net, NET_YB), wb = <usize>word(net, NET_WB);
  const perm = <usize>word(net, NET_PERM);
  const last = layer(net, word(net, NET_LAYERS) - 1);
  const loss = word(net, NET_LOSS), act = word(last, L_ACT);
  const hasReg = word(net, NET_HAS_REG) != 0;
  const g = <usize>word(net, NET_GRAD_A);
  let total: f64 = 0;
  for (let b = firstBatch; b < firstBatch + batchCount; b++) {
    const start = b * batchSize;
    if (start >= n) break;
    const rows = min(batchSize, n - start);
    for (let r = 0; r < rows; r++) {
      const idx = load<i32>(at(perm, start + r));
      memory.copy(at(xb, r * inDim), at(x, idx * inDim), <usize>inDim << 2);
      memory.copy(at(yb, r * lw), at(y, idx * lw), <usize>lw << 2);
      if (w) store<f32>(at(wb, r), load<f32>(at(w, idx)));
    }
    const out = forward(net, xb, rows, true);
    total += f32_loss_forward_backward__scalar(loss, act, <usize>word(last, L_Z), out, yb, w ? wb : 0, g, rows, outDim);
    if (hasReg) total += net_regularization_loss(net) * <f64>rows;
    if (pred) {
      for (let r = 0; r < rows; r++) {
        memory.copy(at(pred, load<i32>(at(perm, start + r)) * outDim), at(out, r * outDim), <usize>outDim << 2);
      }
    }
    backward(net, xb, rows);
    net_apply_gradients(net);
  }
  return total;
}

/** Inference on n rows at x (n x inDim) into out (n x outDim), in chunks of the batch capacity. */
export function net_predict(net: usize, x: usize, n: i32, out: usize): void {
  const cap = word(net, NET_BATCH_CAP), inDim = word(net, NET_IN_DIM), outDim = word(net, NET_OUT_DIM);
  for (let start = 0; start < n; start += cap) {
    const rows = min(cap, n - start);
    const o = forward(net, at(x, start * inDim), rows, false);
    memory.copy(at(out, start * outDim), o, <usize>(rows * outDim) << 2);
  }
}

/**
 * Loss over n rows without training: sum of w_i * loss_i plus n times the regularisation
 * penalty; the outputs go to out (n x outDim) when out != 0.
 */
export function net_evaluate_loss(net: usize, x: usize, y: usize, w: usize, n: i32, out: usize): f64 {
  const cap = word(net, NET_BATCH_CAP), inDim = word(net, NET_IN_DIM), outDim = word(net, NET_OUT_DIM);
  const lw = word(net, NET_LABEL_W);
  const last = layer(net, word(net, NET_LAYERS) - 1);
  const loss = word(net, NET_LOSS), act = word(last, L_ACT);
  let total: f64 = 0;
  for (let start = 0; start < n; start += cap) {
    const rows = min(cap, n - start);
    const o = forward(net, at(x, start * inDim), rows, false);
    total += f32_loss_forward_backward__scalar(loss, act, <usize>word(last, L_Z), o, at(y, start * lw), w ? at(w, start) : 0, 0, rows, outDim);
    if (out) memory.copy(at(out, start * outDim), o, <usize>(rows * outDim) << 2);
  }
  if (word(net, NET_HAS_REG)) total += net_regularization_loss(net) * <f64>n;
  return total;
}

/** Forward + loss + backward on the first `rows` rows at x, no update: gradients for checks. */
export function net_compute_gradients(net: usize, x: usize, y: usize, w: usize, rows: i32): f64 {
  const last = layer(net, word(net, NET_LAYERS) - 1);
  const out = forward(net, x, rows, true);
  const total = f32_loss_forward_backward__scalar(word(net, NET_LOSS), word(last, L_ACT), <usize>word(last, L_Z), out, y, w, <usize>word(net, NET_GRAD_A), rows, word(net, NET_OUT_DIM));
  backward(net, x, rows);
  return total;
}
