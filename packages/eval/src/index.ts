/**
 * @prior/eval — how good are the representations? Metrics checked against scikit-learn,
 * seed statistics, the `Encoder` interface every evaluated model implements, and the
 * result/report writers (JSON, Markdown tables, PNG plots).
 */
export { MetricInputError, ReportError } from './errors.js';
export * from './metrics/index.js';
export { meanStd, formatMeanStd, formatNumber, formatInterval, type MeanStd, type FormatOptions } from './stats.js';
export {
  type Encoder,
  type ImageEncoding,
  type TextEncoding,
  type TextBatch,
  EncoderContractError,
  checkImageEncoding,
  checkTextEncoding,
  checkScores,
} from './encoder.js';
export * from './report/index.js';
export * from './tasks/common/index.js';
export * from './heads/index.js';
export * from './tasks/segmentation/index.js';
export * from './tasks/detection/index.js';
export * from './tasks/classification/index.js';
export * from './tasks/zero-shot/index.js';
export * from './tasks/retrieval/index.js';
export * from './tasks/local-alignment/index.js';
export * from './encoders/index.js';
export * from './run/index.js';
