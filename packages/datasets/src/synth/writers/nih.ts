import { encodePng } from '../../images/index.js';
import { formatCsv } from '../../layouts/csv.js';
import { type FileStore, writeText } from '../../layouts/file-store.js';
import type { NihBox, NihLabel, NihRecord } from '../../layouts/nih.js';
import { SeededRandom, deriveSeed } from '../../layouts/seeded-random.js';
import type { Finding } from '../spec.js';
import { sampleSubject, buildStudy } from '../study.js';

export interface NihWriteOptions {
  seed: number;
  patients: number;
  size: number;
  /** Share of patients in test_list.txt. */
  testFraction?: number;
}

function nihLabels(f: Finding): NihLabel[] {
  switch (f.kind) {
    case 'cardiomegaly':
      return ['Cardiomegaly'];
    case 'effusion':
      return ['Effusion'];
    case 'pneumothorax':
      return ['Pneumothorax'];
    case 'consolidation':
      return f.pneumonia === 'yes' ? ['Consolidation', 'Pneumonia'] : ['Consolidation'];
    case 'atelectasis':
      return ['Atelectasis'];
    case 'edema':
      return ['Edema'];
    case 'nodule':
      return ['Nodule'];
    case 'device':
      return [];
  }
}

/**
 * ChestX-ray14-like: Data_Entry_2017.csv (labels joined by "|"), BBox_List_2017.csv
 * for the findings that have a mask (box = mask bounds), train_val_list.txt and
 * test_list.txt split by patient, and PNGs under images/.
 */
export async function writeNih(store: FileStore, o: NihWriteOptions): Promise<NihRecord[]> {
  const rng = new SeededRandom(deriveSeed(o.seed, 'nih'));
  const records: NihRecord[] = [];
  for (let p = 1; p <= o.patients; p++) {
    const specs = sampleSubject(deriveSeed(o.seed, 'nih-patient', p), 1 + rng.int(3));
    const test = rng.chance(o.testFraction ?? 0.2);
    for (let j = 0; j < specs.length; j++) {
      const study = buildStudy(specs[j], { size: o.size });
      const name = `${String(p).padStart(8, '0')}_${String(j).padStart(3, '0')}.png`;
      await store.write(`images/${name}`, encodePng(study.image, o.size, o.size));
      const labels = [...new Set(specs[j].findings.flatMap(nihLabels))];
      const boxes: NihBox[] = [];
      specs[j].findings.forEach((f, k) => {
        const l = nihLabels(f)[0];
        if (!l || !rng.chance(0.5)) return;
        const b = bounds(study.findingMasks[k], o.size);
        if (b) boxes.push({ label: l, ...b });
      });
      const a = specs[j].anatomy;
      records.push({
        imageIndex: name,
        labels,
        followUp: j,
        patientId: p,
        age: a.age,
        sex: a.sex,
        viewPosition: a.projection,
        originalWidth: o.size,
        originalHeight: o.size,
        pixelSpacing: [0.143, 0.143],
        boxes,
        split: test ? 'test' : 'train_val',
        path: `images/${name}`,
      });
    }
  }
  // The published header splits the bracketed names over columns and ends with a comma.
  const header = 'Image Index,Finding Labels,Follow-up #,Patient ID,Patient Age,Patient Gender,View Position,OriginalImage[Width,Height],OriginalImagePixelSpacing[x,y],';
  const rows = records.map((r) => formatCsv(['x'], [[r.imageIndex, r.labels.length ? r.labels.join('|') : 'No Finding', r.followUp, r.patientId, r.age, r.sex, r.viewPosition, r.originalWidth, r.originalHeight, r.pixelSpacing[0], r.pixelSpacing[1]]]).split('\n')[1]);
  await writeText(store, 'Data_Entry_2017.csv', [header, ...rows].join('\n') + '\n');
  const boxRows = records.flatMap((r) => r.boxes.map((b) => `${r.imageIndex},${b.label},${b.x},${b.y},${b.width},${b.height},,,`));
  await writeText(store, 'BBox_List_2017.csv', ['Image Index,Finding Label,Bbox [x,y,w,h],,,', ...boxRows].join('\n') + '\n');
  await writeText(store, 'train_val_list.txt', records.filter((r) => r.split === 'train_val').map((r) => r.imageIndex).join('\n') + '\n');
  await writeText(store, 'test_list.txt', records.filter((r) => r.split === 'test').map((r) => r.imageIndex).join('\n') + '\n');
  return records;
}

function bounds(mask: Uint8Array, size: number): { x: number; y: number; width: number; height: number } | null {
  let x0 = size, y0 = size, x1 = -1, y1 = -1;
  for (let k = 0; k < mask.length; k++) {
    if (!mask[k]) continue;
    const x = k % size, y = (k - x) / size;
    x0 = Math.min(x0, x);
    x1 = Math.max(x1, x);
    y0 = Math.min(y0, y);
    y1 = Math.max(y1, y);
  }
  return x1 < 0 ? null : { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}
