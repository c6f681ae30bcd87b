// Weight initialisers, drawn from the model's seeded generator. Codes reach the host through src/core-abi.ts (scripts/gen-abi.mjs).
// Variance-scaling presets follow Keras: glorot = scale 1 over fan_avg, he = scale 2 over fan_in,
// lecun = scale 1 over fan_in; "normal" variants are truncated at 2 sigma and widened by 1/0.8796
// so the truncated distribution keeps the target variance.
import { rngUniform, rngNormal } from './random';

export const INIT_ZEROS = 0;
export const INIT_ONES = 1;
export const INIT_GLOROT_UNIFORM = 2;
export const INIT_GLOROT_NORMAL = 3;
export const INIT_HE_NORMAL = 4;
export const INIT_HE_UNIFORM = 5;
export const INIT_LECUN_NORMAL = 6;
export const INIT_RANDOM_NORMAL = 7;
export const INIT_RANDOM_UNIFORM = 8;
export const INIT_LECUN_UNIFORM = 9;
export const INIT_CONSTANT = 10;

const TRUNCATED_STDDEV_CORRECTION: f64 = 0.87962566103423978;

function truncatedNormal(rng: usize): f64 {
  let x: f64;
  do {
    x = rngNormal(rng);
  } while (x < -2.0 || x > 2.0);
  return x;
}

function fillUniform(ptr: usize, count: i32, lo: f64, hi: f64, rng: usize): void {
  for (let i = 0; i < count; i++) store<f32>(ptr + (<usize>i << 2), <f32>(lo + (hi - lo) * rngUniform(rng)));
}

function fillTruncated(ptr: usize, count: i32, stddev: f64, rng: usize): void {
  for (let i = 0; i < count; i++) store<f32>(ptr + (<usize>i << 2), <f32>(truncatedNormal(rng) * stddev));
}

/**
 * Fills `count` floats at `ptr`. fanIn/fanOut come from the kernel shape; p1/p2 carry
 * (mean, stddev) for randomNormal, (min, max) for randomUniform, (value) for constant.
 */
export function f32_init_fill__scalar(ptr: usize, count: i32, kind: i32, fanIn: f64, fanOut: f64, p1: f64, p2: f64, rng: usize): void {
  switch (kind) {
    case INIT_ZEROS: memory.fill(ptr, 0, <usize>count << 2); break;
    case INIT_ONES: for (let i = 0; i < count; i++) store<f32>(ptr + (<usize>i << 2), 1.0); break;
    case INIT_CONSTANT: for (let i = 0; i < count; i++) store<f32>(ptr + (<usize>i << 2), <f32>p1); break;
    case INIT_GLOROT_UNIFORM: { const l = Math.sqrt(6.0 / (fanIn + fanOut)); fillUniform(ptr, count, -l, l, rng); break; }
    case INIT_HE_UNIFORM: { const l = Math.sqrt(6.0 / fanIn); fillUniform(ptr, count, -l, l, rng); break; }
    case INIT_LECUN_UNIFORM: { const l = Math.sqrt(3.0 / fanIn); fillUniform(ptr, count, -l, l, rng); break; }
    case INIT_GLOROT_NORMAL: fillTruncated(ptr, count, Math.sqrt(2.0 / (fanIn + fanOut)) / TRUNCATED_STDDEV_CORRECTION, rng); break;
    case INIT_HE_NORMAL: fillTruncated(ptr, count, Math.sqrt(2.0 / fanIn) / TRUNCATED_STDDEV_CORRECTION, rng); break;
    case INIT_LECUN_NORMAL: fillTruncated(ptr, count, Math.sqrt(1.0 / fanIn) / TRUNCATED_STDDEV_CORRECTION, rng); break;
    case INIT_RANDOM_NORMAL: for (let i = 0; i < count; i++) store<f32>(ptr + (<usize>i << 2), <f32>(p1 + p2 * rngNormal(rng))); break;
    case INIT_RANDOM_UNIFORM: fillUniform(ptr, count, p1, p2, rng); break;
    default: unreachable();
  }
}
