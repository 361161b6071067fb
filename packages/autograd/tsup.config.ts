import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  // The tensor package is a peer at runtime: one Tensor class, one memory tracker.
  external: ['@prior/tensor'],
});
