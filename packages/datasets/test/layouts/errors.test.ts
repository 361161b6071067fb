import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DatasetError, DecodeError, ParseError } from '../../src/errors.js';
import { loadChexpert, read5x200 } from '../../src/layouts/chexpert.js';
import { loadCovidx } from '../../src/layouts/covidx.js';
import { memoryStore } from '../../src/layouts/file-store.js';
import { MIMIC_CHEXPERT, MIMIC_METADATA, MIMIC_SPLIT, loadMimicCxr } from '../../src/layouts/mimic.js';
import { loadNih } from '../../src/layouts/nih.js';
import { loadRsna } from '../../src/layouts/rsna.js';
import { loadSiim } from '../../src/layouts/siim.js';
import { readSplitFile } from '../../src/layouts/split-file.js';

const enc = (s: string) => new TextEncoder().encode(s);
const store = (files: Record<string, string | Uint8Array>) =>
  memoryStore(new Map(Object.entries(files).map(([k, v]) => [k, typeof v === 'string' ? enc(v) : v])));

const CHEX_HEADER = 'Path,Sex,Age,Frontal/Lateral,AP/PA,No Finding,Enlarged Cardiomediastinum,Cardiomegaly,Lung Opacity,Lung Lesion,Edema,Consolidation,Pneumonia,Atelectasis,Pneumothorax,Pleural Effusion,Pleural Other,Fracture,Support Devices';
const chexRow = (labels: string) => `CheXpert-v1.0-small/train/patient00001/study1/view1_frontal.jpg,Female,68,Frontal,AP,${labels}`;
const OK_LABELS = '1.0,,,,,,,,,,0.0,,,';

describe('loaders name the file and line of malformed input', () => {
  it('CheXpert: bad label value, bad view, missing column, wrong field count', async () => {
    await expect(loadChexpert(store({ 'train.csv': `${CHEX_HEADER}\n${chexRow(OK_LABELS)}\n${chexRow('1.0,,,,,,2.0,,,,,,,')}\n` }), 'train'))
      .rejects.toThrow('train.csv:3: Consolidation must be 1, 0, -1 or blank, got "2.0"');
    await expect(loadChexpert(store({ 'train.csv': `${CHEX_HEADER}\n${chexRow(OK_LABELS).replace('Frontal', 'Oblique')}\n` }), 'train'))
      .rejects.toThrow('train.csv:2: Frontal/Lateral must be Frontal or Lateral, got "Oblique"');
    await expect(loadChexpert(store({ 'valid.csv': CHEX_HEADER.replace(',Edema', '') + '\n' }), 'valid')).rejects.toThrow('valid.csv:1: missing column "Edema"');
    await expect(loadChexpert(store({ 'train.csv': `${CHEX_HEADER}\n${chexRow(OK_LABELS)},extra\n` }), 'train')).rejects.toThrow('train.csv:2: expected 19 fields, got 20');
    const parsed = await loadChexpert(store({ 'train.csv': `${CHEX_HEADER}\n${chexRow('1.0,,,-1.0,,,,,,,0.0,,,')}\n` }), 'train');
    expect(parsed[0].labels[3]).toBe(-1);
    expect(parsed[0].file).toBe('train/patient00001/study1/view1_frontal.jpg');
  });

  it('CheXpert 5x200 split file: rows must mark exactly one class', async () => {
    const s = store({ 'split.csv': 'Path,Atelectasis,Cardiomegaly,Consolidation,Edema,Pleural Effusion\na.jpg,1,0,0,0,0\nb.jpg,1,1,0,0,0\n' });
    await expect(read5x200(s, 'split.csv')).rejects.toThrow('split.csv:3: expected exactly one class marked 1, got 2');
  });

  it('RSNA: bad Target, non-numeric box, mixed targets, missing DICOM', async () => {
    const H = 'patientId,x,y,width,height,Target\n';
    const img = { 'stage_2_train_images/a.dcm': new Uint8Array(1) };
    await expect(loadRsna(store({ 'stage_2_train_labels.csv': `${H}a,,,,,2\n`, ...img }))).rejects.toThrow('stage_2_train_labels.csv:2: Target must be 0 or 1, got "2"');
    await expect(loadRsna(store({ 'stage_2_train_labels.csv': `${H}a,1,2,x,4,1\n`, ...img }))).rejects.toThrow('stage_2_train_labels.csv:2: width is not a number: "x"');
    await expect(loadRsna(store({ 'stage_2_train_labels.csv': `${H}a,1,2,3,4,1\na,,,,,0\n`, ...img }))).rejects.toThrow('stage_2_train_labels.csv:3: patient a has rows with both Target 0 and 1');
    await expect(loadRsna(store({ 'stage_2_train_labels.csv': `${H}b,,,,,0\n`, ...img }))).rejects.toThrow('stage_2_train_images/b.dcm: file not found (1 image(s) of stage_2_train_labels.csv missing)');
    const recs = await loadRsna(store({ 'stage_2_train_labels.csv': `${H}a,1,2,3,4,1\na,5,6,7,8,1\n`, ...img }));
    expect(recs[0].boxes).toEqual([{ x: 1, y: 2, width: 3, height: 4 }, { x: 5, y: 6, width: 7, height: 8 }]);
  });

  it('SIIM: bad encodings and missing images', async () => {
    const H = 'ImageId, EncodedPixels\n';
    const img = { 'dicom-images-train/s/r/1.2.3.dcm': new Uint8Array(1) };
    await expect(loadSiim(store({ 'train-rle.csv': `${H}1.2.3, 5 x\n`, ...img }))).rejects.toThrow('train-rle.csv:2: EncodedPixels is not a run-length encoding: "5 x"');
    await expect(loadSiim(store({ 'train-rle.csv': `${H}1.2.3, 5 1 2\n`, ...img }))).rejects.toThrow('train-rle.csv:2: EncodedPixels has an odd number of values');
    await expect(loadSiim(store({ 'train-rle.csv': `${H}1.2.3, 5 1\n1.2.3, -1\n`, ...img }))).rejects.toThrow('train-rle.csv:3: image 1.2.3 is both empty (-1) and has a mask');
    await expect(loadSiim(store({ 'train-rle.csv': `${H}9.9, -1\n`, ...img }))).rejects.toThrow('dicom-images-train: no DICOM file for 1 image(s) in train-rle.csv, e.g. 9.9.dcm');
    const recs = await loadSiim(store({ 'train-rle.csv': `${H}1.2.3, 5 1\n1.2.3, 9 2\n`, ...img }));
    expect(recs[0]).toEqual({ imageId: '1.2.3', rles: ['5 1', '9 2'], pneumothorax: true, path: 'dicom-images-train/s/r/1.2.3.dcm' });
  });

  it('COVIDx and NIH: wrong field counts, unknown labels, images not in the data entry file', async () => {
    await expect(loadCovidx(store({ 'test.txt': 'p1 a.png positive rsna\np2 b.png positive\n' }), 'test')).rejects.toThrow('test.txt:2: expected 4 space-separated fields');
    const H = 'Image Index,Finding Labels,Follow-up #,Patient ID,Patient Age,Patient Gender,View Position,OriginalImage[Width,Height],OriginalImagePixelSpacing[x,y],\n';
    const row = (labels: string) => `00000001_000.png,${labels},0,1,58,M,PA,2682,2749,0.143,0.143\n`;
    await expect(loadNih(store({ 'Data_Entry_2017.csv': H + row('Cardiomegaly|Flu') }))).rejects.toThrow('Data_Entry_2017.csv:2: unknown finding label "Flu"');
    await expect(loadNih(store({ 'Data_Entry_2017.csv': H + '00000001_000.png,No Finding,0,1\n' }))).rejects.toThrow('Data_Entry_2017.csv:2: expected at least 11 fields, got 4');
    await expect(loadNih(store({ 'Data_Entry_2017.csv': H + row('No Finding'), 'test_list.txt': '00000001_000.png\n00000002_000.png\n' }))).rejects.toThrow('test_list.txt:2: image 00000002_000.png is not in Data_Entry_2017.csv');
    await expect(loadNih(store({ 'Data_Entry_2017.csv': H + row('Nodule'), 'BBox_List_2017.csv': 'Image Index,Finding Label,Bbox [x,y,w,h],,,\n00000001_000.png,Nodule,1,2,three,4,,,\n' })))
      .rejects.toThrow('BBox_List_2017.csv:2: box values are not numbers: 1,2,three,4');
    const recs = await loadNih(store({ 'Data_Entry_2017.csv': H + row('Cardiomegaly|Effusion'), 'BBox_List_2017.csv': 'Image Index,Finding Label,Bbox [x,y,w,h],,,\n00000001_000.png,Infiltrate,1.5,2,3,4,,,\n', 'images_001/images/00000001_000.png': new Uint8Array(1) }));
    expect(recs[0].labels).toEqual(['Cardiomegaly', 'Effusion']);
    expect(recs[0].boxes).toEqual([{ label: 'Infiltration', x: 1.5, y: 2, width: 3, height: 4 }]);
    expect(recs[0].path).toBe('images_001/images/00000001_000.png');
  });

  it('MIMIC: missing files, corrupt gzip, dicoms absent from the split file', async () => {
    const meta = 'dicom_id,subject_id,study_id,ViewPosition\nd1,10000032,50414267,PA\n';
    const split = 'dicom_id,study_id,subject_id,split\nd1,50414267,10000032,train\n';
    const labels = 'subject_id,study_id,Atelectasis,Cardiomegaly,Consolidation,Edema,Enlarged Cardiomediastinum,Fracture,Lung Lesion,Lung Opacity,No Finding,Pleural Effusion,Pleural Other,Pneumonia,Pneumothorax,Support Devices\n10000032,50414267,,,,,,,,,1.0,,,,,\n';
    const gz = (s: string) => new Uint8Array(gzipSync(enc(s)));
    const err = await loadMimicCxr(store({ [MIMIC_METADATA]: gz(meta), [MIMIC_SPLIT]: gz(split) })).catch((e) => e);
    expect(err).toBeInstanceOf(DatasetError);
    expect(err.message).toBe(`${MIMIC_CHEXPERT}: file not found`);
    const bad = gz(split).slice(0, 20);
    const err2 = await loadMimicCxr(store({ [MIMIC_METADATA]: gz(meta), [MIMIC_SPLIT]: bad, [MIMIC_CHEXPERT]: gz(labels) })).catch((e) => e);
    expect(err2).toBeInstanceOf(DecodeError);
    expect(err2.message).toMatch(/^mimic-cxr-2\.0\.0-split\.csv\.gz: corrupt gzip stream/);
    await expect(loadMimicCxr(store({ [MIMIC_METADATA]: enc(meta), [MIMIC_SPLIT]: gz(split), [MIMIC_CHEXPERT]: gz(labels) }))).rejects.toThrow(`${MIMIC_METADATA}: not a gzip file`);
    const meta2 = meta + 'd2,10000032,50414267,AP\n';
    await expect(loadMimicCxr(store({ [MIMIC_METADATA]: gz(meta2), [MIMIC_SPLIT]: gz(split), [MIMIC_CHEXPERT]: gz(labels) }))).rejects.toThrow(`${MIMIC_METADATA}:3: dicom d2 has no row in ${MIMIC_SPLIT}`);
    const ok = await loadMimicCxr(store({ [MIMIC_METADATA]: gz(meta), [MIMIC_SPLIT]: gz(split), [MIMIC_CHEXPERT]: gz(labels) }));
    expect(ok[0].images[0].path).toBe('files/p10/p10000032/s50414267/d1.jpg');
    expect(ok[0].reportPath).toBe('files/p10/p10000032/s50414267.txt');
  });

  it('split files reject duplicates', async () => {
    const err = await readSplitFile(store({ 's.csv': 'id,split\na,train\na,train\n' }), 's.csv').catch((e) => e);
    expect(err).toBeInstanceOf(ParseError);
    expect(err.message).toBe('s.csv:3: duplicate id "a"');
  });
});
