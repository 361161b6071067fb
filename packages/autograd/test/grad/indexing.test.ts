import { describe, it } from 'vitest';
import { checkSpec } from '../support/grad-spec.js';
import { specs } from './specs/indexing.js';

describe('gradient properties: indexing', () => {
  for (const spec of specs) it(spec.op, () => checkSpec(spec));
});
