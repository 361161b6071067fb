// Prints the WebGPU adapter Dawn (the `webgpu` package) finds in Node, and exits 1 when
// there is none. .ci/run calls it before the tests so the log names the adapter.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

// `webgpu` is a dependency of @prior/tensor, so resolve it from there.
const require = createRequire(new URL('../packages/tensor/package.json', import.meta.url));
const { create } = await import(pathToFileURL(require.resolve('webgpu')).href);

const adapter = await create([]).requestAdapter();
if (!adapter) {
  console.error('WebGPU adapter: none (is mesa-vulkan-drivers >= 25 installed and XDG_RUNTIME_DIR set?)');
  process.exit(1);
}
const i = adapter.info;
console.log(`WebGPU adapter: ${i.description || '(no description)'} [vendor ${i.vendor || '?'}, architecture ${i.architecture || '?'}, device ${i.device || '?'}]`);
