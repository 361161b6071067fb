/** Builds the CLI before the tests spawn it (the workspace packages it imports are built by turbo's test→build chain). */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  for (const pkg of ['tensor', 'nn', 'datasets', 'prior', 'eval']) {
    const dist = fileURLToPath(new URL(`../../../packages/${pkg}/dist/index.js`, import.meta.url));
    if (!existsSync(dist)) throw new Error(`@prior/${pkg} is not built (${dist} is missing): run 'pnpm build' (or 'pnpm test' from the root, which builds first)`);
  }
  execFileSync(fileURLToPath(new URL('../../../node_modules/.bin/tsup', import.meta.url)), { cwd: root, stdio: 'pipe' });
}
