import { describe, it } from 'vitest';
import { checkSpec } from '../support/grad-spec.js';
import { specs } from './specs/elementwise.js';

describe('gradient properties: elementwise', () => {
  for (const spec of specs) it(spec.op, () => checkSpec(spec));
});
