/**
 * tfjs-core's Node entry point (the CJS bundle that tfjs-backend-webgpu also loads) leaves
 * out the gradient functions: the union package `@tensorflow/tfjs` registers them from
 * `dist/register_all_gradients.js`, an ESM file whose extensionless imports Node cannot
 * resolve. We bundle that file with esbuild (tsx's own copy) and import the bundle once.
 * Its second copy of tfjs-core's internals shares the engine and the kernel and gradient
 * registries with the first (tfjs keeps them on the global object), so the gradients it
 * registers serve the engine the benchmark runs on.
 */
import { createRequire } from 'node:module';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The part of esbuild's API used here (bench does not depend on esbuild's types). */
interface EsBuild {
  build(o: Record<string, unknown>): Promise<{ outputFiles: { text: string }[] }>;
}

let registered: Promise<void> | undefined;

export function registerTfjsGradients(): Promise<void> {
  registered ??= (async () => {
    const req = createRequire(import.meta.url);
    const entry = req.resolve('@tensorflow/tfjs-core/dist/register_all_gradients.js');
    const esbuild = createRequire(req.resolve('tsx/package.json'))('esbuild') as EsBuild;
    const out = await esbuild.build({ entryPoints: [entry], bundle: true, format: 'esm', platform: 'node', write: false, logLevel: 'silent' });
    const file = join(mkdtempSync(join(tmpdir(), 'prior-bench-tfjs-')), 'register_all_gradients.mjs');
    writeFileSync(file, out.outputFiles[0].text);
    await import(pathToFileURL(file).href);
  })();
  return registered;
}
