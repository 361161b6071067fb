/**
 * `prior heatmap`: where in the image each report sentence attends (PRIOR's local
 * alignment, `PriorModel.localAttention`), drawn over the radiograph as a PNG.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { noGrad } from '@prior/autograd';
import { decodeImage, encodePng, toGrey } from '@prior/datasets';
import { heatOverlay, sentenceHeatmap, upsampleHeatmap } from '@prior/eval';
import { featureMapSide } from '@prior/prior';
import { scope, shutdown } from '@prior/tensor';
import type { CommandSpec } from '../framework/command.js';
import { UsageError } from '../framework/errors.js';
import { disposeText, imageBatch, textBatch } from '../inference/inputs.js';
import { MODEL_OPTIONS, loadModel } from '../inference/load-run.js';

export const heatmapCommand: CommandSpec = {
  path: ['heatmap'],
  summary: "Draw a report's local alignment (sentence-to-region attention) over an image as a PNG",
  args: [{ name: 'image', description: 'Image file (PNG, JPEG, DICOM)' }],
  options: [
    ...MODEL_OPTIONS,
    { name: 'report', type: 'string', valueName: '<text>', required: true, description: 'Report text (split into sentences)' },
    { name: 'sentence', type: 'int', min: 1, valueName: '<n>', description: 'Show only the n-th sentence (default: the mean over all sentences)' },
    { name: 'opacity', type: 'number', min: 0, max: 1, default: 0.6, description: 'Opacity of the heat map at its strongest' },
    { name: 'out', short: 'o', type: 'string', valueName: '<file.png>', required: true, description: 'PNG file to write (the size of the input image)' },
  ],
  examples: ["prior heatmap scan.png --run runs/tiny --report 'Mild cardiomegaly. No effusion.' --out attention.png"],
  async run({ args, options }, ctx) {
    const path = resolve(ctx.cwd, args.image as string);
    const m = await loadModel(options, ctx.cwd, ctx.log);
    try {
      const side = featureMapSide(m.config.model.imageEncoder);
      const { attention, sentences } = await scope(async () => {
        const x = await imageBatch([path], m.config, m.device);
        const t = textBatch([options.report as string], m.tokenizer, m.config, m.device, 'report');
        try {
          return { attention: await noGrad(() => m.model.localAttention(x, t, { usePrototypes: m.usePrototypes })).data(), sentences: t.sentenceCounts[0] };
        } finally {
          disposeText(t);
        }
      });
      const pick = options.sentence as number | undefined;
      if (pick !== undefined && pick > sentences) throw new UsageError(`--sentence: expected an integer from 1 to ${sentences} (the report's sentences), got ${pick}`, 'heatmap');
      // The map of one sentence or the mean over all, stretched to [0,1] (@prior/eval draws the report's heatmaps the same way).
      const norm = sentenceHeatmap(attention, sentences, side * side, pick ? pick - 1 : undefined);
      const base = toGrey(decodeImage(await readFile(path), { name: path }));
      const heat = upsampleHeatmap(norm, base.width, base.height);
      const file = resolve(ctx.cwd, options.out as string);
      await writeFile(file, encodePng(heatOverlay(base.data, heat, options.opacity as number), base.width, base.height, { channels: 3 }));
      ctx.out(`${file} (${base.width}x${base.height}; ${pick ? `sentence ${pick}` : `mean of ${sentences} sentences`} over ${side}x${side} regions)`);
    } finally {
      shutdown();
    }
  },
};
