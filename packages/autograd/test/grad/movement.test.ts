import { describe, it } from 'vitest';
import { checkSpec } from '../support/grad-spec.js';
import { specs } from './specs/movement.js';

describe('gradient properties: movement', () => {
  for (const spec of specs) it(spec.op, () => checkSpec(spec));
});
