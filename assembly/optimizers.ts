// Optimizer updates over the flat parameter buffer in one SIMD pass (count is a multiple of 4;
// the host pads the buffer). Codes reach the host through src/core-abi.ts (scripts/gen-abi.mjs). Formulas are Keras 3's:
//   sgd:      v = m*v - lr*g;  p += v  (nesterov: p += m*v - lr*g);  m = 0: p -= lr*g
//   adam:     m += (g - m)(1 - b1);  v += (g^2 - v)(1 - b2);  p -= lr*sqrt(1-b2^t)/(1-b1^t) * m/(sqrt(v) + eps)
//   adamw:    p -= p*wd*lr, then adam
//   rmsprop:  v = rho*v + (1 - rho) g^2;  p -= lr*g / sqrt(v + eps)
//   adagrad:  acc += g^2;  p -= lr*g / sqrt(acc + eps)

export const OPT_SGD = 0;
export const OPT_ADAM = 1;
export const OPT_ADAMW = 2;
export const OPT_RMSPROP = 3;
export const OPT_ADAGRAD = 4;

export const OPT_FLAG_NESTEROV = 1;

@inline function at(base: usize, index: i32): usize {
  return base + (<usize>index << 2);
}

/**
 * Adam's bias-corrected step lr * sqrt(1 - b2^t) / (1 - b1^t), computed in f64. A function of
 * its own, exported so it is not inlined: with the two pow calls inside f32_opt_step__simd, V8's
 * optimising tier compiles the update loop 2.6x slower (5.6 vs 2.2 us for 3724 parameters).
 */
export function adam_step_size(lr: f32, b1: f32, b2: f32, t: f64): f32 {
  return <f32>(<f64>lr * Math.sqrt(1.0 - Math.pow(<f64>b2, t)) / (1.0 - Math.pow(<f64>b1, t)));
}

/**
 * One update. s1, s2: state buffers (velocity / first and second moments / accumulator).
 * a, b: momentum or beta1 or rho, beta2. t: the 1-based step number (Adam's bias correction).
 */
export function f32_opt_step__simd(opt: i32, p: usize, g: usize, s1: usize, s2: usize, count: i32,
  lr: f32, a: f32, b: f32, eps: f32, wd: f32, flags: i32, t: i32): void {
  const vlr = f32x4.splat(lr);
  if (opt == OPT_SGD) {
    if (a == 0) {
      for (let i = 0; i < count; i += 4) {
        v128.store(at(p, i), f32x4.sub(v128.load(at(p, i)), f32x4.mul(vlr, v128.load(at(g, i)))));
      }
      return;
    }
    const vm = f32x4.splat(a);
    const nesterov = (flags & OPT_FLAG_NESTEROV) != 0;
    for (let i = 0; i < count; i += 4) {
      const step = f32x4.mul(vlr, v128.load(at(g, i)));
      const v = f32x4.sub(f32x4.mul(vm, v128.load(at(s1, i))), step);
      v128.store(at(s1, i), v);
      const delta = nesterov ? f32x4.sub(f32x4.mul(vm, v), step) : v;
      v128.store(at(p, i), f32x4.add(v128.load(at(p, i)), delta));
    }
    return;
  }
  if (opt == OPT_ADAM || opt == OPT_ADAMW) {
    const tt = <f64>t;
    const alpha = adam_step_size(lr, a, b, tt);
    const valpha = f32x4.splat(alpha);
    const c1 = f32x4.splat(<f32>1.0 - a), c2 = f32x4.splat(<f32>1.0 - b), veps = f32x4.splat(eps);
    const decay = f32x4.splat(wd * lr);
    const decoupled = opt == OPT_ADAMW && wd != 0;
    for (let i = 0; i < count; i += 4) {
      const gv = v128.load(at(g, i));
      let pv = v128.load(at(p, i));
      if (decoupled) pv = f32x4.sub(pv, f32x4.mul(pv, decay));
      let m = v128.load(at(s1, i));
      m = f32x4.add(m, f32x4.mul(f32x4.sub(gv, m), c1));
      let v = v128.load(at(s2, i));
      v = f32x4.add(v, f32x4.mul(f32x4.sub(f32x4.mul(gv, gv), v), c2));
      v128.store(at(s1, i), m);
      v128.store(at(s2, i), v);
      pv = f32x4.sub(pv, f32x4.div(f32x4.mul(m, valpha), f32x4.add(f32x4.sqrt(v), veps)));
      v128.store(at(p, i), pv);
    }
    return;
  }
  if (opt == OPT_RMSPROP) {
    const rho = f32x4.splat(a), c = f32x4.splat(<f32>1.0 - a), veps = f32x4.splat(eps);
    for (let i = 0; i < count; i += 4) {
      const gv = v128.load(at(g, i));
      const v = f32x4.add(f32x4.mul(rho, v128.load(at(s1, i))), f32x4.mul(c, f32x4.mul(gv, gv)));
      v128.store(at(s1, i), v);
      v128.store(at(p, i), f32x4.sub(v128.load(at(p, i)), f32x4.div(f32x4.mul(vlr, gv), f32x4.sqrt(f32x4.add(v, veps)))));
    }
    return;
  }
  if (opt == OPT_ADAGRAD) {
    const veps = f32x4.splat(eps);
    for (let i = 0; i < count; i += 4) {
      const gv = v128.load(at(g, i));
      const acc = f32x4.add(v128.load(at(s1, i)), f32x4.mul(gv, gv));
      v128.store(at(s1, i), acc);
      v128.store(at(p, i), f32x4.sub(v128.load(at(p, i)), f32x4.div(f32x4.mul(vlr, gv), f32x4.sqrt(f32x4.add(acc, veps)))));
    }
    return;
  }
  unreachable();
}
