/**
 * One convolution case on the GPU backend against the CPU backend: forward (optionally
 * with bias), input gradient and weight gradient, each checked with a tolerance scaled
 * by its reduction length. Shared by the kernel tests that force a GEMM variant.
 */
import type { Backend, Conv2dParams } from '../../src/backend.js';
import { conv2dOutHW } from '../../src/conv-shape.js';
import { expectClose, freeAll, randomValues, readBoth, rng, upload } from '../webgpu/kernel-views.js';
import { cpu, gpu } from './backends.js';

const size = (s: number[]): number => s.reduce((a, b) => a * b, 1);

/** Fills the unset convolution parameters with their defaults (stride 1, no padding, …). */
export function convParams(p: Partial<Conv2dParams>): Conv2dParams {
  return { stride: p.stride ?? [1, 1], padding: p.padding ?? [0, 0], dilation: p.dilation ?? [1, 1], groups: p.groups ?? 1 };
}

/** Checks conv2d and both its gradients for input shape `xs` and weight shape `ws`. */
export async function convAgainstCpu(xs: number[], ws: number[], pp: Partial<Conv2dParams>, seed: number, bias = false): Promise<void> {
  const g = gpu as Backend;
  const rand = rng(seed);
  const p = convParams(pp);
  const [ho, wo] = conv2dOutHW(xs[2], xs[3], ws[2], ws[3], p);
  const ys = [xs[0], ws[0], ho, wo];
  const x = upload(cpu, g, xs, randomValues(size(xs), rand));
  const w = upload(cpu, g, ws, randomValues(size(ws), rand));
  const bb = bias ? upload(cpu, g, [ws[0]], randomValues(ws[0], rand)) : null;
  const dy = upload(cpu, g, ys, randomValues(size(ys), rand));
  const what = JSON.stringify({ xs, ws, pp });
  const f = await readBoth(cpu, g, cpu.conv2d(x.cpu, w.cpu, bb?.cpu ?? null, p), g.conv2d(x.gpu, w.gpu, bb?.gpu ?? null, p), ys);
  expectClose(f.got, f.want, ws[1] * ws[2] * ws[3], `conv2d ${what}`);
  const dx = await readBoth(cpu, g, cpu.conv2dBackwardInput(dy.cpu, w.cpu, xs, p), g.conv2dBackwardInput(dy.gpu, w.gpu, xs, p), xs);
  expectClose(dx.got, dx.want, (ws[0] / p.groups) * ws[2] * ws[3], `conv2dBackwardInput ${what}`);
  const dw = await readBoth(cpu, g, cpu.conv2dBackwardWeight(x.cpu, dy.cpu, ws, p), g.conv2dBackwardWeight(x.gpu, dy.gpu, ws, p), ws);
  expectClose(dw.got, dw.want, xs[0] * ho * wo, `conv2dBackwardWeight ${what}`);
  freeAll([x, w, dy, ...(bb ? [bb] : [])], cpu, g);
}
