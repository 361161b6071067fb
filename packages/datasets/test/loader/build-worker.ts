// Tests run from source, where no built decode-worker.js exists: bundle it with esbuild
// (dependencies stay external and resolve from this package's node_modules).
import { build } from 'esbuild';

export async function buildDecodeWorker(): Promise<URL> {
  const out = new URL('../../node_modules/.cache/datasets-test/decode-worker.mjs', import.meta.url);
  await build({
    entryPoints: [new URL('../../src/loader/decode-worker.ts', import.meta.url).pathname],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile: out.pathname,
    logLevel: 'silent',
  });
  return out;
}
