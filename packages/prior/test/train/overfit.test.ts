/**
 * The overfit check on the cpu backend: the tiny preset memorises 32 SynthCXR pairs
 * (≥ 90% image→report top-1 on them). WebGPU is checked by scripts/overfit-tiny.ts
 * (minutes on lavapipe, too slow for the suite).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { resolveDevice } from '@prior/tensor';
import { type OverfitCheck, overfitCheck } from '../../src/index.js';

let dir = '';
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

it('the tiny preset memorises 32 pairs: ≥ 90% top-1 retrieval on them (cpu)', async () => {
  dir = await mkdtemp(join(tmpdir(), 'prior-overfit-'));
  const checks: OverfitCheck[] = [];
  const r = await overfitCheck({ dataDir: join(dir, 'data'), runDir: join(dir, 'run'), device: resolveDevice('cpu'), maxSteps: 75, checkEvery: 25, onCheck: (c) => checks.push(c) });
  expect(checks[0].top1).toBeLessThan(0.9); // it had to learn: not already there at the first check
  expect(r.passed, `top-1 ${r.top1} after ${r.step} steps`).toBe(true);
  expect(r.top1).toBeGreaterThanOrEqual(0.9);
}, 600_000);
