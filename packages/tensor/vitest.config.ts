import { existsSync } from 'node:fs';
import { defineConfig } from 'vitest/config';
import { playwright } from '@vitest/browser-playwright';
import { nodeOnlyGuard } from './test/support/node-only-guard.js';

const ci = process.env.CI === 'true';

// Debian's chromium: Playwright drives it directly and never downloads a browser.
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = existsSync(chromiumPath);
if (!haveChromium) {
  const why = `no Chromium at ${chromiumPath} (install Debian's chromium or set CHROMIUM_PATH)`;
  if (ci) throw new Error(`CI=true but the browser tests cannot run: ${why}`);
  console.warn(`[tests] browser project skipped: ${why}`);
}

const browserProject = {
  extends: true as const,
  plugins: [nodeOnlyGuard()],
  // Pre-bundled up front: a dependency discovered mid-run makes Vite reload the page.
  optimizeDeps: { include: ['fast-check'] },
  test: {
    name: 'browser',
    // The cross-backend op tests, plus the browser-only kernel and adapter checks.
    include: ['test/browser/**/*.test.ts', 'test/ops/**/*.test.ts'],
    setupFiles: ['test/support/webgpu-usage.browser.ts'],
    sequence: { groupOrder: 1 },
    browser: {
      enabled: true,
      headless: true,
      screenshotFailures: false,
      provider: playwright({
        launchOptions: {
          executablePath: chromiumPath,
          // WebGPU needs a secure context (vitest serves from localhost) and, without a
          // GPU, Chromium's SwiftShader Vulkan adapter. --no-sandbox: CI runs as root.
          args: [
            '--enable-unsafe-webgpu',
            '--use-webgpu-adapter=swiftshader',
            '--no-sandbox',
            '--disable-dev-shm-usage',
            '--disable-background-networking',
          ],
        },
      }),
      instances: [{ browser: 'chromium' as const }],
    },
  },
};

export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // One Dawn device per worker process; keep workers few on a 2-core machine.
    maxWorkers: 2,
    // CI flag for the test support code in both Node and the browser (no process.env there).
    provide: { ci },
    reporters: ['default', './test/support/webgpu-reporter.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/browser/**', 'test/pack/**'],
          environment: 'node',
          setupFiles: ['test/support/webgpu-usage.node.ts'],
          pool: 'forks',
          // The leak-report test forces garbage collection.
          execArgv: ['--expose-gc'],
          // Projects run one after another (node, browser, pack) rather than contending for cores.
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          // Packs the package and installs it into a scratch project (needs the npm registry).
          name: 'pack',
          include: ['test/pack/**/*.test.ts'],
          environment: 'node',
          pool: 'forks',
          testTimeout: 600_000,
          sequence: { groupOrder: 2 },
        },
      },
      ...(haveChromium ? [browserProject] : []),
    ],
  },
});
