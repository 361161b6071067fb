import { describe, it } from 'vitest';
import { checkSpec } from '../support/grad-spec.js';
import { specs } from './specs/reduce.js';

describe('gradient properties: reductions', () => {
  for (const spec of specs) it(spec.op, () => checkSpec(spec));
});
