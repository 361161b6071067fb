/** `prior zero-shot`: classify images by similarity to one text prompt per label. */
import { resolve } from 'node:path';
import { noGrad } from '@prior/autograd';
import { scope, shutdown, softmax } from '@prior/tensor';
import type { CommandSpec } from '../framework/command.js';
import { UsageError } from '../framework/errors.js';
import { disposeText, imageBatch, textBatch } from '../inference/inputs.js';
import { MODEL_OPTIONS, loadModel } from '../inference/load-run.js';

export const zeroShotCommand: CommandSpec = {
  path: ['zero-shot'],
  summary: 'Zero-shot classification: each image against one prompt per label',
  args: [{ name: 'images', variadic: true, description: 'Image files (PNG, JPEG, DICOM)' }],
  options: [
    ...MODEL_OPTIONS,
    { name: 'labels', short: 'l', type: 'string', valueName: '<a,b,...>', required: true, description: 'Comma-separated class labels (at least two)' },
    { name: 'template', type: 'string', valueName: '<text>', default: '{label}.', description: 'Prompt for each label; {label} is replaced by it' },
    { name: 'json', type: 'boolean', description: 'Print the probabilities as JSON' },
  ],
  examples: ["prior zero-shot scan.png --run runs/tiny --labels 'cardiomegaly,pleural effusion,no finding' --template 'There is {label}.'"],
  async run({ args, options }, ctx) {
    const labels = (options.labels as string).split(',').map((l) => l.trim()).filter(Boolean);
    if (labels.length < 2) throw new UsageError(`--labels: expected at least two comma-separated labels, got ${JSON.stringify(options.labels)}`, 'zero-shot');
    const template = options.template as string;
    if (!template.includes('{label}')) throw new UsageError(`--template: expected a text containing {label}, got ${JSON.stringify(template)}`, 'zero-shot');
    const paths = args.images as string[];
    const m = await loadModel(options, ctx.cwd, ctx.log);
    try {
      const probs = await scope(async () => {
        const x = await imageBatch(paths.map((p) => resolve(ctx.cwd, p)), m.config, m.device);
        const t = textBatch(labels.map((l) => template.replaceAll('{label}', l)), m.tokenizer, m.config, m.device, 'prompt');
        try {
          return await noGrad(() => softmax(m.model.similarity(m.model.encodeImage(x).global, m.model.encodePrompt(t, { usePrototypes: m.usePrototypes })), -1)).data();
        } finally {
          disposeText(t);
        }
      });
      const rows = paths.map((p, i) => ({ image: p, probabilities: Object.fromEntries(labels.map((l, j) => [l, probs[i * labels.length + j]])) }));
      if (options.json) ctx.out(JSON.stringify(rows, null, 2));
      else
        for (const r of rows) {
          const ranked = Object.entries(r.probabilities).sort((a, b) => b[1] - a[1]);
          ctx.out(`${r.image}: ${ranked[0][0]} (${ranked.map(([l, p]) => `${l} ${(p * 100).toFixed(1)}%`).join(', ')})`);
        }
    } finally {
      shutdown();
    }
  },
};
