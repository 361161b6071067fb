/** Loaders for the published chest X-ray layouts, their file formats and split files. */
export { type FileStore, type FileSource, nodeDirectory, memoryStore, toStore, readText, writeText } from './file-store.js';
export { gzip, gunzip, isGzip } from './gzip.js';
export { parseCsv, formatCsv, csvField, type CsvRow } from './csv.js';
export { Table, TableRow } from './table.js';
export { SeededRandom, deriveSeed } from './seeded-random.js';
export { type Box, rasterizeBoxes } from './box.js';
export {
  CHEXPERT_LABELS, CHEXPERT_5X200, type ChexpertLabel, type RawLabel, type UncertaintyPolicy, type LabelTargets,
  applyUncertainty, parseRawLabel, formatRawLabel,
} from './chexpert-labels.js';
export { loadChexpert, build5x200, write5x200, read5x200, type ChexpertRecord, type Chexpert5x200Entry } from './chexpert.js';
export {
  loadMimicCxr, pairMimicReports, frontalImageForEpoch, mimicSubjectDir, MIMIC_METADATA, MIMIC_SPLIT, MIMIC_CHEXPERT,
  type MimicStudy, type MimicImage, type MimicPair, type PairingSummary, type MimicOptions,
} from './mimic.js';
export { loadRsna, type RsnaRecord, type RsnaOptions } from './rsna.js';
export { rleDecode, rleEncode } from './rle.js';
export { loadSiim, siimMask, type SiimRecord, type SiimOptions } from './siim.js';
export { loadCovidx, parseCovidxList, formatCovidxList, type CovidxRecord } from './covidx.js';
export { loadNih, NIH_LABELS, type NihLabel, type NihRecord, type NihBox, type NihOptions } from './nih.js';
export { writeSplitFile, readSplitFile, type SplitEntry } from './split-file.js';
export { labelFraction, labelFractionSplit, type FractionOptions } from './label-fraction.js';
