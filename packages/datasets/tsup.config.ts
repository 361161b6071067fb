import { defineConfig } from 'tsup';

export default defineConfig({
  // The decode worker is its own file: DecodePool starts it as dist/decode-worker.js.
  entry: { index: 'src/index.ts', 'decode-worker': 'src/loader/decode-worker.ts' },
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  external: ['@prior/tensor'],
});
