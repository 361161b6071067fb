/** Layers against PyTorch 1.13 (fixtures/layers/layers.json): outputs, gradients, running statistics, on CPU and WebGPU. */
import { describe, it } from 'vitest';
import type { Backend, Tensor } from '@prior/tensor';
import * as nn from '../../src/index.js';
import { backends } from '../support/backends.js';
import { type Case, type RunSpec, checkCase, loadCases } from './support/fixtures.js';

type Cfg = Record<string, any>;
const x1 = (m: nn.Module, t: Record<string, Tensor>) => (m as nn.TensorModule).forward(t.x);
const simple = (build: (cfg: Cfg, device: Backend) => nn.Module): RunSpec => ({ build: (c, device) => build(c.config as Cfg, device), forward: x1 });

function convOpts(cfg: Cfg) {
  return { stride: cfg.stride, padding: cfg.padding, dilation: cfg.dilation, groups: cfg.groups, bias: cfg.bias };
}

function specFor(c: Case): RunSpec {
  const n = c.name;
  if (n === 'linear') return simple((cfg, device) => new nn.Linear(cfg.in, cfg.out, { device }));
  if (n.startsWith('conv2d')) return simple((cfg, device) => new nn.Conv2d(cfg.in_channels, cfg.out_channels, cfg.kernel_size, { ...convOpts(cfg), device }));
  if (n.startsWith('convtranspose2d')) {
    return simple((cfg, device) => new nn.ConvTranspose2d(cfg.in_channels, cfg.out_channels, cfg.kernel_size, { ...convOpts(cfg), outputPadding: cfg.output_padding, device }));
  }
  if (n.startsWith('batchnorm2d')) return simple((cfg, device) => new nn.BatchNorm2d(cfg.numFeatures, { momentum: cfg.momentum, device }));
  if (n.startsWith('batchnorm1d')) return simple((cfg, device) => new nn.BatchNorm1d(cfg.numFeatures, { device }));
  if (n.startsWith('layernorm')) return simple((cfg, device) => new nn.LayerNorm(cfg.normalizedShape, { eps: cfg.eps, device }));
  if (n === 'groupnorm') return simple((cfg, device) => new nn.GroupNorm(cfg.numGroups, cfg.numChannels, { device }));
  if (n === 'embedding-padding') {
    return { build: (c, device) => new nn.Embedding(c.config.num as number, c.config.dim as number, { paddingIdx: c.config.paddingIdx as number, device }), forward: (m, t) => (m as nn.Embedding).forward(t.idx) };
  }
  const acts: Record<string, () => nn.Module> = {
    relu: () => new nn.ReLU(),
    gelu: () => new nn.GELU(),
    'gelu-tanh': () => new nn.GELU('tanh'),
    silu: () => new nn.SiLU(),
    tanh: () => new nn.Tanh(),
    sigmoid: () => new nn.Sigmoid(),
    flatten: () => new nn.Flatten(),
  };
  if (acts[n]) return simple(acts[n]);
  if (n.startsWith('maxpool2d')) return simple((cfg) => new nn.MaxPool2d(cfg.kernel, { stride: cfg.stride, padding: cfg.padding, dilation: cfg.dilation, ceilMode: cfg.ceilMode }));
  if (n.startsWith('avgpool2d')) {
    return simple((cfg) => new nn.AvgPool2d(cfg.kernel, { stride: cfg.stride, padding: cfg.padding, ceilMode: cfg.ceilMode, countIncludePad: cfg.countIncludePad }));
  }
  if (n === 'adaptiveavgpool2d') return simple((cfg) => new nn.AdaptiveAvgPool2d(cfg.output));
  if (n.startsWith('upsample')) return simple((cfg) => new nn.Upsample({ size: cfg.size, scaleFactor: cfg.scaleFactor, mode: cfg.mode, alignCorners: cfg.alignCorners }));
  throw new Error(`no builder for fixture case ${n}`);
}

const cases = loadCases('layers.json');

describe.each(backends)('layers match PyTorch on %s', (_name, backend) => {
  for (const c of cases) {
    it.skipIf(!backend)(c.name, async () => {
      await checkCase(c, backend as Backend, specFor(c));
    });
  }
});
