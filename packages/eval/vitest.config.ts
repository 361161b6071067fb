import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (pkg: string) => fileURLToPath(new URL(`../${pkg}/src/index.ts`, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against the workspace packages' sources: no build needed first.
    alias: {
      '@prior/tensor': src('tensor'),
      '@prior/autograd': src('autograd'),
      '@prior/nn': src('nn'),
      '@prior/datasets': src('datasets'),
      '@prior/prior': src('prior'),
    },
  },
  test: {
    name: 'node',
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
