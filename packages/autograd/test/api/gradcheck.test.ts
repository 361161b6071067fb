import { describe, expect, it } from 'vitest';
import { type Tensor, randn, Generator, tensor, memory } from '@prior/tensor';
import * as A from '../../src/index.js';
import { GradcheckError, customVjp, gradcheck } from '../../src/index.js';

/** sin with a deliberately wrong gradient at flat element 1. */
const badSin = customVjp(
  (x: Tensor) => ({ output: A.sin(x), saved: [x] }),
  (g, [x]) => {
    const bump = tensor(Array.from({ length: x.size }, (_, i) => (i === 1 ? 2 : 1)), { shape: x.shape, dtype: x.dtype });
    return [A.mul(A.mul(g, A.cos(x)), bump)];
  },
);

describe('gradcheck', () => {
  it('passes correct rules in both modes', async () => {
    const x = tensor([[0.3, -1.2, 2], [0.5, 0.1, -0.7]], { dtype: 'float64' });
    const w = tensor([[1, 2], [-1, 0.5], [0.2, 0.3]], { dtype: 'float64' });
    const f = (a: Tensor, b: Tensor) => A.tanh(A.matmul(a, b));
    expect((await gradcheck(f, [x, w])).mode).toBe('jacobian');
    const r = await gradcheck(f, [x, w], { jacobianLimit: 0, directions: 3 });
    expect(r).toMatchObject({ ok: true, mode: 'directional' });
  });

  it('names the input, element, analytic and numeric values of a wrong rule', async () => {
    const x = tensor([[0.1, 0.2], [0.3, 0.4]], { dtype: 'float64' });
    const err = await gradcheck((t) => badSin(t), [x]).catch((e) => e);
    expect(err).toBeInstanceOf(GradcheckError);
    expect(err.message).toMatch(/input 0 \[2,2\] element \[0, 1\], output element 1: analytic 1\.9[0-9]*, numeric 0\.98/);
    expect(err.report.failures).toHaveLength(1);
  });

  it('locates the wrong element in directional mode', async () => {
    const x = randn([40], { dtype: 'float64', device: 'cpu', generator: new Generator(3) });
    const r = await gradcheck((t) => A.sum(badSin(t)), [x], { jacobianLimit: 0, raise: false });
    expect(r.ok).toBe(false);
    expect(r.mode).toBe('directional');
    expect(r.failures.join('\n')).toMatch(/input 0 element \[1\] of vᵀJ: analytic/);
  });

  it('treats integer inputs as constants and leaks nothing', async () => {
    const x = tensor([1, 2, 3], { dtype: 'float64' });
    const idx = tensor([2, 0], { dtype: 'int32' });
    const before = memory().tensors;
    await gradcheck((t, i) => A.gather(A.exp(t), 0, i), [x, idx]);
    expect(memory().tensors).toBe(before);
  });
});
