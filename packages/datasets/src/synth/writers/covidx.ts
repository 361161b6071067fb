import { encodePng } from '../../images/index.js';
import { type CovidxRecord, formatCovidxList } from '../../layouts/covidx.js';
import { type FileStore, writeText } from '../../layouts/file-store.js';
import { SeededRandom, deriveSeed } from '../../layouts/seeded-random.js';
import { type Finding, type StudySpec, sampleAnatomy, sampleFinding, sampleFindings } from '../spec.js';
import { buildStudy } from '../study.js';

export const COVIDX_CLASSES = ['normal', 'pneumonia', 'COVID-19'] as const;

export interface CovidxWriteOptions {
  seed: number;
  train: number;
  test: number;
  size: number;
}

/**
 * The three COVIDx classes as findings: COVID-19 as bilateral, mostly lower-zone patchy
 * opacities; pneumonia as a single lobar consolidation; normal as no lung finding.
 */
function covidxSpec(cls: (typeof COVIDX_CLASSES)[number], seed: number): StudySpec {
  const rng = new SeededRandom(seed);
  const anatomy = sampleAnatomy(rng);
  let findings: Finding[];
  const lung = ['consolidation', 'atelectasis', 'edema', 'nodule', 'effusion', 'pneumothorax'] as const;
  if (cls === 'normal') findings = sampleFindings(rng, { exclude: [...lung] });
  else if (cls === 'pneumonia') findings = [sampleFinding('consolidation', SeededRandom.derive(seed, 'c'))];
  else {
    findings = (['right', 'left'] as const).map((side, i) => {
      const f = sampleFinding('consolidation', SeededRandom.derive(seed, 'covid', i));
      return { ...f, side, zone: rng.chance(0.7) ? 'lower' : 'middle', severity: rng.chance(0.6) ? 1 : 2 } as Finding;
    });
  }
  return { anatomy, findings, reportSeed: rng.int(2 ** 31) };
}

/** COVIDx-like lists (train.txt/test.txt: patient id, file, class, source) and PNGs under train/ and test/. */
export async function writeCovidx(store: FileStore, o: CovidxWriteOptions): Promise<Record<'train' | 'test', CovidxRecord[]>> {
  const out: Record<'train' | 'test', CovidxRecord[]> = { train: [], test: [] };
  const rng = new SeededRandom(deriveSeed(o.seed, 'covidx'));
  let patient = 0;
  for (const split of ['train', 'test'] as const) {
    const n = split === 'train' ? o.train : o.test;
    for (let i = 0; i < n; i++) {
      const cls = COVIDX_CLASSES[i % 3];
      const spec = covidxSpec(cls, deriveSeed(o.seed, split, i));
      const study = buildStudy(spec, { size: o.size });
      const patientId = String(100000 + patient++ * 7 + rng.int(7));
      const fileName = `synth-${split}-${String(i).padStart(5, '0')}.png`;
      await store.write(`${split}/${fileName}`, encodePng(study.image, o.size, o.size));
      out[split].push({ patientId, fileName, label: cls, source: 'synthcxr', path: `${split}/${fileName}` });
    }
    await writeText(store, `${split}.txt`, formatCovidxList(out[split]));
  }
  return out;
}
