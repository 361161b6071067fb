/**
 * State-dict keys match torchvision's resnet18/resnet50 and HuggingFace's BertModel, so
 * their checkpoints load: the full lists (with shapes for ResNet) come from the fixture
 * script's replicas of those libraries' module trees (fixtures/layers/key-names.json);
 * the literal names below pin the layout independently of that script. Built with
 * skipInit: only names and shapes matter here.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type Tensor, zeros } from '@prior/tensor';
import * as nn from '../../src/index.js';

const names = JSON.parse(readFileSync(new URL('../fixtures/layers/key-names.json', import.meta.url), 'utf8')) as {
  resnet18: [string, number[]][];
  resnet50: [string, number[]][];
  bertBase: string[];
};

const keysAndShapes = (m: nn.Module) => [...m.stateDict()].map(([k, t]) => [k, [...t.shape]]);

describe('torchvision ResNet key names', () => {
  it('resnet18: 122 entries, names and shapes as torchvision', () => {
    const m = nn.resnet18({ skipInit: true });
    const got = keysAndShapes(m);
    expect(got).toEqual(names.resnet18);
    expect(got.length).toBe(122);
    expect(got.slice(0, 8).map(([k]) => k)).toEqual([
      'conv1.weight',
      'bn1.weight',
      'bn1.bias',
      'bn1.running_mean',
      'bn1.running_var',
      'bn1.num_batches_tracked',
      'layer1.0.conv1.weight',
      'layer1.0.bn1.weight',
    ]);
    const sd = m.stateDict();
    expect([...sd.get('layer2.0.downsample.0.weight')!.shape]).toEqual([128, 64, 1, 1]);
    expect([...sd.get('layer4.1.bn2.running_var')!.shape]).toEqual([512]);
    expect([...sd.get('fc.weight')!.shape]).toEqual([1000, 512]);
    expect(m.parameters().length).toBe(62);
    m.dispose();
  });

  it('resnet50: 320 entries, names and shapes as torchvision', () => {
    const m = nn.resnet50({ skipInit: true });
    const got = keysAndShapes(m);
    expect(got).toEqual(names.resnet50);
    expect(got.length).toBe(320);
    const sd = m.stateDict();
    for (const k of ['layer1.0.conv3.weight', 'layer3.5.bn3.num_batches_tracked', 'layer4.0.downsample.1.running_mean', 'fc.bias']) expect(sd.has(k), k).toBe(true);
    expect([...sd.get('layer1.0.conv3.weight')!.shape]).toEqual([256, 64, 1, 1]);
    expect([...sd.get('fc.weight')!.shape]).toEqual([1000, 2048]);
    m.dispose();
  });

  it('inChannels 1 changes only conv1', () => {
    const m = nn.resnet18({ inChannels: 1, numClasses: 0, skipInit: true });
    const sd = m.stateDict();
    expect([...sd.get('conv1.weight')!.shape]).toEqual([64, 1, 7, 7]);
    expect(sd.has('fc.weight')).toBe(false);
    m.dispose();
  });
});

describe('HuggingFace BertModel key names', () => {
  const small = { hiddenSize: 8, numAttentionHeads: 2, intermediateSize: 8, vocabSize: 8, maxPositionEmbeddings: 8 };

  it('bert-base layout (12 layers): every key, in order', () => {
    const m = new nn.BertModel(small);
    const got = [...m.stateDict().keys()];
    expect(got).toEqual(names.bertBase);
    expect(got.length).toBe(5 + 16 * 12 + 2);
    expect(got.slice(0, 5)).toEqual([
      'embeddings.word_embeddings.weight',
      'embeddings.position_embeddings.weight',
      'embeddings.token_type_embeddings.weight',
      'embeddings.LayerNorm.weight',
      'embeddings.LayerNorm.bias',
    ]);
    expect(got.filter((k) => k.startsWith('encoder.layer.0.'))).toEqual(
      [
        'attention.self.query.weight',
        'attention.self.query.bias',
        'attention.self.key.weight',
        'attention.self.key.bias',
        'attention.self.value.weight',
        'attention.self.value.bias',
        'attention.output.dense.weight',
        'attention.output.dense.bias',
        'attention.output.LayerNorm.weight',
        'attention.output.LayerNorm.bias',
        'intermediate.dense.weight',
        'intermediate.dense.bias',
        'output.dense.weight',
        'output.dense.bias',
        'output.LayerNorm.weight',
        'output.LayerNorm.bias',
      ].map((k) => `encoder.layer.0.${k}`),
    );
    expect(got.slice(-2)).toEqual(['pooler.dense.weight', 'pooler.dense.bias']);
    m.dispose();
  });

  it("loads a checkpoint with older transformers' embeddings.position_ids; reports BertForPreTraining's extra keys", () => {
    const m = new nn.BertModel({ ...small, numHiddenLayers: 1 });
    const sd = new Map<string, Tensor>();
    for (const [k, t] of m.stateDict()) sd.set(k, zeros(t.shape, { dtype: t.dtype }));
    sd.set('embeddings.position_ids', zeros([1, 8], { dtype: 'int32' }));
    expect(m.loadStateDict(sd)).toEqual({ missingKeys: [], unexpectedKeys: [] });
    sd.set('cls.predictions.bias', zeros([8]));
    expect(() => m.loadStateDict(sd)).toThrow(/unexpected key\(s\) \[cls\.predictions\.bias\]/);
    for (const t of sd.values()) t.dispose();
    m.dispose();
  });
});
