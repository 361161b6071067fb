/**
 * SynthCXR throughput: 2,000 studies at 128 px generated in memory (render + report +
 * masks), then a MIMIC-CXR-like tree of about 2,000 studies written to a temp dir
 * (JPEGs, reports, csv.gz). The budget is under a minute.
 *
 *   node scripts/run-ts.mjs scripts/bench-synth.ts [--quick] [--studies N] [--size 128]
 *
 * --quick (what `pnpm bench --quick` passes every package) makes N default to 200.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeDirectory } from '../src/layouts/file-store.js';
import { generateStudy } from '../src/synth/study.js';
import { writeMimicCxr } from '../src/synth/writers/mimic.js';

const args = process.argv.slice(2);
function opt(name: string, def: number): number {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return def;
  const v = Number(args[i + 1]);
  if (!Number.isInteger(v) || v <= 0) throw new Error(`bench-synth: --${name} expects a positive integer, got '${args[i + 1] ?? ''}'`);
  return v;
}
const n = opt('studies', args.includes('--quick') ? 200 : 2000), size = opt('size', 128);

let t = performance.now();
for (let i = 0; i < n; i++) generateStudy(i, { size });
const gen = (performance.now() - t) / 1000;
console.log(`generate ${n} studies at ${size} px: ${gen.toFixed(1)} s (${((gen * 1000) / n).toFixed(1)} ms/study)`);

const dir = mkdtempSync(join(tmpdir(), 'synth-bench-'));
try {
  t = performance.now();
  // About 1.5 studies per subject on average.
  const truth = await writeMimicCxr(nodeDirectory(dir), { seed: 1, subjects: Math.round(n / 1.5), size });
  const wrote = (performance.now() - t) / 1000;
  console.log(`write MIMIC-CXR-like tree, ${truth.length} studies at ${size} px: ${wrote.toFixed(1)} s (${((wrote * 1000) / truth.length).toFixed(1)} ms/study)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
