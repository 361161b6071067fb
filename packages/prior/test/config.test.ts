import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  configToJSON,
  deepMerge,
  effectiveLossWeights,
  imageFeatureChannels,
  loadConfig,
  paperPreset,
  parseConfig,
  regionCount,
  resolveConfig,
  tinyPreset,
  type PriorConfig,
} from '../src/index.js';

/** The ConfigError thrown by `fn`. */
function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('presets', () => {
  it('paper is the reference configuration', () => {
    const c = parseConfig(paperPreset());
    expect(c.model.imageEncoder).toMatchObject({ depth: 50, width: 64, inChannels: 1, imageSize: 224 });
    expect(imageFeatureChannels(c.model.imageEncoder)).toBe(2048);
    expect(regionCount(c.model.imageEncoder)).toBe(49);
    expect(c.model.textEncoder).toMatchObject({ layers: 12, hidden: 768, heads: 12, ffn: 3072, maxLen: 256 });
    expect(c.model).toMatchObject({ embedDim: 768, prototypes: 512, queries: 16, gumbelTau: 0.9, masking: { mode: 'channel', p: 0.5 } });
    expect(c.model.reportDecoder.layers).toBe(8);
    expect(c.stages.map((s) => s.epochs)).toEqual([20, 30, 100]);
    expect(c.stages.map((s) => s.peakLr)).toEqual([1e-5, 1e-5, 5e-6]);
    expect(c.stages.map((s) => s.usePrototypes)).toEqual([false, true, true]);
    expect(c.stages[2].lossWeights).toEqual({ glob: 10, locImg: 1, locTxt: 1, recImg: 1, spg: 10, kl: 1, gpa: 1, proto: 10 });
    expect(c.stages[1].lossWeights).toMatchObject({ glob: 1, locImg: 1, locTxt: 1, proto: 10, spg: 0 });
    expect(c.stages.every((s) => s.weightDecay === 1e-6)).toBe(true);
  });

  it('tiny is valid and smaller', () => {
    const c = parseConfig(tinyPreset());
    expect(c.model.embedDim).toBeLessThan(paperPreset().model.embedDim);
    expect(c.stages.every((s) => s.steps !== undefined)).toBe(true);
  });

  it('returns fresh copies', () => {
    const a = paperPreset();
    a.model.embedDim = 1;
    a.stages[0].lossWeights.glob = 99;
    expect(paperPreset().model.embedDim).toBe(768);
    expect(paperPreset().stages[0].lossWeights.glob).toBe(1);
    expect(paperPreset().stages[0].lossWeights).not.toBe(paperPreset().stages[0].lossWeights);
  });
});

describe('overrides and loading', () => {
  it('deep-merges overrides onto a preset, patching stages by index', () => {
    const c = resolveConfig('tiny', { model: { embedDim: 32, ablation: { localAlignment: false, imageReconstruction: false } }, stages: { 2: { peakLr: 1e-4 } } });
    expect(c.model.embedDim).toBe(32);
    expect(c.model.ablation).toEqual({ localAlignment: false, prototypes: true, imageReconstruction: false, reportReconstruction: true });
    expect(c.stages[2].peakLr).toBe(1e-4);
    expect(c.stages[1].peakLr).toBe(tinyPreset().stages[1].peakLr);
    expect(c.model.textEncoder).toEqual(tinyPreset().model.textEncoder);
  });

  it('replaces arrays given whole and removes fields set to null', () => {
    const one = { ...tinyPreset().stages[0], name: 'only' };
    expect(resolveConfig('tiny', { stages: [one] }).stages.map((s) => s.name)).toEqual(['only']);
    const c = resolveConfig('paper', { stages: { 0: { epochs: null, steps: 1000, warmup: 100 } } });
    expect(c.stages[0]).toMatchObject({ steps: 1000, warmup: 100 });
    expect('epochs' in c.stages[0]).toBe(false);
  });

  it('does not modify its inputs', () => {
    const base = tinyPreset();
    const copy = structuredClone(base);
    deepMerge(base, { model: { embedDim: 8 }, stages: { 0: { name: 'x' } } });
    expect(base).toEqual(copy);
  });

  it('loads JSON extending a preset, and round-trips a full configuration', () => {
    const c = loadConfig('{"extends": "tiny", "data": {"batchSize": 8}}');
    expect(c.data.batchSize).toBe(8);
    expect(c.model).toEqual(tinyPreset().model);
    const full = resolveConfig('paper', { run: { seed: 5 } });
    expect(loadConfig(configToJSON(full))).toEqual(full);
    expect(loadConfig(JSON.parse(configToJSON(full)))).toEqual(full);
  });

  it('zeroes the loss terms of switched-off modules', () => {
    const globalOnly = resolveConfig('paper', {
      model: { ablation: { localAlignment: false, prototypes: false, imageReconstruction: false, reportReconstruction: false } },
    });
    for (const s of globalOnly.stages) {
      const w = effectiveLossWeights(globalOnly, s);
      expect(w).toEqual({ glob: s.lossWeights.glob, locImg: 0, locTxt: 0, proto: 0, recImg: 0, spg: 0, kl: 0, gpa: 0 });
    }
    const full = paperPreset();
    expect(effectiveLossWeights(full, full.stages[2])).toEqual(full.stages[2].lossWeights);
  });
});

/** One case per class of configuration error: the override, the message expected. */
const errors: [string, (c: PriorConfig) => unknown, RegExp][] = [
  ['wrong type', (c) => ((c.stages[2].lossWeights as unknown as Record<string, unknown>).spg = 'x'), /^stages\[2\]\.lossWeights\.spg: expected a number >= 0, got "x"$/],
  ['out of range', (c) => (c.model.masking.p = 1), /^model\.masking\.p: expected a number >= 0 and < 1, got 1$/],
  ['not an integer', (c) => (c.model.queries = 2.5), /^model\.queries: expected an integer >= 1, got 2\.5$/],
  ['not finite', (c) => (c.stages[0].peakLr = Number.NaN), /^stages\[0\]\.peakLr: expected a number > 0, got NaN$/],
  ['missing field', (c) => delete (c.model.textEncoder as Partial<PriorConfig['model']['textEncoder']>).heads, /^model\.textEncoder\.heads: expected an integer >= 1, got nothing \(the field is missing\)$/],
  ['unknown field', (c) => ((c.model as unknown as Record<string, unknown>).embedDims = 3), /^model\.embedDims: unknown field \(expected one of imageEncoder, textEncoder, embedDim,/],
  ['not one of the options', (c) => ((c.model.masking as unknown as Record<string, unknown>).mode = 'pixel'), /^model\.masking\.mode: expected one of "channel", "region", got "pixel"$/],
  ['unsupported depth', (c) => ((c.model.imageEncoder as unknown as Record<string, unknown>).depth = 42), /^model\.imageEncoder\.depth: expected one of 10, 18, 34, 50, 101, 152, got 42$/],
  ['not a boolean', (c) => ((c.model.ablation as unknown as Record<string, unknown>).prototypes = 'yes'), /^model\.ablation\.prototypes: expected true or false, got "yes"$/],
  ['not an object', (c) => ((c as unknown as Record<string, unknown>).data = 5), /^data: expected an object, got 5$/],
  ['empty stages', (c) => (c.stages = []), /^stages: expected an array of at least 1 item, got an array of length 0$/],
  ['empty name', (c) => (c.stages[1].name = ''), /^stages\[1\]\.name: expected a non-empty string, got ""$/],
  ['duplicate stage names', (c) => (c.stages[1].name = 'stage1'), /^stages\[1\]\.name: stage names must be unique, "stage1" is used twice$/],
  ['both epochs and steps', (c) => (c.stages[0].steps = 10), /^stages\[0\]: give exactly one of epochs and steps, got both$/],
  ['neither epochs nor steps', (c) => delete c.stages[0].epochs, /^stages\[0\]: give exactly one of epochs and steps, got neither$/],
  ['warm-up longer than the stage', (c) => (c.stages[1].warmup = 31), /^stages\[1\]\.warmup: expected at most the stage's length \(30 epochs\), got 31$/],
  ['warm-up start above the peak', (c) => (c.stages[0].warmupStartLr = 1), /^stages\[0\]\.warmupStartLr: expected at most peakLr \(0\.00001\), got 1$/],
  ['final lr above the peak', (c) => (c.stages[2].finalLr = 1), /^stages\[2\]\.finalLr: expected at most peakLr \(0\.000005\), got 1$/],
  ['prototype loss without prototypes', (c) => (c.stages[0].lossWeights.proto = 1), /^stages\[0\]\.lossWeights\.proto: a weight > 0 needs stages\[0\]\.usePrototypes to be true/],
  ['image size not a multiple of the stride', (c) => (c.model.imageEncoder.imageSize = 200), /^model\.imageEncoder\.imageSize: expected a multiple of 32 .* got 200$/],
  ['pool heads do not divide the channels', (c) => (c.model.imageEncoder.poolHeads = 3), /^model\.imageEncoder\.poolHeads: the final feature map's channels \(2048\) must be divisible by poolHeads \(3\)$/],
  ['text heads do not divide hidden', (c) => (c.model.textEncoder.heads = 5), /^model\.textEncoder\.heads: hidden \(768\) must be divisible by heads \(5\)$/],
  ['embedDim not divisible by the decoder heads', (c) => (c.model.reportDecoder.heads = 7), /^model\.reportDecoder\.heads: embedDim \(768\) must be divisible by reportDecoder\.heads \(7\)$/],
  ['sequence longer than the position table', (c) => (c.model.textEncoder.positions = 128), /^model\.textEncoder\.positions: expected at least maxLen \(256\), got 128$/],
  ['image reconstruction without the LAM', (c) => (c.model.ablation.localAlignment = false), /^model\.ablation\.imageReconstruction: needs model\.ablation\.localAlignment/],
  ['report reconstruction without the bank', (c) => (c.model.ablation.prototypes = false), /^model\.ablation\.reportReconstruction: needs model\.ablation\.prototypes/],
  ['batch too small for InfoNCE', (c) => (c.data.batchSize = 1), /^data\.batchSize: expected an integer >= 2, got 1$/],
];

describe('configuration errors name the field and the expectation', () => {
  it.each(errors)('%s', (_name, mutate, message) => {
    const c = paperPreset();
    mutate(c);
    expect(configError(() => parseConfig(c)).message).toMatch(message);
  });

  it('bad JSON', () => {
    expect(configError(() => loadConfig('{"extends": "tiny",')).message).toMatch(/^\(config\): not valid JSON: /);
  });

  it('unknown preset', () => {
    expect(configError(() => loadConfig({ extends: 'huge' })).message).toBe('extends: expected one of "paper", "tiny", got "huge"');
    expect(configError(() => resolveConfig('huge' as 'tiny')).message).toBe('preset: expected one of "paper", "tiny", got "huge"');
  });

  it('patching a stage that does not exist', () => {
    expect(configError(() => resolveConfig('tiny', { stages: { 5: { peakLr: 1 } } })).message).toMatch(/^stages\[5\]: cannot patch: the base has indices 0 to 2/);
  });

  it('errors carry path, expectation and value', () => {
    const e = configError(() => resolveConfig('tiny', { model: { prototypes: -1 } }));
    expect(e).toMatchObject({ path: 'model.prototypes', expected: 'an integer >= 1', got: -1 });
  });
});
