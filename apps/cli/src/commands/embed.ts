/** `prior embed`: global embeddings of images or reports, written as safetensors. */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { noGrad } from '@prior/autograd';
import { saveSafetensors } from '@prior/nn';
import { scope, shutdown, tensor } from '@prior/tensor';
import type { CommandSpec } from '../framework/command.js';
import { disposeText, imageBatch, textBatch } from '../inference/inputs.js';
import { MODEL_OPTIONS, loadModel } from '../inference/load-run.js';

export const embedCommand: CommandSpec = {
  path: ['embed'],
  summary: 'Embed images or reports with a trained model into a safetensors file',
  description: 'Writes the tensor "embeddings" [N, D] (L2-normalised global vectors, in input order);\nthe metadata holds the kind, the input files (JSON) and the checkpoint.',
  args: [{ name: 'inputs', variadic: true, description: 'Image files (PNG, JPEG, DICOM) or, with --kind reports, text files of one report each' }],
  options: [
    ...MODEL_OPTIONS,
    { name: 'kind', type: 'string', choices: ['images', 'reports'], default: 'images', description: 'What the inputs are' },
    { name: 'out', short: 'o', type: 'string', valueName: '<file>', required: true, description: 'The safetensors file to write' },
    { name: 'batch', type: 'int', min: 1, default: 16, valueName: '<n>', description: 'Inputs encoded at once' },
  ],
  examples: ['prior embed scans/*.png --run runs/tiny --out image-embeddings.safetensors', 'prior embed reports/*.txt --kind reports --run runs/tiny --out report-embeddings.safetensors'],
  async run({ args, options }, ctx) {
    const inputs = (args.inputs as string[]).map((p) => resolve(ctx.cwd, p));
    const m = await loadModel(options, ctx.cwd, ctx.log);
    try {
      const D = m.config.model.embedDim;
      const out = new Float32Array(inputs.length * D);
      const batch = options.batch as number;
      for (let i = 0; i < inputs.length; i += batch) {
        const chunk = inputs.slice(i, i + batch);
        const rows = await scope(async () => {
          if (options.kind === 'images') {
            const x = await imageBatch(chunk, m.config, m.device);
            return noGrad(() => m.model.encodeImage(x).global).data();
          }
          const texts = await Promise.all(chunk.map((p) => readFile(p, 'utf8')));
          const t = textBatch(texts, m.tokenizer, m.config, m.device, 'report');
          try {
            return await noGrad(() => m.model.encodeReport(t, { usePrototypes: m.usePrototypes }).global).data();
          } finally {
            disposeText(t);
          }
        });
        out.set(rows as Float32Array, i * D);
      }
      const embeddings = tensor(out, { shape: [inputs.length, D], dtype: 'float32' });
      const file = resolve(ctx.cwd, options.out as string);
      await saveSafetensors(file, { embeddings }, { metadata: { kind: options.kind as string, inputs: JSON.stringify(args.inputs), checkpoint: m.checkpoint } });
      embeddings.dispose();
      ctx.out(`${inputs.length} ${options.kind} embedded (D=${D}) -> ${file}`);
    } finally {
      shutdown();
    }
  },
};
