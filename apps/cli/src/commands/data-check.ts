/**
 * `prior data check <layout> <path>`: runs the layout's loader, then looks for every
 * image the records name and decodes a sample, reporting counts and every missing or
 * malformed file. Exit 1 when anything is wrong.
 */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { DatasetError, decodeImage, nodeDirectory } from '@prior/datasets';
import type { CommandSpec } from '../framework/command.js';
import { CliError } from '../framework/errors.js';
import { LAYOUTS, LAYOUT_SPECS, type Layout } from './layouts.js';

const SHOWN = 10;

export const dataCheck: CommandSpec = {
  path: ['data', 'check'],
  summary: "Validate a data set's layout: counts, missing files, malformed rows and images",
  args: [
    { name: 'layout', description: 'The layout the data set is in', choices: LAYOUTS },
    { name: 'path', description: 'Root directory of the data set' },
  ],
  options: [
    { name: 'decode', type: 'int', min: 0, default: 16, valueName: '<n>', description: 'Decode this many images (spread over the set) to catch corrupt files; all: a large number' },
    { name: 'json', type: 'boolean', description: 'Print the findings as one JSON object' },
  ],
  examples: ['prior data check mimic /data/mimic-cxr-jpg', 'prior data check siim ./siim --decode 100'],
  async run({ args, options }, ctx) {
    const layout = args.layout as Layout;
    const root = resolve(ctx.cwd, args.path as string);
    const info = await stat(root).catch(() => null);
    if (!info?.isDirectory()) throw new CliError(`<path>: expected a directory holding a ${layout} data set, got ${JSON.stringify(args.path)} (${info ? 'not a directory' : 'no such directory'})`);
    const store = nodeDirectory(root);
    let check;
    try {
      check = await LAYOUT_SPECS[layout].check(store);
    } catch (e) {
      // The loader stops at the first malformed file: that file and line is the finding.
      if (e instanceof DatasetError) {
        report(ctx, { layout, root, ok: false, counts: {}, missing: [], malformed: [e.message], problems: [] }, options.json as boolean);
        return 1;
      }
      throw e;
    }
    const missing: string[] = [];
    const present: string[] = [];
    for (const img of check.images) {
      if (img.path === null) missing.push(`${img.name}: no image file found`);
      else if (!(await store.exists(img.path))) missing.push(store.describe(img.path));
      else present.push(img.path);
    }
    const malformed: string[] = [];
    const n = Math.min(options.decode as number, present.length);
    for (let i = 0; i < n; i++) {
      const path = present[Math.floor((i * present.length) / n)];
      try {
        decodeImage(await store.read(path), { name: store.describe(path) });
      } catch (e) {
        malformed.push(e instanceof DatasetError ? e.message : `${store.describe(path)}: ${(e as Error).message}`);
      }
    }
    const counts = { ...check.counts, 'image files found': present.length, 'images decoded': n };
    if (check.images.length === 0) check.problems.push('the loader found no records');
    const ok = missing.length === 0 && malformed.length === 0 && check.problems.length === 0;
    report(ctx, { layout, root, ok, counts, missing, malformed, problems: check.problems }, options.json as boolean);
    return ok ? 0 : 1;
  },
};

interface Findings {
  layout: Layout;
  root: string;
  ok: boolean;
  counts: Record<string, number>;
  missing: string[];
  malformed: string[];
  problems: string[];
}

function report(ctx: { out(l: string): void }, f: Findings, json: boolean): void {
  if (json) {
    ctx.out(JSON.stringify(f, null, 2));
    return;
  }
  ctx.out(`${LAYOUT_SPECS[f.layout].title} at ${f.root}`);
  for (const [k, v] of Object.entries(f.counts)) ctx.out(`  ${k.padEnd(20)} ${v}`);
  const list = (title: string, items: string[]) => {
    if (!items.length) return;
    ctx.out(`${title} (${items.length}):`);
    for (const m of items.slice(0, SHOWN)) ctx.out(`  ${m}`);
    if (items.length > SHOWN) ctx.out(`  ... and ${items.length - SHOWN} more`);
  };
  list('malformed', f.malformed);
  list('missing', f.missing);
  list('problems', f.problems);
  ctx.out(f.ok ? 'OK' : 'FAILED');
}
