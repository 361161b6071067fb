export { type DatasetFingerprint, fingerprintFileList, fingerprintDirectory, fingerprintSplitFile } from './fingerprint.js';
export {
  RESULTS_FORMAT,
  type RunResult,
  type RunResultInput,
  type SeedResult,
  type AggregateMetric,
  aggregateSeeds,
  makeRunResult,
  resultsToJson,
  parseResults,
  writeResults,
  readResults,
} from './results.js';
export { resultsTable, markdownReport, type TableOptions, type ReportSection } from './markdown.js';
export { Canvas, PALETTE, WHITE, BLACK, GREY, LIGHT_GREY, type Rgb, type Align } from './canvas.js';
export { rocPlot, barChart, lineChart, type RocSeries, type RocPlotOptions, type BarSeries, type BarChartOptions, type LineSeries, type LineChartOptions } from './plots.js';
export { sentenceHeatmap, upsampleHeatmap, heatOverlay, localAlignmentFigure, type HeatmapRow } from './heatmap.js';
