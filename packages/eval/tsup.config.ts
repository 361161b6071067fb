import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  // One Tensor class and one tape at runtime: the workspace packages stay external.
  external: ['@prior/tensor', '@prior/autograd', '@prior/nn', '@prior/datasets', '@prior/prior'],
});
