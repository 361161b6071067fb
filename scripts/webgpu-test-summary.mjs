// Totals the per-package WebGPU test counts that test/support/webgpu-reporter.ts wrote
// into the directory given as argv[2], prints them, and with --require-node and/or
// --require-browser exits 1 when no WebGPU test ran in that kind of project.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const [dir, ...flags] = process.argv.slice(2);
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
let node = 0;
let browser = 0;
let failed = 0;
console.log('WebGPU tests that ran:');
for (const f of files) {
  const { root, total, webgpu } = JSON.parse(readFileSync(join(dir, f), 'utf8'));
  for (const c of webgpu) {
    const ran = c.passed + c.failed;
    if (c.project.startsWith('browser')) browser += ran;
    else node += ran;
    failed += c.failed;
    console.log(`  ${root} [${c.project}] ${ran} on "${c.adapter}" (${c.failed} failed)`);
  }
  if (webgpu.length === 0) console.log(`  ${root}: none of its ${total} tests used WebGPU`);
}
console.log(`  total: ${node + browser} (${node} in Node, ${browser} in the browser), ${failed} failed`);
const missing = [];
if (flags.includes('--require-node') && node === 0) missing.push('Node');
if (flags.includes('--require-browser') && browser === 0) missing.push('browser');
if (missing.length) {
  console.error(`error: no WebGPU test ran in ${missing.join(' or ')}`);
  process.exit(1);
}
