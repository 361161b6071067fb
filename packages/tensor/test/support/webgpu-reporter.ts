/**
 * Counts the tests that ran WebGPU work (marked by webgpu-usage.ts), per project and
 * adapter, and prints one line at the end of the run. With PRIOR_TEST_SUMMARY_DIR set
 * it also writes the counts as JSON there, for .ci/run to total and check.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Reporter, TestModule, Vitest } from 'vitest/node';

export interface WebGPUCount {
  project: string;
  adapter: string;
  passed: number;
  failed: number;
  skipped: number;
}

export default class WebGPUReporter implements Reporter {
  private vitest?: Vitest;

  onInit(vitest: Vitest): void {
    this.vitest = vitest;
  }

  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const counts = new Map<string, WebGPUCount>();
    let total = 0;
    for (const m of modules) {
      for (const t of m.children.allTests()) {
        total++;
        const adapter = t.meta().webgpu;
        if (!adapter) continue;
        const project = t.project.name || 'default';
        const key = `${project}\u0000${adapter}`;
        const c = counts.get(key) ?? { project, adapter, passed: 0, failed: 0, skipped: 0 };
        const state = t.result().state;
        if (state === 'passed') c.passed++;
        else if (state === 'failed') c.failed++;
        else c.skipped++;
        counts.set(key, c);
      }
    }
    const rows = [...counts.values()];
    const ran = rows.reduce((n, c) => n + c.passed + c.failed, 0);
    const detail = rows.map((c) => `${c.project}: ${c.passed + c.failed} on "${c.adapter}" (${c.failed} failed)`).join('; ');
    const log = (s: string) => (this.vitest ? this.vitest.logger.log(s) : console.log(s));
    log(`\n[webgpu] ${ran} of ${total} tests ran WebGPU work${rows.length ? ` — ${detail}` : ''}`);

    const dir = process.env.PRIOR_TEST_SUMMARY_DIR;
    if (dir) {
      const root = this.vitest?.config.root ?? process.cwd();
      const name = root.split(/[\\/]/).filter(Boolean).slice(-2).join('-');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `${name}.json`), JSON.stringify({ root, total, webgpu: rows }, null, 2));
    }
  }
}
