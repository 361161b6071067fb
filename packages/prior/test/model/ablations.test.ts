/** Ablation switches remove the modules' parameters and their loss terms. */
import { describe, expect, it } from 'vitest';
import * as A from '@prior/autograd';
import { Generator } from '@prior/tensor';
import { ModelError, PriorModel } from '../../src/index.js';
import { makeBatch, smallConfig, textOf } from './support.js';

const prefixes = (m: PriorModel) => new Set([...m.namedParameters()].map(([n]) => n.split('.')[0]));

async function stage3Terms(model: PriorModel): Promise<string[]> {
  const config = model.config;
  const r = await model.trainStep(makeBatch(config, [2, 3], 1), config.stages[2], { generator: new Generator(2) });
  A.backward(r.total);
  const trained = new Set(model.parametersForStage(config.stages[2]));
  for (const [name, p] of model.namedParameters()) expect(p.grad !== null, name).toBe(trained.has(p));
  return Object.keys(r.terms).sort();
}

describe('ablations', () => {
  it('global only (ConVIRT/CLIP-style): encoders, pooling and temperature, L_glob alone', async () => {
    const model = new PriorModel(smallConfig({ localAlignment: false, prototypes: false, imageReconstruction: false, reportReconstruction: false }), { generator: new Generator(1) });
    expect(prefixes(model)).toEqual(new Set(['image_encoder', 'text_encoder', 'sentence_pool', 'logit_scale']));
    expect([model.lam, model.bank, model.imageDecoder, model.reportDecoder, model.localLogitScale]).toEqual([null, null, null, null, null]);
    expect(await stage3Terms(model)).toEqual(['glob']);
    // Region tokens are unused in training here: their projection is not trained.
    const trained = model.parametersForStage(model.config.stages[2]);
    expect(model.imageEncoder.regionProj.parameters().some((p) => trained.includes(p))).toBe(false);
    const config = model.config;
    expect(() => model.localAttention(makeBatch(config, [1], 3).images, textOf(makeBatch(config, [1], 3)))).toThrow(ModelError);
  });

  it('without image reconstruction: no image decoder, no L_rec_img', async () => {
    const model = new PriorModel(smallConfig({ imageReconstruction: false }), { generator: new Generator(1) });
    expect(prefixes(model).has('image_decoder')).toBe(false);
    expect(await stage3Terms(model)).toEqual(['glob', 'gpa', 'kl', 'locImg', 'locTxt', 'proto', 'spg']);
  });

  it('without report reconstruction: no report decoder, no L_spg, L_kl, L_gpa', async () => {
    const model = new PriorModel(smallConfig({ reportReconstruction: false }), { generator: new Generator(1) });
    expect(prefixes(model).has('report_decoder')).toBe(false);
    expect(await stage3Terms(model)).toEqual(['glob', 'locImg', 'locTxt', 'proto', 'recImg']);
  });

  it('without the prototype bank: no bank, no L_proto, sentences pooled as they are', async () => {
    const model = new PriorModel(smallConfig({ prototypes: false, reportReconstruction: false }), { generator: new Generator(1) });
    expect(prefixes(model).has('prototype_bank')).toBe(false);
    expect(await stage3Terms(model)).toEqual(['glob', 'locImg', 'locTxt', 'recImg']);
    const stage2 = model.parametersForStage(model.config.stages[1]);
    expect(stage2.length).toBe(model.parametersForStage(model.config.stages[0]).length);
  });

  it('without LAM: no LAM parameters, no L_loc_img, L_loc_txt', async () => {
    const model = new PriorModel(smallConfig({ localAlignment: false, imageReconstruction: false }), { generator: new Generator(1) });
    expect(prefixes(model).has('lam')).toBe(false);
    expect(await stage3Terms(model)).toEqual(['glob', 'gpa', 'kl', 'proto', 'spg']);
  });
});
