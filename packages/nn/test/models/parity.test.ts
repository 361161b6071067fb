/**
 * Models against PyTorch 1.13: a 2-layer BERT (HuggingFace BertModel layout), ResNet-18
 * (quarter width, 1x64x64 input, training-mode BatchNorm), a small Bottleneck ResNet in eval
 * mode and CLIP's AttentionPool2d (fixtures/layers/bert.json, vision.json).
 */
import { describe, it } from 'vitest';
import type { Backend } from '@prior/tensor';
import * as nn from '../../src/index.js';
import { backends } from '../support/backends.js';
import { type Case, type RunSpec, checkCase, loadCases } from '../layers/support/fixtures.js';

type Cfg = Record<string, any>;

function specFor(c: Case): RunSpec {
  const cfg = c.config as Cfg;
  if (c.name.startsWith('bert')) {
    const config: Partial<nn.BertConfig> = {
      vocabSize: cfg.vocab,
      hiddenSize: cfg.hidden,
      numHiddenLayers: cfg.layers,
      numAttentionHeads: cfg.heads,
      intermediateSize: cfg.intermediate,
      maxPositionEmbeddings: cfg.maxPos,
      typeVocabSize: cfg.typeVocab,
      layerNormEps: cfg.eps,
      padTokenId: cfg.pad,
    };
    return {
      // Softmax ignores a shift shared by a query's scores: the key bias gets no gradient.
      skipGrads: /attention\.self\.key\.bias$/,
      build: (_c, device) => new nn.BertModel(config, { device }),
      forward: (m, t) => {
        const r = (m as nn.BertModel).forward(t.ids, { tokenTypeIds: t.types, attentionMask: t.mask });
        return [r.lastHiddenState, r.poolerOutput!];
      },
    };
  }
  if (c.name.startsWith('attention-pool')) {
    return {
      skipGrads: /^k_proj\.bias$/,
      build: (_c, device) => new nn.AttentionPool2d(cfg.spacialDim, cfg.embedDim, cfg.numHeads, cfg.outputDim, { device }),
      forward: (m, t) => (m as nn.AttentionPool2d).forward(t.x),
    };
  }
  const resnet = (device: Backend) =>
    cfg.arch === 'resnet18'
      ? nn.resnet18({ widths: cfg.widths, inChannels: cfg.inChannels, numClasses: cfg.numClasses, device })
      : new nn.ResNet({ block: cfg.block, layers: cfg.layers, widths: cfg.widths, inChannels: cfg.inChannels, numClasses: cfg.numClasses, device });
  return {
    build: (_c, device) => resnet(device),
    forward: (m, t) => {
      const r = (m as nn.ResNet).forward(t.x);
      return [r.featureMap, r.pooled, r.logits!];
    },
    // Deep float32 networks: summation order differs between backends and PyTorch.
    tol: { atol: 2e-4, rtol: 1e-3 },
  };
}

const cases = [...loadCases('bert.json'), ...loadCases('vision.json')];

describe.each(backends)('models match PyTorch on %s', (_name, backend) => {
  for (const c of cases) {
    it.skipIf(!backend)(c.name, async () => {
      await checkCase(c, backend as Backend, specFor(c));
    });
  }
});
