import { describe, expect, it } from 'vitest';
import { type Tensor, memory, scope, tensor } from '@prior/tensor';
import * as A from '../../src/index.js';
import { AutogradError, customVjp, noGrad } from '../../src/index.js';

const leaf = (v: number[] | number[][], dtype: 'float32' | 'float64' = 'float64') => {
  const t = tensor(v, { dtype });
  t.requiresGrad = true;
  return t;
};
const values = async (t: Tensor | null) => Array.from(await t!.data());

describe('tape', () => {
  it('accumulates through a shared subgraph, visiting it once', async () => {
    const x = leaf([1, 2, 3]);
    let calls = 0;
    const square = customVjp(
      (t: Tensor) => ({ output: A.mul(t, t), saved: [t] }),
      (g, [t]) => {
        calls++;
        return [A.mul(g, A.mul(t, 2))];
      },
    );
    const y = square(x);
    const z = A.sum(A.add(A.mul(y, 3), y)); // y used twice: dz/dx = 4·2x
    z.backward();
    expect(await values(x.grad)).toEqual([8, 16, 24]);
    expect(calls).toBe(1);
  });

  it('accumulates into .grad across backward calls until zeroGrad', async () => {
    const x = leaf([1, 2]);
    A.sum(A.mul(x, 3)).backward();
    A.sum(A.mul(x, 3)).backward();
    expect(await values(x.grad)).toEqual([6, 6]);
    x.zeroGrad();
    expect(x.grad).toBeNull();
  });

  it('frees saved tensors after backward and refuses a second pass unless retained', async () => {
    const x = leaf([1, 2]);
    const y = A.sum(A.exp(x));
    y.backward(null, { retainGraph: true });
    y.backward();
    const e = [Math.exp(1), Math.exp(2)].map((v) => 2 * v);
    (await values(x.grad)).forEach((v, i) => expect(v).toBeCloseTo(e[i], 12));
    expect(() => y.backward()).toThrow(/second time.*retainGraph/);
  });

  it('takes an explicit output gradient for non-scalar outputs', async () => {
    const x = leaf([1, 2]);
    const y = A.mul(x, x);
    expect(() => y.backward()).toThrow(AutogradError);
    y.backward(tensor([1, 10], { dtype: 'float64' }));
    expect(await values(x.grad)).toEqual([2, 40]);
  });

  it('records nothing under noGrad and after detach', () => {
    const x = leaf([1, 2]);
    const y = noGrad(() => A.mul(x, 2));
    expect(y.requiresGrad).toBe(false);
    const d = x.detach();
    expect(d.requiresGrad).toBe(false);
    expect(A.mul(d, 2).requiresGrad).toBe(false);
    expect(A.mul(x, 2).requiresGrad).toBe(true);
    expect(() => A.sum(y).backward()).toThrow(/does not require grad/);
  });

  it('rejects requiresGrad on integer tensors and on computed tensors', () => {
    const i = tensor([1, 2], { dtype: 'int32' });
    expect(() => (i.requiresGrad = true)).toThrow(/floating-point/);
    const y = A.mul(leaf([1]), 2);
    expect(() => (y.requiresGrad = false)).toThrow(/leaf/);
    expect(y.isLeaf).toBe(false);
  });

  it('does not record integer or bool outputs', () => {
    const x = leaf([1.5, -2]);
    expect(A.cast(x, 'int32').requiresGrad).toBe(false);
    expect(A.gt(x, 0).requiresGrad).toBe(false);
  });

  it('method forms record like the functions', async () => {
    const x = leaf([[1, 2], [3, 4]]);
    const w = leaf([[0.5], [-1]]);
    x.matmul(w).square().sum().backward();
    // d/dw Σ (xw)² = 2 xᵀ (xw); xw = [-1.5, -2.5]
    expect(await values(w.grad)).toEqual([2 * (1 * -1.5 + 3 * -2.5), 2 * (2 * -1.5 + 4 * -2.5)]);
  });

  it('sends gradients through views back to the base', async () => {
    const x = leaf([[1, 2, 3], [4, 5, 6]]);
    const v = A.slice(A.transpose(x), [[1, 3]]); // rows 1..2 of xᵀ = columns 1..2 of x
    A.sum(A.mul(A.reshape(v, [-1]), tensor([1, 2, 3, 4], { dtype: 'float64' }))).backward();
    expect(await values(x.grad)).toEqual([0, 1, 3, 0, 2, 4]);
  });

  it('fails clearly when a saved tensor was disposed by an ended scope', () => {
    const x = leaf([1, 2]);
    const y = scope(() => A.sum(A.exp(x)));
    expect(() => y.backward()).toThrow(/scope/);
  });

  it('sums broadcast gradients back to each input shape', async () => {
    const a = leaf([[1], [2]]); // [2, 1]
    const b = leaf([1, 2, 3]); // [3]
    A.sum(A.mul(a, b)).backward();
    expect(await values(a.grad)).toEqual([6, 6]);
    expect(await values(b.grad)).toEqual([3, 3, 3]);
  });

  it('leaves no tensors behind after backward inside a scope (grads excepted)', () => {
    const x = leaf([1, 2, 3]);
    const before = memory().tensors;
    scope(() => A.sum(A.tanh(A.mul(A.exp(x), x))).backward());
    expect(memory().tensors).toBe(before + 1); // x.grad
    x.zeroGrad();
    expect(memory().tensors).toBe(before);
  });

  it('keeps .grad in float32 for float32 leaves fed into float64 ops', async () => {
    const x = leaf([1, 2], 'float32');
    A.sum(A.mul(A.cast(x, 'float64'), 2)).backward();
    expect(x.grad!.dtype).toBe('float32');
    expect(await values(x.grad)).toEqual([2, 2]);
  });
});

describe('conventions at kinks', () => {
  it('maximum and minimum share ties equally; max reduction too', async () => {
    const a = leaf([1, 2]);
    const b = leaf([1, 3]);
    A.sum(A.maximum(a, b)).backward();
    expect(await values(a.grad)).toEqual([0.5, 0]);
    expect(await values(b.grad)).toEqual([0.5, 1]);
    const x = leaf([2, 2, 1]);
    A.max(x).backward();
    expect(await values(x.grad)).toEqual([0.5, 0.5, 0]);
  });

  it('prod is exact with zeros', async () => {
    const x = leaf([[2, 0, 3], [0, 0, 5], [1, 2, 3]]);
    A.sum(A.prod(x, 1)).backward();
    expect(await values(x.grad)).toEqual([0, 6, 0, 0, 0, 0, 6, 3, 2]);
  });

  it('clamp passes the gradient at the bounds, relu and abs give 0 at 0', async () => {
    const x = leaf([-1, 0, 1, 2]);
    A.sum(A.clamp(x, -1, 1)).backward();
    expect(await values(x.grad)).toEqual([1, 1, 1, 0]);
    const y = leaf([0, 1]);
    A.sum(A.add(A.relu(y), A.abs(y))).backward();
    expect(await values(y.grad)).toEqual([0, 2]);
  });
});

describe('functional', () => {
  it('grad and valueAndGrad differentiate chosen arguments only', async () => {
    const w = leaf([1, 1]); // closed over: must not receive a .grad
    const f = (x: Tensor, y: Tensor) => A.sum(A.mul(A.mul(x, y), w));
    const x = tensor([1, 2], { dtype: 'float64' });
    const y = tensor([3, 4], { dtype: 'float64' });
    expect(await values(A.grad(f)(x, y))).toEqual([3, 4]);
    const [gx, gy] = A.grad(f, { argnums: [0, 1] })(x, y);
    expect(await values(gx)).toEqual([3, 4]);
    expect(await values(gy)).toEqual([1, 2]);
    const { value, grad } = A.valueAndGrad(f, { argnums: 1 })(x, y);
    expect(await value.item()).toBe(11);
    expect(await values(grad)).toEqual([1, 2]);
    expect(w.grad).toBeNull();
    expect(x.requiresGrad).toBe(false);
  });

  it('gives zeros for arguments fn ignores and rejects non-scalar results', async () => {
    const x = tensor([1, 2], { dtype: 'float64' });
    const y = tensor([3], { dtype: 'float64' });
    expect(await values(A.grad((a: Tensor, b: Tensor) => A.sum(b), { argnums: 0 })(x, y))).toEqual([0, 0]);
    expect(() => A.grad((a: Tensor) => A.mul(a, 2))(x)).toThrow(/one-element/);
  });

  it('leaks nothing', () => {
    const x = tensor([1, 2], { dtype: 'float64' });
    const before = memory().tensors;
    const g = A.grad((a: Tensor) => A.sum(A.exp(A.sin(a))))(x);
    expect(memory().tensors).toBe(before + 1);
    g.dispose();
    scope(() => {
      A.valueAndGrad((a: Tensor) => A.sum(A.exp(A.sin(a))))(x);
    });
    expect(memory().tensors).toBe(before);
  });
});
