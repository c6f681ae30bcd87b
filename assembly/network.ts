// The network descriptor the host writes into linear memory, and the forward/backward passes
// over it. Word offsets (i32 or f32, 4 bytes each) are copied into src/core-abi.ts by scripts/gen-abi.mjs.
import { f32_colsum__simd } from './gemm';
import { par_gemm_nn, par_gemm_tn, par_gemm_nt } from './parallel';
import { f32_spmm_nn_1x16__simd, f32_spmm_tn__simd } from './sparse';
import { f32_act_forward__simd, f32_act_backward__simd } from './activations';
import { lossIsFused } from './losses';
import { dropoutForward } from './random';

// Header
export const NET_LAYERS = 0;      // number of layer records
export const NET_LOSS = 1;        // loss code
export const NET_BATCH_CAP = 2;   // rows the batch buffers hold
export const NET_PARAMS = 3;      // flat parameter buffer (all kernels and biases)
export const NET_PARAM_COUNT = 4; // floats in it, a multiple of 4
export const NET_GRADS = 5;       // gradient buffer, same layout
export const NET_OPT = 6;         // optimizer code
export const NET_OPT_S1 = 7;      // optimizer state buffers (same layout as params)
export const NET_OPT_S2 = 8;
export const NET_OPT_T = 9;       // steps taken
export const NET_LR = 10;         // f32
export const NET_OPT_A = 11;      // f32 momentum / beta1 / rho
export const NET_OPT_B = 12;      // f32 beta2
export const NET_OPT_EPS = 13;    // f32
export const NET_OPT_WD = 14;     // f32 weight decay
export const NET_OPT_FLAGS = 15;
export const NET_RNG = 16;        // 16-byte generator state
export const NET_IN_DIM = 17;
export const NET_OUT_DIM = 18;
export const NET_XB = 19;         // batch inputs  (cap x inDim)
export const NET_YB = 20;         // batch labels  (cap x labelWidth)
export const NET_WB = 21;         // batch weights (cap)
export const NET_PERM = 22;       // epoch order (permCap i32)
export const NET_PERM_CAP = 23;
export const NET_LABEL_W = 24;    // label floats per row (outDim, or 1 for sparse)
export const NET_GRAD_A = 25;     // two ping-pong gradient buffers (cap x maxDim)
export const NET_GRAD_B = 26;
export const NET_HAS_REG = 27;    // any layer with l1/l2
export const HEADER_WORDS = 32;

// Layer record
export const L_KIND = 0;          // 0 dense, 1 dropout, 2 batch normalization
export const L_IN = 1;
export const L_OUT = 2;
export const L_ACT = 3;
export const L_W = 4;             // kernel (in x out, row-major)
export const L_B = 5;             // bias (out) or 0
export const L_GW = 6;
export const L_GB = 7;
export const L_Z = 8;             // pre-activations (cap x out)
export const L_A = 9;             // outputs (cap x out)
export const L_ALPHA = 10;        // f32 activation parameter
export const L_L1 = 11;           // f32
export const L_L2 = 12;           // f32
export const L_RATE = 13;         // f32 dropout rate
export const L_MASK = 14;         // dropout scale per element (cap x dim); batch norm: 1/std per feature (dim)
export const L_MEAN = 15;         // batch norm moving mean (dim)
export const L_VAR = 16;          // batch norm moving variance (dim)
export const L_EPS = 17;          // f32 batch norm epsilon
export const L_MOMENTUM = 18;     // f32 batch norm momentum
export const LAYER_WORDS = 20;

export const KIND_DENSE = 0;
export const KIND_DROPOUT = 1;
export const KIND_BATCH_NORM = 2;

@inline export function word(net: usize, w: i32): i32 {
  return load<i32>(net + (<usize>w << 2));
}
@inline export function wordF(net: usize, w: i32): f32 {
  return load<f32>(net + (<usize>w << 2));
}
@inline export function layer(net: usize, l: i32): usize {
  return net + (<usize>(HEADER_WORDS + l * LAYER_WORDS) << 2);
}
@inline function at(base: usize, index: i32): usize {
  return base + (<usize>index << 2);
}

/**
 * Runs the layers on `rows` rows at `x` (rows x inDim). In training, dropout draws its mask from
 * the model's generator; in inference it passes its input through untouched.
 * sp != 0: the input is sparse (x unused), the CSR rows named by the descriptor sp (see
 * sparse-train.ts); the first layer, always Dense then, multiplies them at the cost of their nonzeros.
 * Returns the address of the output (rows x outDim).
 */
export function forward(net: usize, x: usize, rows: i32, training: bool, sp: usize = 0): usize {
  const n = word(net, NET_LAYERS);
  let input = x;
  for (let l = 0; l < n; l++) {
    const L = layer(net, l);
    const out = word(L, L_OUT);
    if (word(L, L_KIND) == KIND_DENSE) {
      const z = <usize>word(L, L_Z), a = <usize>word(L, L_A);
      // Large kernels are packed into a buffer that is free during the forward pass (same bits
      // as unpacked): in training the layer's kernel gradient, which backward overwrites; in
      // inference the first gradient buffer, leaving the last step's gradients alone.
      const inDim = word(L, L_IN);
      if (l == 0 && sp) {
        f32_spmm_nn_1x16__simd(<usize>load<i32>(sp), <usize>load<i32>(sp, 4), <usize>load<i32>(sp, 8), <usize>word(L, L_W), z, rows, out, <usize>word(L, L_B));
      } else if (training) {
        par_gemm_nn(input, <usize>word(L, L_W), z, rows, inDim, out, <usize>word(L, L_B), <usize>word(L, L_GW), inDim * out);
      } else {
        par_gemm_nn(input, <usize>word(L, L_W), z, rows, inDim, out, <usize>word(L, L_B), <usize>word(net, NET_GRAD_A), word(net, NET_BATCH_CAP) * maxWidth(net));
      }
      f32_act_forward__simd(word(L, L_ACT), z, a, rows, out, wordF(L, L_ALPHA));
      input = a;
    } else if (word(L, L_KIND) == KIND_BATCH_NORM) {
      batchNormForward(L, input, rows, out, training);
      input = <usize>word(L, L_A);
    } else if (training) {
      const a = <usize>word(L, L_A);
      dropoutForward(<usize>word(net, NET_RNG), input, <usize>word(L, L_MASK), a, rows * out, wordF(L, L_RATE));
      input = a;
    }
  }
  return input;
}

/**
 * Back-propagates the output gradient already in NET_GRAD_A (dL/dz when the loss is fused with
 * the output activation, dL/da otherwise) and writes every parameter gradient.
 * sp != 0: the input is the sparse batch named by sp (as in forward).
 */
export function backward(net: usize, x: usize, rows: i32, sp: usize = 0): void {
  const n = word(net, NET_LAYERS);
  let g = <usize>word(net, NET_GRAD_A), spare = <usize>word(net, NET_GRAD_B);
  const spareFloats = word(net, NET_BATCH_CAP) * maxWidth(net);
  const last = n - 1;
  const fused = lossIsFused(word(net, NET_LOSS), word(layer(net, last), L_ACT)) && word(layer(net, last), L_KIND) == KIND_DENSE;
  for (let l = last; l >= 0; l--) {
    const L = layer(net, l);
    const out = word(L, L_OUT), inDim = word(L, L_IN);
    if (word(L, L_KIND) == KIND_DROPOUT) {
      const mask = <usize>word(L, L_MASK);
      const count = rows * out;
      let i = 0;
      for (; i + 4 <= count; i += 4) v128.store(at(g, i), f32x4.mul(v128.load(at(g, i)), v128.load(at(mask, i))));
      for (; i < count; i++) store<f32>(at(g, i), load<f32>(at(g, i)) * load<f32>(at(mask, i)));
      continue;
    }
    if (word(L, L_KIND) == KIND_BATCH_NORM) {
      batchNormBackward(L, g, rows, out);
      continue;
    }
    if (l != last || !fused) {
      f32_act_backward__simd(word(L, L_ACT), <usize>word(L, L_Z), <usize>word(L, L_A), g, rows, out, wordF(L, L_ALPHA));
    }
    const input = l == 0 ? x : <usize>word(layer(net, l - 1), L_A);
    const w = <usize>word(L, L_W), gw = <usize>word(L, L_GW);
    // `spare` is free until the input gradient below overwrites it: the weight gradient packs there.
    if (l == 0 && sp) f32_spmm_tn__simd(<usize>load<i32>(sp), <usize>load<i32>(sp, 4), <usize>load<i32>(sp, 8), g, gw, rows, inDim, out);
    else par_gemm_tn(input, g, gw, rows, inDim, out, spare, spareFloats);
    const gb = <usize>word(L, L_GB);
    if (gb) f32_colsum__simd(g, gb, rows, out);
    addRegularizationGradient(w, gw, inDim * out, wordF(L, L_L1), wordF(L, L_L2));
    if (l > 0) {
      par_gemm_nt(g, w, spare, rows, out, inDim);
      const t = g; g = spare; spare = t;
    }
  }
}

/**
 * Batch normalization, one feature (column) at a time, rows summed in order in f64 and rounded
 * to f32 once: the same bits in every runtime. Training normalises with the batch's mean and
 * biased variance and moves the moving statistics toward them (Keras' rule
 * moving = moving * momentum + batch * (1 - momentum)); inference uses the moving statistics.
 * xhat goes to L_Z and 1/std to L_MASK for the backward pass; y = gamma * xhat + beta to L_A.
 */
function batchNormForward(L: usize, x: usize, rows: i32, dim: i32, training: bool): void {
  const xhat = <usize>word(L, L_Z), y = <usize>word(L, L_A), inv = <usize>word(L, L_MASK);
  const gamma = <usize>word(L, L_W), beta = <usize>word(L, L_B);
  const movMean = <usize>word(L, L_MEAN), movVar = <usize>word(L, L_VAR);
  const eps = wordF(L, L_EPS), momentum = wordF(L, L_MOMENTUM);
  for (let j = 0; j < dim; j++) {
    let mean: f32, variance: f32;
    if (training) {
      let s: f64 = 0;
      for (let r = 0; r < rows; r++) s += <f64>load<f32>(at(x, r * dim + j));
      mean = <f32>(s / <f64>rows);
      let v: f64 = 0;
      for (let r = 0; r < rows; r++) {
        const d = <f64>(load<f32>(at(x, r * dim + j)) - mean);
        v += d * d;
      }
      variance = <f32>(v / <f64>rows);
      store<f32>(at(movMean, j), load<f32>(at(movMean, j)) * momentum + mean * (<f32>1.0 - momentum));
      store<f32>(at(movVar, j), load<f32>(at(movVar, j)) * momentum + variance * (<f32>1.0 - momentum));
    } else {
      mean = load<f32>(at(movMean, j));
      variance = load<f32>(at(movVar, j));
    }
    const invStd: f32 = <f32>1.0 / Mathf.sqrt(variance + eps);
    if (training) store<f32>(at(inv, j), invStd);
    const gj: f32 = gamma ? load<f32>(at(gamma, j)) : 1;
    const bj: f32 = beta ? load<f32>(at(beta, j)) : 0;
    for (let r = 0; r < rows; r++) {
      const i = r * dim + j;
      const h = (load<f32>(at(x, i)) - mean) * invStd;
      if (training) store<f32>(at(xhat, i), h);
      store<f32>(at(y, i), h * gj + bj);
    }
  }
}

/**
 * Back-propagates through batch normalization in place: g holds dL/dy and receives dL/dx,
 * dx = gamma / std / N * (N * g - sum g - xhat * sum(g * xhat)); writes dgamma and dbeta.
 */
function batchNormBackward(L: usize, g: usize, rows: i32, dim: i32): void {
  const xhat = <usize>word(L, L_Z), inv = <usize>word(L, L_MASK);
  const gamma = <usize>word(L, L_W), ggamma = <usize>word(L, L_GW), gbeta = <usize>word(L, L_GB);
  const n = <f64>rows;
  for (let j = 0; j < dim; j++) {
    let sg: f64 = 0, sgh: f64 = 0;
    for (let r = 0; r < rows; r++) {
      const i = r * dim + j;
      const gi = <f64>load<f32>(at(g, i));
      sg += gi;
      sgh += gi * <f64>load<f32>(at(xhat, i));
    }
    if (ggamma) store<f32>(at(ggamma, j), <f32>sgh);
    if (gbeta) store<f32>(at(gbeta, j), <f32>sg);
    const gj: f64 = gamma ? <f64>load<f32>(at(gamma, j)) : 1.0;
    const k = gj * <f64>load<f32>(at(inv, j)) / n;
    for (let r = 0; r < rows; r++) {
      const i = r * dim + j;
      store<f32>(at(g, i), <f32>(k * (n * <f64>load<f32>(at(g, i)) - sg - <f64>load<f32>(at(xhat, i)) * sgh)));
    }
  }
}

/** The widest layer input or output: the ping-pong gradient buffers hold batch cap x this. */
function maxWidth(net: usize): i32 {
  let w = word(net, NET_IN_DIM);
  const n = word(net, NET_LAYERS);
  for (let l = 0; l < n; l++) w = max(w, word(layer(net, l), L_OUT));
  return w;
}

/** gW += l1 * sign(W) + 2 * l2 * W (Keras' L1L2 regulariser). */
function addRegularizationGradient(w: usize, gw: usize, count: i32, l1: f32, l2: f32): void {
  if (l1 == 0 && l2 == 0) return;
  const twoL2: f32 = 2.0 * l2;
  // Vector selects for sign(W) (a scalar float select is a branch in V8, mispredicted on every
  // other weight); the same additions in the same order as the scalar tail.
  const zero = f32x4.splat(0), vl1 = f32x4.splat(l1), vml1 = f32x4.splat(-l1), v2 = f32x4.splat(twoL2);
  let i = 0;
  for (; i + 4 <= count; i += 4) {
    const wi = v128.load(at(w, i));
    const s = v128.bitselect(vl1, v128.bitselect(vml1, zero, f32x4.lt(wi, zero)), f32x4.gt(wi, zero));
    v128.store(at(gw, i), f32x4.add(f32x4.add(v128.load(at(gw, i)), s), f32x4.mul(v2, wi)));
  }
  for (; i < count; i++) {
    const wi = load<f32>(at(w, i));
    const s: f32 = wi > 0 ? l1 : wi < 0 ? -l1 : 0;
    store<f32>(at(gw, i), load<f32>(at(gw, i)) + s + twoL2 * wi);
  }
}

/** l1 * sum|W| + l2 * sum W^2 over all dense layers: the penalty added to the reported loss. */
export function net_regularization_loss(net: usize): f64 {
  const n = word(net, NET_LAYERS);
  let total: f64 = 0;
  for (let l = 0; l < n; l++) {
    const L = layer(net, l);
    if (word(L, L_KIND) != KIND_DENSE) continue;
    const l1 = <f64>wordF(L, L_L1), l2 = <f64>wordF(L, L_L2);
    if (l1 == 0 && l2 == 0) continue;
    const w = <usize>word(L, L_W), count = word(L, L_IN) * word(L, L_OUT);
    let s1: f64 = 0, s2: f64 = 0;
    for (let i = 0; i < count; i++) {
      const wi = <f64>load<f32>(at(w, i));
      s1 += Math.abs(wi);
      s2 += wi * wi;
    }
    total += l1 * s1 + l2 * s2;
  }
  return total;
}
