/** MultiheadAttention and Transformer encoder/decoder layers against PyTorch 1.13 (fixtures/layers/attention.json). */
import { describe, it } from 'vitest';
import type { Backend } from '@prior/tensor';
import * as nn from '../../src/index.js';
import { backends } from '../support/backends.js';
import { type Case, type RunSpec, checkCase, loadCases } from '../layers/support/fixtures.js';

type Cfg = Record<string, any>;

function specFor(c: Case): RunSpec {
  const cfg = c.config as Cfg;
  if (c.name.startsWith('mha')) {
    return {
      build: (_c, device) => new nn.MultiheadAttention(cfg.embedDim, cfg.numHeads, { batchFirst: cfg.batchFirst, kdim: cfg.kdim, vdim: cfg.vdim, bias: cfg.bias, device }),
      forward: (m, t) => {
        const needWeights = c.outputs.length === 2;
        const r = (m as nn.MultiheadAttention).forward(t.q, t.k, t.v, {
          keyPaddingMask: t.kpm,
          attnMask: t.mask,
          needWeights,
          averageAttnWeights: cfg.averageAttnWeights ?? true,
        });
        return needWeights ? [r.output, r.weights!] : r.output;
      },
    };
  }
  const layerOpts = (device: Backend) => ({
    dimFeedforward: cfg.dimFeedforward,
    dropout: 0,
    activation: cfg.activation,
    normFirst: cfg.normFirst,
    batchFirst: cfg.batchFirst,
    device,
  });
  if (c.name.startsWith('encoder-layer')) {
    return {
      build: (_c, device) => new nn.TransformerEncoderLayer(cfg.dModel, cfg.nhead, layerOpts(device)),
      forward: (m, t) => (m as nn.TransformerEncoderLayer).forward(t.src, { srcKeyPaddingMask: t.kpm, srcMask: t.mask }),
    };
  }
  return {
    build: (_c, device) => new nn.TransformerDecoderLayer(cfg.dModel, cfg.nhead, layerOpts(device)),
    forward: (m, t) => (m as nn.TransformerDecoderLayer).forward(t.tgt, t.memory, { tgtMask: t.mask, memoryKeyPaddingMask: t.mkpm }),
  };
}

const cases = loadCases('attention.json');

describe.each(backends)('attention layers match PyTorch on %s', (_name, backend) => {
  for (const c of cases) {
    it.skipIf(!backend)(c.name, async () => {
      await checkCase(c, backend as Backend, specFor(c));
    });
  }
});
