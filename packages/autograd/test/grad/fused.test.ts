import { describe, it } from 'vitest';
import { checkSpec } from '../support/grad-spec.js';
import { specs } from './specs/fused.js';

describe('gradient properties: fused', () => {
  for (const spec of specs) it(spec.op, () => checkSpec(spec));
});
