// Runs a TypeScript script of this package: bundles it with esbuild (Node 20 cannot
// strip types) into a temporary .mjs next to it, runs it with the remaining arguments.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

const [entry, ...rest] = process.argv.slice(2);
const outfile = `${entry.replace(/\.ts$/, '')}.tmp-${process.pid}.mjs`;
await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', outfile, logLevel: 'warning', packages: 'external' });
try {
  const r = spawnSync(process.execPath, [outfile, ...rest], { stdio: 'inherit' });
  process.exitCode = r.status ?? 1;
} finally {
  rmSync(outfile, { force: true });
}
