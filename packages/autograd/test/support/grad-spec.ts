/**
 * A gradient property: random cases (inputs + the function of them to check), each
 * run through gradcheck in float64 on the CPU backend. Spec tables are plain data so
 * the registry test can list which ops they cover.
 */
import fc from 'fast-check';
import { type Tensor, tensor } from '@prior/tensor';
import { type GradcheckOptions, gradcheck } from '../../src/index.js';
import type { InputSpec } from './arbitraries.js';

export interface GradCase {
  inputs: InputSpec[];
  fn: (...xs: Tensor[]) => Tensor;
  /** Shown on failure. */
  label?: string;
  opts?: GradcheckOptions;
}

export interface GradSpec {
  /** The exported op this property covers. */
  op: string;
  arb: fc.Arbitrary<GradCase>;
  runs?: number;
}

export function build(s: InputSpec): Tensor {
  return tensor(s.values, { shape: s.shape, dtype: s.dtype ?? 'float64', device: 'cpu' });
}

export async function checkSpec(spec: GradSpec, seed?: number): Promise<void> {
  await fc.assert(
    fc.asyncProperty(spec.arb, async (c) => {
      const xs = c.inputs.map(build);
      try {
        await gradcheck(c.fn, xs, c.opts);
      } catch (e) {
        throw new Error(`${spec.op}${c.label ? ` (${c.label})` : ''} with input shapes ${JSON.stringify(c.inputs.map((i) => i.shape))}: ${(e as Error).message}`);
      } finally {
        for (const x of xs) x.dispose();
      }
    }),
    // PRIOR_GRAD_RUNS overrides the run count (e.g. for a longer soak).
    { numRuns: Number(process.env.PRIOR_GRAD_RUNS) || (spec.runs ?? 12), seed, endOnFailure: true },
  );
}
