/** Local-alignment heatmaps (sentence → image regions) for the evaluation report. */
export { localAlignmentHeatmaps, type HeatmapOptions, type HeatmapFigure } from './heatmaps.js';
