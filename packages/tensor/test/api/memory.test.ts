import { describe, expect, it } from 'vitest';
import * as T from '../../src/index.js';
import { targets } from '../support/compare.js';

describe('memory', () => {
  for (const { name, backend } of targets) {
    it(`${name}: a loop of 100 ops inside scope leaves memory() where it started`, async () => {
      const x = T.rand([16, 16], { device: backend });
      await backend.sync();
      const before = T.memory();
      for (let i = 0; i < 100; i++) {
        T.scope(() => {
          const y = T.matmul(x, x).relu().add(1).softmax(-1).sum(0).reshape([4, 4]).transpose();
          return T.concat([y, y]).mean();
        }).dispose();
      }
      const kept = await T.scope(async () => {
        const y = T.exp(x);
        const z = T.keep(T.sum(y));
        await z.data();
        return { z, s: T.sqrt(z) };
      });
      kept.z.dispose();
      kept.s.dispose();
      await backend.sync();
      const after = T.memory();
      expect(after.tensors).toBe(before.tensors);
      expect(after.backends[backend.name].bytes).toBe(before.backends[backend.name].bytes);
      x.dispose();
    });
  }

  it('scope spares returned tensors (also in arrays/objects) and frees them on error too', () => {
    const start = T.memory().tensors;
    const [a, { b }] = T.scope(() => [T.ones([2]), { b: T.zeros([3]) }, T.ones([4]).add(1)] as const);
    expect(a.isDisposed).toBe(false);
    expect(b.isDisposed).toBe(false);
    expect(T.memory().tensors).toBe(start + 3);
    expect(() => T.scope(() => {
      T.ones([5]);
      throw new Error('boom');
    })).toThrow('boom');
    expect(T.memory().tensors).toBe(start + 3);
  });

  it('a disposed tensor cannot be used', async () => {
    const t = T.ones([2]);
    t.dispose();
    t.dispose();
    expect(() => T.add(t, 1)).toThrow(/disposed/);
    await expect(t.data()).rejects.toThrow(/disposed/);
  });

  it('debug mode reports tensors garbage-collected without dispose', async () => {
    const gc = (globalThis as { gc?: () => void }).gc;
    if (!gc) throw new Error('run with --expose-gc (vitest.config.ts sets it for the node project)');
    const leaks: string[] = [];
    T.setDebug({ leaks: true, onLeak: (d) => leaks.push(d) });
    (() => T.ones([3]))();
    for (let i = 0; i < 10 && leaks.length === 0; i++) {
      gc();
      await new Promise((r) => setTimeout(r, 10));
    }
    T.setDebug({ leaks: false });
    expect(leaks[0]).toMatch(/float32\[3\]/);
  });
});
