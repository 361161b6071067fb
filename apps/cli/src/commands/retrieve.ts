/** `prior retrieve`: rank a list of reports by similarity to an image. */
import { resolve } from 'node:path';
import { noGrad } from '@prior/autograd';
import { scope, shutdown } from '@prior/tensor';
import type { CommandSpec } from '../framework/command.js';
import { disposeText, imageBatch, textBatch } from '../inference/inputs.js';
import { MODEL_OPTIONS, loadModel } from '../inference/load-run.js';
import { readReportList } from '../inference/read-texts.js';

export const retrieveCommand: CommandSpec = {
  path: ['retrieve'],
  summary: 'Image-to-report retrieval: the reports closest to an image',
  args: [{ name: 'image', description: 'Image file (PNG, JPEG, DICOM)' }],
  options: [
    ...MODEL_OPTIONS,
    { name: 'reports', type: 'string', valueName: '<file>', required: true, description: 'Candidate reports: one per line, or a .json array of strings' },
    { name: 'top', short: 'k', type: 'int', min: 1, default: 5, description: 'How many reports to show' },
    { name: 'json', type: 'boolean', description: 'Print the ranking as JSON' },
  ],
  examples: ['prior retrieve scan.png --run runs/tiny --reports reports.txt --top 3'],
  async run({ args, options }, ctx) {
    const reports = await readReportList(resolve(ctx.cwd, options.reports as string), '--reports');
    const m = await loadModel(options, ctx.cwd, ctx.log);
    try {
      const scores = await scope(async () => {
        const x = await imageBatch([resolve(ctx.cwd, args.image as string)], m.config, m.device);
        const t = textBatch(reports, m.tokenizer, m.config, m.device, 'report');
        try {
          return await noGrad(() => m.model.similarity(m.model.encodeImage(x).global, m.model.encodeReport(t, { usePrototypes: m.usePrototypes }).global)).data();
        } finally {
          disposeText(t);
        }
      });
      const ranked = reports.map((report, i) => ({ rank: 0, index: i + 1, score: scores[i], report })).sort((a, b) => b.score - a.score);
      ranked.forEach((r, i) => (r.rank = i + 1));
      const top = ranked.slice(0, options.top as number);
      if (options.json) ctx.out(JSON.stringify(top, null, 2));
      else for (const r of top) ctx.out(`${r.rank}. [${r.index}] ${r.score.toFixed(3)}  ${r.report}`);
    } finally {
      shutdown();
    }
  },
};
