/**
 * `pnpm bench [--quick] [--out FILE] [--peers a,b] [--only TEXT] [--no-synth]`: runs the suite, prints
 * the table and writes the JSON (default results/latest.json in this package).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { fullPreset, quickPreset } from './presets.js';
import { PEER_NAMES, type PeerName, runSuite } from './suite.js';
import { renderTable } from './table.js';

const { values } = parseArgs({
  // `pnpm bench -- --quick` arrives here with the separator still in front.
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    quick: { type: 'boolean', default: false },
    out: { type: 'string' },
    peers: { type: 'string' },
    /** Keep only the workloads whose id contains this text (e.g. `W3`; comma-separated: any of them). */
    only: { type: 'string' },
    'no-synth': { type: 'boolean', default: false },
  },
});

const preset = values.quick ? quickPreset() : fullPreset();
if (values.peers) {
  const want = values.peers.split(',').map((s) => s.trim());
  const bad = want.filter((p) => !PEER_NAMES.includes(p as PeerName));
  if (bad.length) throw new Error(`--peers: unknown ${bad.join(', ')} (known: ${PEER_NAMES.join(', ')})`);
  preset.peers = want as PeerName[];
}
if (values.only) {
  const only = values.only;
  const parts = only.split(',').map((t) => t.trim()).filter(Boolean);
  preset.workloads = preset.workloads.filter((w) => parts.some((t) => w.id.includes(t)));
  if (!preset.workloads.length) throw new Error(`--only ${only}: no workload id contains it`);
}
if (values['no-synth']) preset.synth = null;

const out = resolve(values.out ?? fileURLToPath(new URL('../results/latest.json', import.meta.url)));
const result = await runSuite({ ...preset, log: (l) => console.log(l) });
console.log(`\n${renderTable(result)}`);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
console.log(`\nresults written to ${out}`);
// Dawn can keep the event loop alive after its devices are destroyed.
process.exit(0);
