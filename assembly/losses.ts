// Losses and their gradients over one batch. Codes reach the host through src/core-abi.ts (scripts/gen-abi.mjs).
// Each returns sum_i w_i * loss_i (f64) and, when g != 0, writes the gradient of
// (1/rows) * sum_i w_i * loss_i: Keras' "sum over batch size" reduction.
// "Fused" pairs take the gradient straight to the pre-activation z and compute the loss from z:
//   sigmoid + binaryCrossentropy:      l = max(z,0) - z*y + log(1 + exp(-|z|)),   dz = a - y
//   softmax + categoricalCrossentropy: l = logsumexp(z) - sum_j y_j z_j,         dz = a * sum(y) - y
// so p = 0 or 1 never produces log(0). Unfused pairs clip probabilities to [eps, 1 - eps] as Keras does.
import { ACT_SIGMOID, ACT_SOFTMAX } from './activations';

export const LOSS_BCE = 0;
export const LOSS_CCE = 1;
export const LOSS_SPARSE_CCE = 2;
export const LOSS_MSE = 3;
export const LOSS_MAE = 4;

const EPS: f32 = 1e-7;

@inline function at(base: usize, index: i32): usize {
  return base + (<usize>index << 2);
}

/** True when the loss takes its gradient to z directly for this output activation. */
export function lossIsFused(loss: i32, act: i32): bool {
  return (loss == LOSS_BCE && act == ACT_SIGMOID) || ((loss == LOSS_CCE || loss == LOSS_SPARSE_CCE) && act == ACT_SOFTMAX);
}

/**
 * z, a: rows x cols pre-activations and outputs; y: labels (rows x cols, or rows x 1 class ids
 * for sparse); w: rows sample weights (0 = all ones); g: gradient out (rows x cols) or 0.
 */
export function f32_loss_forward_backward__scalar(loss: i32, act: i32, z: usize, a: usize, y: usize, w: usize, g: usize, rows: i32, cols: i32): f64 {
  const fused = lossIsFused(loss, act);
  const invRows: f32 = 1.0 / <f32>rows;
  const invCols: f32 = 1.0 / <f32>cols;
  let total: f64 = 0;
  for (let r = 0; r < rows; r++) {
    const wr: f32 = w ? load<f32>(at(w, r)) : 1.0;
    const scale: f32 = wr * invRows;
    const zr = at(z, r * cols), ar = at(a, r * cols), gr = at(g, r * cols);
    let l: f64 = 0;
    if (loss == LOSS_SPARSE_CCE || (loss == LOSS_CCE && fused)) {
      // Softmax family: row-wise log-sum-exp of z when fused.
      let ysum: f32 = 0;
      const cls = loss == LOSS_SPARSE_CCE ? <i32>load<f32>(at(y, r)) : -1;
      if (fused) {
        let mx = load<f32>(zr);
        for (let j = 1; j < cols; j++) mx = max(mx, load<f32>(at(zr, j)));
        let s: f64 = 0;
        for (let j = 0; j < cols; j++) s += <f64>Mathf.exp(load<f32>(at(zr, j)) - mx);
        const lse = <f64>mx + Math.log(s);
        for (let j = 0; j < cols; j++) {
          const yj: f32 = cls >= 0 ? (j == cls ? 1.0 : 0.0) : load<f32>(at(y, r * cols + j));
          ysum += yj;
          if (yj != 0) l += <f64>yj * (lse - <f64>load<f32>(at(zr, j)));
        }
        if (g) for (let j = 0; j < cols; j++) {
          const yj: f32 = cls >= 0 ? (j == cls ? 1.0 : 0.0) : load<f32>(at(y, r * cols + j));
          store<f32>(at(gr, j), (load<f32>(at(ar, j)) * ysum - yj) * scale);
        }
      } else {
        for (let j = 0; j < cols; j++) {
          const p = load<f32>(at(ar, j));
          const pc = min(max(p, EPS), <f32>1.0 - EPS);
          const yj: f32 = j == cls ? 1.0 : 0.0;
          if (yj != 0) l -= <f64>yj * Math.log(<f64>pc);
          if (g) store<f32>(at(gr, j), p == pc ? -yj / pc * scale : 0);
        }
      }
    } else if (loss == LOSS_CCE) {
      for (let j = 0; j < cols; j++) {
        const p = load<f32>(at(ar, j));
        const pc = min(max(p, EPS), <f32>1.0 - EPS);
        const yj = load<f32>(at(y, r * cols + j));
        if (yj != 0) l -= <f64>yj * Math.log(<f64>pc);
        if (g) store<f32>(at(gr, j), p == pc ? -yj / pc * scale : 0);
      }
    } else if (loss == LOSS_BCE) {
      for (let j = 0; j < cols; j++) {
        const yj = load<f32>(at(y, r * cols + j));
        if (fused) {
          const zj = load<f32>(at(zr, j));
          l += <f64>(max<f32>(zj, 0) - zj * yj) + Math.log1p(Math.exp(-Math.abs(<f64>zj)));
          if (g) store<f32>(at(gr, j), (load<f32>(at(ar, j)) - yj) * invCols * scale);
        } else {
          const p = load<f32>(at(ar, j));
          const pc = min(max(p, EPS), <f32>1.0 - EPS);
          l -= <f64>yj * Math.log(<f64>pc) + <f64>(1.0 - yj) * Math.log(<f64>(1.0 - pc));
          if (g) store<f32>(at(gr, j), p == pc ? (pc - yj) / (pc * (1.0 - pc)) * invCols * scale : 0);
        }
      }
      l /= <f64>cols;
    } else if (loss == LOSS_MSE) {
      for (let j = 0; j < cols; j++) {
        const diff = load<f32>(at(ar, j)) - load<f32>(at(y, r * cols + j));
        l += <f64>diff * <f64>diff;
        if (g) store<f32>(at(gr, j), 2.0 * diff * invCols * scale);
      }
      l /= <f64>cols;
    } else if (loss == LOSS_MAE) {
      for (let j = 0; j < cols; j++) {
        const diff = load<f32>(at(ar, j)) - load<f32>(at(y, r * cols + j));
        l += Math.abs(<f64>diff);
        if (g) store<f32>(at(gr, j), (diff > 0 ? invCols : diff < 0 ? -invCols : 0) * scale);
      }
      l /= <f64>cols;
    } else {
      unreachable();
    }
    total += <f64>wr * l;
  }
  return total;
}

/** Is this output the fused softmax/sigmoid partner of the loss? (exported for the host's checks) */
export function loss_fused(loss: i32, act: i32): i32 {
  return lossIsFused(loss, act) ? 1 : 0;
}
