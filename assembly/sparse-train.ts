// Training and inference on sparse (CSR) inputs: the loops of train.ts, with the first Dense layer
// multiplying CSR rows. The host writes a small descriptor (SP_* words); the dataset's CSR arrays
// are uploaded once per fit, and each batch's rows are gathered here by the epoch order.
import {
  NET_LAYERS, NET_LOSS, NET_BATCH_CAP, NET_OUT_DIM, NET_YB, NET_WB, NET_PERM, NET_LABEL_W, NET_GRAD_A,
  NET_HAS_REG, L_ACT, L_Z, word, layer, forward, backward, net_regularization_loss,
} from './network';
import { f32_loss_forward_backward__scalar } from './losses';
import { net_apply_gradients } from './train';

// Sparse descriptor words; scripts/gen-abi.mjs copies them into src/core-abi.ts (SPARSE).
export const SP_INDPTR = 0;        // the rows the first layer reads now (absolute offsets)
export const SP_INDICES = 1;
export const SP_VALUES = 2;
export const SP_DATA_INDPTR = 3;   // the whole dataset (n + 1 offsets)
export const SP_DATA_INDICES = 4;
export const SP_DATA_VALUES = 5;
export const SP_BATCH_INDPTR = 6;  // gathered batch (batch cap + 1), 0 outside training
export const SP_BATCH_INDICES = 7;
export const SP_BATCH_VALUES = 8;
export const SPARSE_WORDS = 12;

@inline function at(base: usize, index: i32): usize {
  return base + (<usize>index << 2);
}
@inline function spWord(sp: usize, w: i32): usize {
  return <usize>load<i32>(sp + (<usize>w << 2));
}
@inline function setSpWord(sp: usize, w: i32, value: usize): void {
  store<i32>(sp + (<usize>w << 2), <i32>value);
}

/** Points the first layer at dataset rows [start, ...): the offsets stay absolute, nothing is copied. */
@inline function viewRows(sp: usize, start: i32): void {
  setSpWord(sp, SP_INDPTR, at(spWord(sp, SP_DATA_INDPTR), start));
  setSpWord(sp, SP_INDICES, spWord(sp, SP_DATA_INDICES));
  setSpWord(sp, SP_VALUES, spWord(sp, SP_DATA_VALUES));
}

/** net_train_batches (train.ts) for CSR inputs described by sp. */
export function net_train_batches_csr(net: usize, sp: usize, y: usize, w: usize, n: i32, batchSize: i32,
  firstBatch: i32, batchCount: i32, pred: usize): f64 {
  const outDim = word(net, NET_OUT_DIM), lw = word(net, NET_LABEL_W);
  const yb = <usize>word(net, NET_YB), wb = <usize>word(net, NET_WB);
  const perm = <usize>word(net, NET_PERM);
  const last = layer(net, word(net, NET_LAYERS) - 1);
  const loss = word(net, NET_LOSS), act = word(last, L_ACT);
  const hasReg = word(net, NET_HAS_REG) != 0;
  const g = <usize>word(net, NET_GRAD_A);
  const dip = spWord(sp, SP_DATA_INDPTR), dind = spWord(sp, SP_DATA_INDICES), dval = spWord(sp, SP_DATA_VALUES);
  const bip = spWord(sp, SP_BATCH_INDPTR), bind = spWord(sp, SP_BATCH_INDICES), bval = spWord(sp, SP_BATCH_VALUES);
  setSpWord(sp, SP_INDPTR, bip);
  setSpWord(sp, SP_INDICES, bind);
  setSpWord(sp, SP_VALUES, bval);
  let total: f64 = 0;
  for (let b = firstBatch; b < firstBatch + batchCount; b++) {
    const start = b * batchSize;
    if (start >= n) break;
    const rows = min(batchSize, n - start);
    let nnz = 0;
    store<i32>(bip, 0);
    for (let r = 0; r < rows; r++) {
      const idx = load<i32>(at(perm, start + r));
      const k0 = load<i32>(at(dip, idx)), len = load<i32>(at(dip, idx + 1)) - k0;
      memory.copy(at(bind, nnz), at(dind, k0), <usize>len << 2);
      memory.copy(at(bval, nnz), at(dval, k0), <usize>len << 2);
      nnz += len;
      store<i32>(at(bip, r + 1), nnz);
      memory.copy(at(yb, r * lw), at(y, idx * lw), <usize>lw << 2);
      if (w) store<f32>(at(wb, r), load<f32>(at(w, idx)));
    }
    const out = forward(net, 0, rows, true, sp);
    total += f32_loss_forward_backward__scalar(loss, act, <usize>word(last, L_Z), out, yb, w ? wb : 0, g, rows, outDim);
    if (hasReg) total += net_regularization_loss(net) * <f64>rows;
    if (pred) {
      for (let r = 0; r < rows; r++) {
        memory.copy(at(pred, load<i32>(at(perm, start + r)) * outDim), at(out, r * outDim), <usize>outDim << 2);
      }
    }
    backward(net, 0, rows, sp);
    net_apply_gradients(net);
  }
  return total;
}

/** net_predict (train.ts) for CSR inputs: n rows into out (n x outDim), in chunks of the batch capacity. */
export function net_predict_csr(net: usize, sp: usize, n: i32, out: usize): void {
  const cap = word(net, NET_BATCH_CAP), outDim = word(net, NET_OUT_DIM);
  for (let start = 0; start < n; start += cap) {
    const rows = min(cap, n - start);
    viewRows(sp, start);
    const o = forward(net, 0, rows, false, sp);
    memory.copy(at(out, start * outDim), o, <usize>(rows * outDim) << 2);
  }
}

/** net_evaluate_loss (train.ts) for CSR inputs. */
export function net_evaluate_loss_csr(net: usize, sp: usize, y: usize, w: usize, n: i32, out: usize): f64 {
  const cap = word(net, NET_BATCH_CAP), outDim = word(net, NET_OUT_DIM);
  const lw = word(net, NET_LABEL_W);
  const last = layer(net, word(net, NET_LAYERS) - 1);
  const loss = word(net, NET_LOSS), act = word(last, L_ACT);
  let total: f64 = 0;
  for (let start = 0; start < n; start += cap) {
    const rows = min(cap, n - start);
    viewRows(sp, start);
    const o = forward(net, 0, rows, false, sp);
    total += f32_loss_forward_backward__scalar(loss, act, <usize>word(last, L_Z), o, at(y, start * lw), w ? at(w, start) : 0, 0, rows, outDim);
    if (out) memory.copy(at(out, start * outDim), o, <usize>(rows * outDim) << 2);
  }
  if (word(net, NET_HAS_REG)) total += net_regularization_loss(net) * <f64>n;
  return total;
}

/** net_compute_gradients (train.ts) for the first `rows` CSR rows: forward, loss, backward, no update. */
export function net_compute_gradients_csr(net: usize, sp: usize, y: usize, w: usize, rows: i32): f64 {
  const last = layer(net, word(net, NET_LAYERS) - 1);
  viewRows(sp, 0);
  const out = forward(net, 0, rows, true, sp);
  const total = f32_loss_forward_backward__scalar(word(net, NET_LOSS), word(last, L_ACT), <usize>word(last, L_Z), out, y, w, <usize>word(net, NET_GRAD_A), rows, word(net, NET_OUT_DIM));
  backward(net, 0, rows, sp);
  return total;
}
