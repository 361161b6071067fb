// Runs a TypeScript script of this package: bundles it with esbuild (Node 20 cannot strip
// types) into a temporary .mjs next to it and runs it with the remaining arguments. The
// workspace packages are bundled from their sources (no build needed first). Every other
// package stays external; a resolve hook lets the bundle find those this package does not
// list itself (esbuild from datasets, Dawn's `webgpu`, loaded lazily by tensor) in the
// workspace packages that do.
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const packagesDir = new URL('../../', import.meta.url);
const bases = readdirSync(packagesDir).map((d) => new URL(`${d}/package.json`, packagesDir).href);
const { build } = await import(pathToFileURL(createRequire(new URL('datasets/package.json', packagesDir)).resolve('esbuild')).href);

const workspace = {
  name: 'workspace-sources',
  setup(b) {
    b.onResolve({ filter: /^@prior\/[a-z-]+$/ }, (args) => ({
      path: fileURLToPath(new URL(`${args.path.slice('@prior/'.length)}/src/index.ts`, packagesDir)),
    }));
    b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@prior/') ? undefined : { path: args.path, external: true }));
  },
};

const hooks = `const bases = ${JSON.stringify(bases)};
export async function resolve(spec, ctx, next) {
  try {
    return await next(spec, ctx);
  } catch (e) {
    if (!/^[a-z@]/i.test(spec) || spec.startsWith('node:')) throw e;
    for (const parentURL of bases) {
      try { return await next(spec, { ...ctx, parentURL }); } catch {}
    }
    throw e;
  }
}
`;

const [entry, ...rest] = process.argv.slice(2);
const stem = `${entry.replace(/\.ts$/, '')}.tmp-${process.pid}`;
const outfile = `${stem}.mjs`;
const hookFile = `${stem}-hooks.mjs`;
const registerFile = `${stem}-register.mjs`;
try {
  await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', outfile, logLevel: 'warning', plugins: [workspace] });
  writeFileSync(hookFile, hooks);
  writeFileSync(registerFile, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hookFile).href)});\n`);
  // RUN_TS_NODE_ARGS passes flags to the script's node (e.g. --cpu-prof), which NODE_OPTIONS may not carry.
  const nodeArgs = (process.env.RUN_TS_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const r = spawnSync(process.execPath, [...nodeArgs, '--import', pathToFileURL(registerFile).href, outfile, ...rest], { stdio: 'inherit' });
  process.exitCode = r.status ?? 1;
} finally {
  for (const f of [outfile, hookFile, registerFile]) rmSync(f, { force: true });
}
