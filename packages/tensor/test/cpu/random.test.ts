import { describe, expect, it } from 'vitest';
import { mulhi32, philox4x32 } from '../../src/backends/cpu/philox.js';
import type { RandomParams } from '../../src/backend.js';
import { cpu, values } from './helpers.js';

// Random123 kat_vectors, "philox4x32 10" lines: counter (4 words), key (2 words) → output.
const KAT: [number[], number[], number[]][] = [
  [[0, 0, 0, 0], [0, 0], [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]],
  [[0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff], [0xffffffff, 0xffffffff], [0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd]],
  [[0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344], [0xa4093822, 0x299f31d0], [0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1]],
];

const rand = (size: number, p: RandomParams, dtype: 'float32' | 'float64' | 'int32') => values(cpu.random(size, p, dtype));

describe('Philox4x32-10', () => {
  it('reproduces the Random123 known answers', () => {
    for (const [ctr, key, want] of KAT) expect(Array.from(philox4x32(ctr, key))).toEqual(want);
  });

  it('mulhi32 equals the high word of the exact 64-bit product', () => {
    const xs = [0, 1, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xd2511f53, 0xcd9e8d57, 0xffffffff, 0x12345678];
    for (const a of xs)
      for (const b of xs) expect(mulhi32(a, b)).toBe(Number((BigInt(a) * BigInt(b)) >> 32n));
  });

  it('bits: element i is word i%4 of block counter + floor(i/4), carrying into the high counter word', () => {
    const p: RandomParams = { kind: 'bits', key: [7, 9], counter: [0xfffffffe, 3] };
    const r = rand(10, p, 'int32');
    const blocks = [
      philox4x32([0xfffffffe, 3, 0, 0], [7, 9]),
      philox4x32([0xffffffff, 3, 0, 0], [7, 9]),
      philox4x32([0, 4, 0, 0], [7, 9]),
    ];
    expect(r).toEqual(Array.from({ length: 10 }, (_, i) => blocks[Math.floor(i / 4)][i % 4] | 0));
  });

  it('uniform is (word >>> 8)·2^-24, exact in float32', () => {
    const p: RandomParams = { kind: 'uniform', key: [0, 0], counter: [0, 0] };
    const want = KAT[0][2].map((w) => (w >>> 8) * 2 ** -24);
    expect(rand(4, p, 'float32')).toEqual(want);
    expect(rand(3, p, 'float64')).toEqual(want.slice(0, 3));
  });

  it('normal uses Box–Muller on word pairs (0,1) and (2,3)', () => {
    const p: RandomParams = { kind: 'normal', key: [0, 0], counter: [0, 0] };
    const w = KAT[0][2];
    const bm = (a: number, b: number) => {
      const r = Math.sqrt(-2 * Math.log(((a >>> 8) + 1) * 2 ** -24));
      const t = 2 * Math.PI * (b >>> 8) * 2 ** -24;
      return [r * Math.cos(t), r * Math.sin(t)];
    };
    expect(rand(4, p, 'float64')).toEqual([...bm(w[0], w[1]), ...bm(w[2], w[3])]);
  });

  it('moments of uniform and normal streams', () => {
    const n = 200_000;
    const u = rand(n, { kind: 'uniform', key: [123, 456], counter: [0, 0] }, 'float64');
    const z = rand(n, { kind: 'normal', key: [123, 456], counter: [1000, 0] }, 'float64');
    const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
    const moment = (a: number[], k: number, m: number) => a.reduce((s, v) => s + (v - m) ** k, 0) / a.length;
    const mu = mean(u);
    expect(u.every((v) => v >= 0 && v < 1)).toBe(true);
    // Tolerances are ~5 standard errors.
    expect(Math.abs(mu - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(moment(u, 2, mu) - 1 / 12)).toBeLessThan(5 * Math.sqrt(1 / 180 / n));
    const mz = mean(z);
    expect(Math.abs(mz)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(moment(z, 2, mz) - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
    expect(Math.abs(moment(z, 3, mz))).toBeLessThan(5 * Math.sqrt(15 / n));
    expect(Math.abs(moment(z, 4, mz) - 3)).toBeLessThan(5 * Math.sqrt(96 / n));
    // Both lanes of a pair are N(0, 1): check the sin half on its own.
    const odd = z.filter((_, i) => i % 2 === 1);
    expect(Math.abs(moment(odd, 2, 0) - 1)).toBeLessThan(5 * Math.sqrt(2 / odd.length));
  });
});
