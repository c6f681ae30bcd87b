import { describe, expect, it } from 'vitest';
import { LinearMemory } from '../../src/runtime/memory.js';

describe('LinearMemory', () => {
  const fresh = () => new LinearMemory(new WebAssembly.Memory({ initial: 1 }), 100);

  it('aligns to 16 bytes, never overlaps, and grows memory on demand', () => {
    const mem = fresh();
    const a = mem.alloc(10), b = mem.alloc(100), c = mem.alloc(70000);
    for (const p of [a, b, c]) expect(p % 16).toBe(0);
    expect(a).toBeGreaterThanOrEqual(100);
    expect(b).toBeGreaterThanOrEqual(a + 16);
    expect(c).toBeGreaterThanOrEqual(b + 112);
    expect(mem.byteLength).toBeGreaterThanOrEqual(c + 70000);
  });

  it('hands out zeroed memory, also when reusing freed space at the top or in the middle', () => {
    const mem = fresh();
    const a = mem.alloc(64), b = mem.alloc(64), c = mem.alloc(64);
    for (const p of [a, b, c]) mem.f32(p, 16).fill(7);
    mem.free(c); // back into the bump region
    mem.free(a); // into the free list
    const a2 = mem.alloc(64), c2 = mem.alloc(64); // first fit takes the free list, then the bump region
    expect(a2).toBe(a);
    expect(c2).toBe(c);
    expect(Array.from(mem.f32(a2, 16)).every((v) => v === 0)).toBe(true);
    expect(Array.from(mem.f32(c2, 16)).every((v) => v === 0)).toBe(true);
    expect(Array.from(mem.f32(b, 16)).every((v) => v === 7)).toBe(true);
  });

  it('copyIn writes the values, flushes subnormals and clears the alignment tail of a reused region', () => {
    const mem = fresh();
    const a = mem.alloc(64), guard = mem.alloc(16);
    mem.f32(a, 16).fill(7);
    mem.free(a);
    const p = mem.copyIn([1.5, -2, 1e-40, -1e-40, -0], 'values'); // 20 bytes in a 32-byte region
    expect(p).toBe(a);
    const got = mem.f32(p, 8);
    expect(Array.from(got.subarray(0, 4))).toEqual([1.5, -2, 0, 0]);
    expect(Object.is(got[4], -0)).toBe(true); // a zero keeps its sign: only subnormals change
    expect(Array.from(got.subarray(5, 8))).toEqual([0, 0, 0]); // the tail the kernels may read
    expect(Array.from(mem.f32(p + 32, 8))).toEqual([7, 7, 7, 7, 7, 7, 7, 7]); // the rest of the freed block is not touched
    mem.free(guard);
  });

  it('coalesces neighbours so a freed run can be reused whole', () => {
    const mem = fresh();
    const ptrs = [0, 1, 2, 3].map(() => mem.alloc(32));
    const guard = mem.alloc(32);
    mem.free(ptrs[1]); mem.free(ptrs[0]); mem.free(ptrs[2]); mem.free(ptrs[3]);
    expect(mem.alloc(128)).toBe(ptrs[0]);
    expect(mem.bytesInUse).toBe(128 + 32);
    mem.free(guard);
  });

  it('refuses sizes beyond 4 GiB with a clear error', () => {
    expect(() => fresh().alloc(5 * 1024 ** 3, 'weights')).toThrow(/Cannot reserve .* for weights/);
  });
});
