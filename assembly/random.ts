// The core's one seeded generator (xoshiro128**), used for weight initialisation, epoch
// shuffling and dropout masks. Its 4 x u32 state lives in linear memory at a host-chosen
// address, so each model carries its own stream and results never depend on call order
// between models. Integer arithmetic only: every engine yields the same sequence.

@inline function rotl(x: u32, k: u32): u32 {
  return (x << k) | (x >>> (32 - k));
}

/** Seeds the 16-byte state at `state` from a 32-bit seed through splitmix32. */
export function rng_seed(state: usize, seed: u32): void {
  let z: u32 = seed;
  for (let i = 0; i < 4; i++) {
    z += 0x9e3779b9;
    let t = z;
    t = (t ^ (t >>> 16)) * 0x85ebca6b;
    t = (t ^ (t >>> 13)) * 0xc2b2ae35;
    t ^= t >>> 16;
    store<u32>(state + (<usize>i << 2), t == 0 && i == 0 ? 1 : t);
  }
}

/** Next 32-bit output. */
export function rng_next_u32(state: usize): u32 {
  let s0 = load<u32>(state), s1 = load<u32>(state, 4), s2 = load<u32>(state, 8), s3 = load<u32>(state, 12);
  const result = rotl(s1 * 5, 7) * 9;
  const t = s1 << 9;
  s2 ^= s0;
  s3 ^= s1;
  s1 ^= s2;
  s0 ^= s3;
  s2 ^= t;
  s3 = rotl(s3, 11);
  store<u32>(state, s0);
  store<u32>(state, s1, 4);
  store<u32>(state, s2, 8);
  store<u32>(state, s3, 12);
  return result;
}

/** Uniform f64 in [0, 1) with 53 random bits. */
export function rngUniform(state: usize): f64 {
  const hi = <u64>(rng_next_u32(state) >>> 5);
  const lo = <u64>(rng_next_u32(state) >>> 6);
  return <f64>((hi << 26) | lo) * 1.1102230246251565e-16; // 2^-53
}

/** Uniform f32 in [0, 1) with 24 random bits (dropout masks). */
@inline export function rngUniformF32(state: usize): f32 {
  return <f32>(rng_next_u32(state) >>> 8) * (1.0 / 16777216.0);
}

/**
 * Dropout's forward pass over `count` values: mask[i] = 0 where the i-th draw's uniform f32
 * (its top 24 bits times 2^-24, rngUniformF32) is below `rate`, else 1 / (1 - rate);
 * out[i] = input[i] * mask[i]. The same draws and bits as the plain loop, about 3x faster:
 * - the mask is chosen with integers, (u >>> 8) * 2^-24 < rate exactly when
 *   u < ceil(rate * 2^24) << 8, and an AND: V8 compiles an f32 `select` to a branch, which
 *   mispredicted at the dropout rate (a 64-64 fit with rate 0.5 took 1.9x as long as with 1e-7);
 * - four draws fill one vector, so the stores and the multiply run four values at a time.
 */
export function dropoutForward(state: usize, input: usize, mask: usize, out: usize, count: i32, rate: f32): void {
  const keepBits = reinterpret<u32>(<f32>1.0 / (<f32>1.0 - rate));
  // rate < 1, so the threshold is at most 2^24 - 1 and fits u32 after the shift.
  const threshold = <u32>Math.ceil(<f64>rate * 16777216.0) << 8;
  let s0 = load<u32>(state), s1 = load<u32>(state, 4), s2 = load<u32>(state, 8), s3 = load<u32>(state, 12);
  let i = 0;
  for (; i + 4 <= count; i += 4) {
    // Four draws written out: replace_lane takes its lane as a constant.
    let m = i32x4.splat(0);
    let u: u32, t: u32;
    u = rotl(s1 * 5, 7) * 9; t = s1 << 9;
    s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl(s3, 11);
    m = i32x4.replace_lane(m, 0, keepBits & (<u32>0 - <u32>(u >= threshold)));
    u = rotl(s1 * 5, 7) * 9; t = s1 << 9;
    s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl(s3, 11);
    m = i32x4.replace_lane(m, 1, keepBits & (<u32>0 - <u32>(u >= threshold)));
    u = rotl(s1 * 5, 7) * 9; t = s1 << 9;
    s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl(s3, 11);
    m = i32x4.replace_lane(m, 2, keepBits & (<u32>0 - <u32>(u >= threshold)));
    u = rotl(s1 * 5, 7) * 9; t = s1 << 9;
    s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl(s3, 11);
    m = i32x4.replace_lane(m, 3, keepBits & (<u32>0 - <u32>(u >= threshold)));
    const o = <usize>i << 2;
    v128.store(mask + o, m);
    v128.store(out + o, f32x4.mul(v128.load(input + o), m));
  }
  for (; i < count; i++) {
    const u = rotl(s1 * 5, 7) * 9;
    const t = s1 << 9;
    s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl(s3, 11);
    const m = reinterpret<f32>(keepBits & (<u32>0 - <u32>(u >= threshold)));
    const o = <usize>i << 2;
    store<f32>(mask + o, m);
    store<f32>(out + o, load<f32>(input + o) * m);
  }
  store<u32>(state, s0);
  store<u32>(state, s1, 4);
  store<u32>(state, s2, 8);
  store<u32>(state, s3, 12);
}

/** Uniform integer in [0, n) by multiply-shift (fixed, engine-independent mapping). */
@inline export function rngBelow(state: usize, n: u32): u32 {
  return <u32>((<u64>rng_next_u32(state) * <u64>n) >>> 32);
}

/** Standard normal by Box-Muller (the core's own log/cos: same bits on every engine). */
export function rngNormal(state: usize): f64 {
  const u1 = 1.0 - rngUniform(state); // (0, 1]
  const u2 = rngUniform(state);
  return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(6.283185307179586 * u2);
}
