import * as T from '@prior/tensor';
import type { Tensor } from '@prior/tensor';
import { customVjp } from '../record.js';

/** GELU, exact erf form: d/dx = Φ(x) + x·φ(x). */
export const gelu = customVjp(
  (x: Tensor) => ({ output: T.gelu(x), saved: [x] }),
  (g, [x]) => {
    const cdf = T.mul(T.add(T.erf(T.mul(x, Math.SQRT1_2)), 1), 0.5);
    const pdf = T.mul(T.exp(T.mul(T.square(x), -0.5)), 1 / Math.sqrt(2 * Math.PI));
    return [T.mul(g, T.add(cdf, T.mul(x, pdf)))];
  },
  'gelu',
);
