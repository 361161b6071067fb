import { describe, it } from 'vitest';
import { checkSpec } from '../support/grad-spec.js';
import { specs } from './specs/linalg-conv.js';

describe('gradient properties: matmul, convolution, pooling, upsampling', () => {
  for (const spec of specs) it(spec.op, () => checkSpec(spec));
});
