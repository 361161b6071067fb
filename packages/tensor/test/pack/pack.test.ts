/**
 * A user can install @prior/tensor alone: build, `pnpm pack`, install the tarball with
 * npm into a scratch project outside the workspace, type-check a consumer against the
 * published .d.ts, run an op on each backend through the public entry point, and run
 * the READMEs' example as a user would paste it.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, inject, test } from 'vitest';

const pkgRoot = fileURLToPath(new URL('../../', import.meta.url));
const workspaceRoot = join(pkgRoot, '../..');
const work = mkdtempSync(join(tmpdir(), 'prior-tensor-pack-'));

afterAll(() => rmSync(work, { recursive: true, force: true }));

function sh(cmd: string, args: string[], cwd: string): string {
  try {
    return execFileSync(cmd, args, {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR ?? '/tmp' },
      // execFileSync blocks vitest's own timeout, so bound each step (a hung process fails).
      timeout: 300_000,
    });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd}:\n${err.stdout ?? ''}${err.stderr ?? err.message}`);
  }
}

/** The first ```js block of a README: the API example users copy. */
function readmeExample(path: string): string {
  const m = /```js\n([\s\S]*?)```/.exec(readFileSync(path, 'utf8'));
  if (!m) throw new Error(`${path} has no \`\`\`js example`);
  return m[1];
}

const CONSUMER_TS = `import { add, backendInfo, init, setBackend, tensor, type Tensor, type TypedArray } from '@prior/tensor';
export async function run(): Promise<TypedArray> {
  await init({ log: null });
  await setBackend('cpu');
  const t: Tensor = tensor([1, 2, 3]);
  const name: string = backendInfo().name;
  void name;
  return add(t, t).data();
}
`;

test('the packed tarball installs into a scratch project and runs on each backend', async () => {
  sh('pnpm', ['--filter', '@prior/tensor', 'build'], pkgRoot);

  // Browsers load dist/index.js too: it may reach Dawn only through a non-literal import.
  const js = readFileSync(join(pkgRoot, 'dist/index.js'), 'utf8');
  const nodeOnly = new Set(['webgpu', ...builtinModules]);
  const specifiers = [...js.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)["']([^"']+)["']/g)].map((m) => m[1]);
  expect(specifiers.filter((s) => s.startsWith('node:') || nodeOnly.has(s))).toEqual([]);

  const packDir = join(work, 'pack');
  sh('pnpm', ['pack', '--pack-destination', packDir], pkgRoot);
  const tarballs = readdirSync(packDir).filter((f) => f.endsWith('.tgz'));
  expect(tarballs).toHaveLength(1);
  const tarball = join(packDir, tarballs[0]);

  // Only the build output and the README ship; no sources, tests or fixtures.
  const files = sh('tar', ['-tzf', tarball], work).trim().split('\n');
  expect(files).toContain('package/dist/index.js');
  expect(files).toContain('package/dist/index.d.ts');
  expect(files).toContain('package/README.md');
  expect(files.filter((f) => /^package\/(src|test|scripts)\//.test(f))).toEqual([]);

  const app = join(work, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'scratch-app', private: true, type: 'module' }));
  sh('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', tarball], app);

  // Types: resolved through "exports", checked with the workspace's TypeScript.
  writeFileSync(join(app, 'consumer.ts'), CONSUMER_TS);
  writeFileSync(
    join(app, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: true, noEmit: true, types: [] }, files: ['consumer.ts'] }),
  );
  sh('node', [join(workspaceRoot, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], app);

  copyFileSync(join(pkgRoot, 'test/pack/smoke.mjs'), join(app, 'smoke.mjs'));
  const out = sh('node', ['smoke.mjs'], app);
  const line = out.split('\n').find((l) => l.startsWith('RESULT '));
  expect(line, out).toBeDefined();
  const result = JSON.parse(line!.slice('RESULT '.length)) as { cpu: number[]; method: number[] | null; webgpu: number[] | null; adapter: string | null; reason: string | null };

  expect(result.cpu).toEqual([2, 4, 6]);
  expect(result.method, 'tensor methods (t.add) exist in the published bundle').toEqual([2, 4, 6]);
  if (result.webgpu !== null) {
    console.log(`[pack] installed package ran on WebGPU adapter: ${result.adapter}`);
    expect(result.webgpu).toEqual([2, 4, 6]);
  } else if (inject('ci')) {
    throw new Error(`CI=true but the installed package found no WebGPU adapter: ${result.reason}`);
  } else {
    console.warn(`[pack] WebGPU part skipped: ${result.reason}`);
  }

  // The example in the root README and the package README, run against the tarball.
  const examples = new Set([readmeExample(join(workspaceRoot, 'README.md')), readmeExample(join(pkgRoot, 'README.md'))]);
  let n = 0;
  for (const code of examples) {
    const file = `readme-example-${n++}.mjs`;
    writeFileSync(join(app, file), code);
    const printed = sh('node', [file], app);
    expect(printed, `${file} printed:\n${printed}`).toMatch(/\[ 2, 4, 6 \]/);
  }
});
