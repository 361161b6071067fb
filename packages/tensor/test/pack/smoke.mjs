// Run inside a scratch project that installed the packed tarball: uses only the public
// entry point, as a user would, and prints one RESULT line for pack.test.ts to check.
import { add, backendInfo, setBackend, shutdown, tensor } from '@prior/tensor';

const result = { cpu: null, method: null, webgpu: null, adapter: null, reason: null };

await setBackend('cpu');
const t = tensor([1, 2, 3]);
result.cpu = Array.from(await add(t, t).data());
// Method forms are attached to Tensor's prototype by a side-effect import the bundle must keep.
if (typeof t.add === 'function') result.method = Array.from(await t.add(t).data());

try {
  await setBackend('webgpu');
  const g = tensor([1, 2, 3]);
  result.webgpu = Array.from(await add(g, g).data());
  result.adapter = backendInfo().name;
} catch (e) {
  result.reason = e instanceof Error ? e.message : String(e);
}

await shutdown();
console.log(`RESULT ${JSON.stringify(result)}`);
