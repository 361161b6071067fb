/** The suite's plumbing on tiny shapes: every peer answers, the table and JSON have their shape. */
import { CpuBackend, createWebGPUBackend } from '@prior/tensor';
import { describe, expect, it } from 'vitest';
import { preparePriorClip } from '../src/clip-step/prior.js';
import { clipStepFlops } from '../src/clip-step/flops.js';
import { CLIP_TINY, CLIP_W3 } from '../src/clip-step/spec.js';
import { dawnGPU } from '../src/gpu.js';
import { TorchPeer, torchUnavailable } from '../src/peers/torch.js';
import { combinePeak, predictMs, runSuite } from '../src/suite.js';
import { renderTable } from '../src/table.js';
import type { SuiteResult } from '../src/types.js';
import { clipStep, fullWorkloads, largestMemoryArrayBytes, quickWorkloads, tinyWorkloads } from '../src/workloads.js';

describe('benchmark suite', () => {
  it('runs tiny workloads on the in-process peers and reports them', async () => {
    const lines: string[] = [];
    const workloads = tinyWorkloads();
    const r: SuiteResult = await runSuite({
      quick: true,
      workloads,
      timing: { reps: 2, warmup: 1, budgetMs: 1000 },
      cellCapMs: 10_000,
      deadlineMs: 60_000,
      ceiling: { reps: 1, targetMs: 5 },
      peers: ['prior-webgpu', 'tfjs-webgpu', 'prior-cpu'],
      synth: { studies: 2, size: 64 },
      log: (l) => lines.push(l),
    });
    // Round-trips through JSON as written to results/latest.json.
    const json = JSON.parse(JSON.stringify(r)) as SuiteResult;
    expect(json.workloads.map((w) => w.id)).toEqual(workloads.map((w) => w.id));
    expect(json.peers.map((p) => p.name)).toEqual(['prior-webgpu', 'tfjs-webgpu', 'prior-cpu']);
    expect(json.machine.loadStart).toHaveLength(3);
    expect(json.machine.loadEnd).toHaveLength(3);
    const gpu = json.peers[0].available;
    for (const [peak, title] of [[json.ceiling, 'adapter ceiling'], [json.bandwidth, 'storage bandwidth ceiling']] as const) {
      if (!('value' in peak)) continue;
      // Measured before and after the workloads; the percentages divide by the larger.
      expect(peak.runs.map((c) => c.at)).toEqual(['start', 'end']);
      expect(peak.value).toBe(Math.max(...peak.runs.map((c) => c.value ?? 0)));
      expect(peak.variants.length).toBeGreaterThan(1);
      expect(lines.findIndex((l) => l.startsWith(`${title} at end`))).toBeGreaterThan(lines.findIndex((l) => l.includes(workloads.at(-1)!.id)));
    }
    if (json.peers[0].available) expect('value' in json.bandwidth).toBe(true);
    // The GEMM variant is tuned before the first timed cell, not in the background during it.
    if (gpu) expect(json.peers[0].detail).toMatch(/matmul variant (shared|texture), tuned before timing/);
    for (const w of json.workloads) {
      expect(w.cells).toHaveLength(3);
      expect(w.work).toBeGreaterThan(0);
      for (const c of w.cells) {
        const available = json.peers.find((p) => p.name === c.peer)!.available;
        // Tiny work never hits the budget, so a peer that started answers every workload.
        expect(c.skipped === undefined).toBe(available);
        if (!available) continue;
        expect(c.ms).toBeGreaterThan(0);
        expect(c.value).toBeGreaterThan(0);
        expect(c.samples!.length).toBe(c.runs);
      }
      // The CPU backend always runs, so prior-webgpu (when present) always has a ratio to it.
      if (gpu) expect(w.ratios['prior-cpu']).toBeGreaterThan(0);
      const peak = w.metric === 'GFLOP/s' ? json.ceiling : w.metric === 'GB/s' ? json.bandwidth : null;
      if (gpu && peak && 'value' in peak) expect(w.pctCeiling).toBeCloseTo((100 * w.cells[0].value!) / peak.value, 1);
      else expect(w.pctCeiling).toBeUndefined();
    }
    if (gpu) expect(json.pool!.peakAllocatedBytes).toBeGreaterThan(0);
    const table = renderTable(json);
    expect(table).toContain('| workload | shape | unit | prior-webgpu | tfjs-webgpu | prior-cpu |');
    if ('value' in json.ceiling) expect(table).toContain('| % ceiling (max of start/end) |');
    if ('value' in json.bandwidth) expect(table).toMatch(/^storage bandwidth ceiling \(copy-only WGSL, bytes read \+ written\), GB\/s: start [\d.]+, end [\d.]+; "% ceiling" of the GB\/s rows/m);
    for (const w of workloads) expect(table).toContain(`| ${w.id} |`);
    expect(table).toMatch(/load average: start [\d.]+ [\d.]+ [\d.]+, end/);
    expect(lines[0]).toMatch(/^load average at start/);
  });

  it('--quick runs W3 at batch 8 on the fast peers only, and says why the others are skipped', async () => {
    const w3 = quickWorkloads().find((w) => w.kind === 'clip-step');
    expect(w3).toMatchObject({ clip: { ...CLIP_W3, batch: 8 } });
    const full = fullWorkloads().find((w) => w.kind === 'clip-step');
    expect(full).toMatchObject({ clip: CLIP_W3 });
    expect(full?.kind === 'clip-step' && full.skip).toBeFalsy();
    const why = 'skipped in --quick (test)';
    const r = await runSuite({
      quick: true,
      workloads: [clipStep(CLIP_TINY, { skip: { 'prior-cpu': why } })],
      timing: { reps: 1, warmup: 0, budgetMs: 100 },
      cellCapMs: 10_000,
      deadlineMs: 60_000,
      ceiling: null,
      peers: ['prior-cpu'],
      synth: null,
      log: () => {},
    });
    expect(r.workloads[0].cells).toEqual([{ peer: 'prior-cpu', skipped: why }]);
    expect(renderTable(r)).toContain(`prior-cpu: ${why}`);
  });

  it("predicts a training step from the peer's slowest convolution, not its last", () => {
    const w = clipStep(CLIP_TINY);
    const last = new Map([
      ['p/conv', { id: 'conv 1x1', msPerWork: 1e-6 }],
      ['p/conv:slowest', { id: 'conv 3x3', msPerWork: 4e-6 }],
    ]);
    const g = predictMs(w, last, 'p');
    expect(g?.ms).toBeCloseTo(4e-6 * clipStepFlops(CLIP_TINY).conv);
    expect(g?.from).toContain('conv 3x3');
  });

  it("sizes the copy ceiling's arrays by the largest array of the GB/s rows", () => {
    // Full: add and layer-norm's [4096, 768] beat softmax's [96, 128, 128]; quick: the other way round.
    expect(largestMemoryArrayBytes(fullWorkloads())).toBe(4 * 4096 * 768);
    expect(largestMemoryArrayBytes(quickWorkloads())).toBe(4 * 96 * 128 * 128);
    expect(largestMemoryArrayBytes(fullWorkloads().filter((w) => w.group === 'matmul'))).toBeUndefined();
  });

  it('divides by the larger ceiling measurement and says which; skips only when both failed', () => {
    const c = combinePeak([
      { at: 'start', value: 20, variant: 'a', variants: [{ variant: 'a', value: 20 }] },
      { at: 'end', value: 70, variant: 'b', variants: [{ variant: 'b', value: 70 }] },
    ]);
    expect(c).toMatchObject({ value: 70, from: 'end', variant: 'b' });
    expect(combinePeak([{ at: 'start', value: 50, variant: 'a', variants: [] }, { at: 'end', skipped: 'no adapter' }])).toMatchObject({ value: 50, from: 'start' });
    expect(combinePeak([{ at: 'start', skipped: 'x' }, { at: 'end', skipped: 'y' }])).toEqual({ skipped: 'start: x; end: y' });
  });

  it('runs the W3 training step at tiny sizes on both prior backends: finite, decreasing loss', async () => {
    const gpu = await createWebGPUBackend({ gpu: dawnGPU() });
    const backends = [new CpuBackend(), ...('backend' in gpu ? [gpu.backend] : [])];
    for (const be of backends) {
      const p = preparePriorClip(be, CLIP_TINY, () => be.sync());
      try {
        const losses: number[] = [];
        for (let i = 0; i < 3; i++) {
          await p.step();
          losses.push(p.lastLoss());
        }
        for (const l of losses) expect(Number.isFinite(l)).toBe(true);
        // The same batch three times: AdamW must lower its loss.
        expect(losses[2]).toBeLessThan(losses[0]);
      } finally {
        p.dispose();
      }
    }
    if ('backend' in gpu) gpu.backend.destroy();
  });

  it.skipIf(torchUnavailable() !== null)('times a workload in the PyTorch subprocess and names its BLAS', async () => {
    const peer = await TorchPeer.create();
    try {
      expect(peer.detail).toMatch(/^torch .*BLAS loaded: /);
      const t = await peer.measure({ id: 'mm', group: 'matmul', kind: 'matmul', a: [2, 8, 4], b: [2, 4, 8] }, { reps: 2, warmup: 1, budgetMs: 100 });
      expect(t.samples.length).toBeGreaterThanOrEqual(1);
      expect(t.median).toBeGreaterThan(0);
      const clip = await peer.measure(clipStep(CLIP_TINY), { reps: 1, warmup: 0, budgetMs: 100 });
      expect(clip.median).toBeGreaterThan(0);
      await expect(peer.measure({ id: 'bad', group: 'memory', kind: 'add', shape: [-1] }, { reps: 1, warmup: 0, budgetMs: 100 })).rejects.toThrow();
    } finally {
      await peer.close();
    }
  });
});
