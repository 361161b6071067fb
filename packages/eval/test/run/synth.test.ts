import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMimicCxr, read5x200 } from '@prior/datasets';
import { nodeDirectory } from '@prior/datasets';
import { EVAL_SYNTH_QUICK, mimicRetrieval, writeEvalSynthCxr } from '../../src/index.js';

describe('writeEvalSynthCxr', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'prior-eval-synth-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const nothingElse = { covidx: { train: 0, test: 0 }, mimicSubjects: 0, siim: { count: 0 }, rsna: { count: 0 } };

  it('writes a 5x200-style split of any perClass ≥ 1 (seeds whose hedged reports used to leave too few)', async () => {
    // Seed 7 at perClass 3 and seed 9 at perClass 1 failed with "only 2 eligible … need 3" before the writer drew until enough were eligible.
    for (const [seed, perClass] of [[7, 3], [9, 1]]) {
      const d = join(dir, `chx-${seed}-${perClass}`);
      await writeEvalSynthCxr(d, { seed, chexpert: { train: 0, valid: 0, perClass }, ...nothingElse });
      const split = await read5x200(nodeDirectory(join(d, 'chexpert')), 'chexpert_5x200.csv');
      expect(split.length).toBe(5 * perClass);
    }
  });

  it('writes SIIM and RSNA trees of the given size, and leaves out a part of count 0', async () => {
    const d = join(dir, 'dense');
    await writeEvalSynthCxr(d, { chexpert: { train: 0, valid: 0, perClass: 1 }, covidx: { train: 0, test: 0 }, mimicSubjects: 0, siim: { count: 10 }, rsna: { count: 0 } });
    expect((await readdir(d)).sort()).toEqual(['chexpert', 'covidx', 'siim']);
    expect(await readdir(join(d, 'siim'))).toEqual(expect.arrayContaining(['train-rle.csv', 'dicom-images-train']));
    expect(EVAL_SYNTH_QUICK.siim.count).toBeLessThan(60);
  });

  it('writes a MIMIC tree whose studies are all held out, so retrieval draws from every one', async () => {
    const d = join(dir, 'mimic');
    await writeEvalSynthCxr(d, { chexpert: { train: 0, valid: 0, perClass: 1 }, covidx: { train: 0, test: 0 }, mimicSubjects: 12, siim: { count: 0 }, rsna: { count: 0 } });
    const studies = await loadMimicCxr(join(d, 'mimic'));
    expect(studies.length).toBeGreaterThanOrEqual(12);
    expect(new Set(studies.map((s) => s.split))).toEqual(new Set(['validate', 'test']));
    const data = await mimicRetrieval(nodeDirectory(join(d, 'mimic')));
    expect(data.images.length).toBe(data.candidates.length);
    expect(data.images.length).toBeGreaterThan(0);
  });

  it('rejects sizes it cannot write up front, naming the option and the minimum', async () => {
    const d = join(dir, 'bad');
    await expect(writeEvalSynthCxr(d, { chexpert: { train: 0, valid: 0, perClass: 0 } })).rejects.toThrow(/chexpert.perClass must be an integer of at least 1.*got 0/);
    await expect(writeEvalSynthCxr(d, { siim: { count: 5 } })).rejects.toThrow(/siim.count must be 0 \(not written\) or at least 10.*got 5/);
    await expect(writeEvalSynthCxr(d, { rsna: { count: 20, positiveFraction: 1 } })).rejects.toThrow(/rsna.positiveFraction must be a number in \(0, 1\)/);
    await expect(writeEvalSynthCxr(d, { size: 32 })).rejects.toThrow(/size must be an integer from 64 to 512/);
    await expect(readdir(d)).rejects.toThrow();
  });
});
