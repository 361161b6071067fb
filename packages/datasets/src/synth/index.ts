/** SynthCXR: procedural chest radiographs with reports, labels, masks and boxes, written in the real layouts. */
export {
  type Anatomy, type Finding, type FindingKind, type StudySpec, type Prevalence, type SampleOptions, type Side, type Zone, type DeviceType,
  FINDING_KINDS, DEFAULT_PREVALENCE, sampleAnatomy, sampleFinding, sampleFindings, sampleStudy,
} from './spec.js';
export { renderStudy, type RenderedStudy, MIN_SIZE, MAX_SIZE } from './render.js';
export { writeReport, type SynthReport } from './report.js';
export { buildStudy, generateStudy, sampleSubject, followUpAnatomy, type SynthStudy, type StudyOptions } from './study.js';
export { writeMimicCxr, type MimicWriteOptions, type MimicTruthStudy } from './writers/mimic.js';
export { writeChexpert, CHEXPERT_ROOT, CHEXPERT_5X200_FILE, type ChexpertWriteOptions, type ChexpertTruth } from './writers/chexpert.js';
export { writeRsna, type RsnaWriteOptions, type RsnaTruth } from './writers/rsna.js';
export { writeSiim, type SiimWriteOptions, type SiimTruth } from './writers/siim.js';
export { writeCovidx, COVIDX_CLASSES, type CovidxWriteOptions } from './writers/covidx.js';
export { writeNih, type NihWriteOptions } from './writers/nih.js';
