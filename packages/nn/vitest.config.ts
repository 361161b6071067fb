import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const ci = process.env.CI === 'true';
const src = (pkg: string) => fileURLToPath(new URL(`../${pkg}/src/index.ts`, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against the sources of the packages below: no build needed first.
    alias: { '@prior/tensor': src('tensor'), '@prior/autograd': src('autograd') },
  },
  test: {
    name: 'node',
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    provide: { ci },
    // One Dawn device per worker process; keep workers few on a 2-core machine.
    pool: 'forks',
    maxWorkers: 2,
  },
});
