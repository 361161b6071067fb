import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  // Dawn is loaded lazily and only in Node; browsers use navigator.gpu.
  external: ['webgpu'],
});
