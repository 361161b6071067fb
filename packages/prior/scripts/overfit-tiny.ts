/**
 * The overfit check of the PRIOR issue (src/train/overfit.ts) from the command line, on
 * either backend: the tiny preset on 32 SynthCXR pairs must reach image→report top-1
 * retrieval of at least 90% on those same pairs. The test suite runs it on cpu
 * (test/train/overfit.test.ts); this script is how WebGPU is checked (minutes on lavapipe).
 *
 *   node scripts/run-ts.mjs scripts/overfit-tiny.ts [--backend cpu|webgpu] [--max-steps 150] [--every 25]
 */
import { init, resolveDevice, setBackend } from '@prior/tensor';
import { overfitCheck } from '../src/index.js';

const args = process.argv.slice(2);
const opt = (name: string, def: string) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : def);
const backendName = opt('backend', 'cpu') as 'auto' | 'cpu' | 'webgpu';
const name = backendName === 'auto' ? await init() : (await setBackend(backendName)).name;
const t0 = performance.now();
const r = await overfitCheck({
  dataDir: opt('data', '/tmp/prior-synthcxr-64px-overfit'),
  runDir: '/tmp/prior-overfit-run',
  device: resolveDevice(name),
  maxSteps: Number(opt('max-steps', '150')),
  checkEvery: Number(opt('every', '25')),
  onCheck: (c) => console.log(`step ${c.step}: loss ${c.loss.toFixed(3)}, top-1 ${(c.top1 * 100).toFixed(1)}%, top-5 ${(c.top5 * 100).toFixed(1)}% (chance ${(c.chanceTop1 * 100).toFixed(1)}%), ${((performance.now() - t0) / 60000).toFixed(1)} min`),
});
console.log(`${r.passed ? 'PASS' : 'FAIL'}: ${(r.top1 * 100).toFixed(1)}% top-1 on the 32 training pairs after ${r.step} steps on ${name}`);
process.exitCode = r.passed ? 0 : 1;
