/** `prior data synth`: SynthCXR written in one or every published layout. */
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { MAX_SIZE, MIN_SIZE, nodeDirectory } from '@prior/datasets';
import type { CommandSpec } from '../framework/command.js';
import { ProgressDisplay } from '../framework/progress.js';
import { LAYOUTS, LAYOUT_SPECS, type Layout } from './layouts.js';

export const dataSynth: CommandSpec = {
  path: ['data', 'synth'],
  summary: 'Generate SynthCXR (synthetic radiographs with reports, labels, masks, boxes) in the real layouts',
  description: [
    'With one --layout the data set is written into --out; with --layout all each layout',
    'goes to its own folder <out>/<layout>. What --count counts per layout:',
    ...LAYOUTS.map((l) => `  ${l.padEnd(9)} ${LAYOUT_SPECS[l].unit}`),
  ].join('\n'),
  args: [],
  options: [
    { name: 'out', short: 'o', type: 'string', valueName: '<dir>', description: 'Directory to write into (created if missing)', required: true },
    { name: 'layout', type: 'string', choices: [...LAYOUTS, 'all'], default: 'all', description: 'Which layout to write' },
    { name: 'count', short: 'n', type: 'int', min: 1, default: 40, description: 'How many subjects/images per layout (see above)' },
    { name: 'size', type: 'int', min: MIN_SIZE, max: MAX_SIZE, default: 128, valueName: '<px>', description: 'Image side in pixels' },
    { name: 'seed', type: 'int', min: 0, default: 0, description: 'Random seed (same seed, same files)' },
  ],
  examples: ['prior data synth --out data/synth --layout mimic --count 200 --size 128', 'prior data synth --out data/all --count 20 --size 64'],
  async run({ options }, ctx) {
    const out = resolve(ctx.cwd, options.out as string);
    const which = options.layout === 'all' ? [...LAYOUTS] : [options.layout as Layout];
    const params = { count: options.count as number, size: options.size as number, seed: options.seed as number };
    const progress = new ProgressDisplay(process.stderr, ctx.interactive);
    const t0 = performance.now();
    for (const [i, layout] of which.entries()) {
      const dir = which.length === 1 ? out : `${out}/${layout}`;
      progress.update({ step: i, total: which.length, phase: `writing ${layout}` });
      await mkdir(dir, { recursive: true });
      const counts = await LAYOUT_SPECS[layout].write(nodeDirectory(dir), params);
      progress.done();
      ctx.out(`${layout}: ${Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ')} -> ${dir}`);
    }
    ctx.log(`wrote ${which.length} layout${which.length > 1 ? 's' : ''} in ${((performance.now() - t0) / 1000).toFixed(1)}s`);
  },
};
