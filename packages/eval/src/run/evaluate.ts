/**
 * The evaluation harness: tasks × methods × label fractions × seeds on one data tree,
 * writing one results JSON per (task, data set, method, fraction), ROC curves (PNG),
 * retrieval examples (the query images beside the report) and a Markdown report whose
 * tables have one row per method (PRIOR, random init, global-only and other ablations)
 * and one column per data set × fraction.
 *
 * Data: `<dataDir>/chexpert`, `<dataDir>/covidx`, `<dataDir>/mimic` (see synth.ts); a
 * task whose data is missing is skipped with a line in the report.
 */
import { type BertTokenizer, type FileStore, nodeDirectory, writeText } from '@prior/datasets';
import type { PriorConfig } from '@prior/prior';
import { fingerprintSplitFile, type DatasetFingerprint } from '../report/fingerprint.js';
import { type ReportSection, markdownReport } from '../report/markdown.js';
import { rocPlot } from '../report/plots.js';
import { type RunResult, writeResults } from '../report/results.js';
import { type ClassificationData, chexpert5x200, chexpertClassification, covidxClassification, mimicRetrieval } from '../tasks/common/data.js';
import { type MethodLike, asMethod } from '../tasks/common/method.js';
import { type ImagePreprocess, PixelCache, preprocessFromConfig } from '../tasks/common/preprocess.js';
import { resolveSeeds } from '../tasks/common/seeds.js';
import { DEFAULT_FRACTIONS, runClassification } from '../tasks/classification/task.js';
import type { FineTuneOptions } from '../tasks/classification/fine-tune.js';
import type { ProbeOptions } from '../tasks/classification/linear-probe.js';
import { type RetrievalExample, runRetrieval } from '../tasks/retrieval/task.js';
import { runZeroShot } from '../tasks/zero-shot/task.js';

export const EVAL_TASKS = ['linear-probe', 'fine-tune', 'zero-shot', 'retrieval'] as const;
export type EvalTask = (typeof EVAL_TASKS)[number];
export type ClassificationDataset = 'chexpert' | 'covidx';

export interface EvaluationOptions {
  dataDir: string;
  outDir: string;
  methods: readonly MethodLike[];
  tasks?: readonly EvalTask[];
  /** Classification data sets; default both. */
  datasets?: readonly ClassificationDataset[];
  fractions?: readonly number[];
  /** A count or a list; default 5. Fine-tuning may use fewer (`fineTuneSeeds`). */
  seeds?: number | readonly number[];
  fineTuneSeeds?: number | readonly number[];
  /** Image preprocessing; default from `config`. */
  preprocess?: ImagePreprocess;
  config?: PriorConfig;
  /** Needed by zero-shot and retrieval. */
  tokenizer?: BertTokenizer;
  /** Default: config.model.textEncoder.maxLen, else 128. */
  maxTextLength?: number;
  templates?: readonly string[];
  probe?: ProbeOptions;
  fineTune?: FineTuneOptions;
  /** Retrieval: images/reports per class drawn per seed; MIMIC splits used (default validate + test). */
  retrieval?: { perClass?: number; splits?: readonly string[]; candidates?: 'reports' | 'sentences' };
  zeroShot?: { perClass?: number };
  title?: string;
  onProgress?: (line: string) => void;
}

export interface EvaluationSummary {
  results: RunResult[];
  reportPath: string;
  resultFiles: string[];
  skipped: string[];
}

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

async function exists(store: FileStore, path: string): Promise<boolean> {
  try {
    return await store.exists(path);
  } catch {
    return false;
  }
}

async function fingerprints(name: string, store: FileStore, files: readonly string[]): Promise<DatasetFingerprint[]> {
  return Promise.all(files.map((f) => fingerprintSplitFile(`${name}: ${f}`, store, f)));
}

export async function runEvaluation(opts: EvaluationOptions): Promise<EvaluationSummary> {
  const tasks = opts.tasks ?? EVAL_TASKS;
  const pre = opts.preprocess ?? (opts.config ? preprocessFromConfig(opts.config) : null);
  if (!pre) throw new RangeError('runEvaluation: give `preprocess` or `config` (the image size and normalisation of the models)');
  if ((tasks.includes('zero-shot') || tasks.includes('retrieval')) && !opts.tokenizer) throw new RangeError('runEvaluation: zero-shot and retrieval need `tokenizer`');
  const maxTextLength = opts.maxTextLength ?? opts.config?.model.textEncoder.maxLen ?? 128;
  const methods = opts.methods.map(asMethod);
  const seeds = resolveSeeds(opts.seeds);
  const root = opts.dataDir.replace(/\/+$/, '');
  const out = nodeDirectory(opts.outDir);
  const cache = new PixelCache();
  const log = opts.onProgress ?? (() => {});
  const results: RunResult[] = [];
  const resultFiles: string[] = [];
  const skipped: string[] = [];
  const images: Record<string, { path: string; caption: string }[]> = {};
  const examples: { method: string; examples: RetrievalExample[] }[] = [];

  const save = async (r: RunResult) => {
    const file = `results/${slug(r.task)}-${slug(r.dataset)}-${slug(r.method)}${r.labelFraction === undefined ? '' : `-${+(r.labelFraction * 100).toPrecision(3)}pct`}.json`;
    await writeResults(out, file, r);
    results.push(r);
    resultFiles.push(file);
    const main = r.aggregate[r.primaryMetric];
    log(`${r.task} ${r.dataset}${r.labelFraction === undefined ? '' : ` ${r.labelFraction * 100}%`} ${r.method}: ${r.primaryMetric} ${main.mean.toFixed(4)} ± ${Number.isNaN(main.std) ? '-' : main.std.toFixed(4)}`);
  };

  // Classification.
  const classification: ClassificationData[] = [];
  if (tasks.includes('linear-probe') || tasks.includes('fine-tune')) {
    for (const ds of opts.datasets ?? ['chexpert', 'covidx']) {
      const store = nodeDirectory(`${root}/${ds}`);
      const marker = ds === 'chexpert' ? 'train.csv' : 'train.txt';
      if (!(await exists(store, marker))) {
        skipped.push(`classification on ${ds}: no ${root}/${ds}/${marker}`);
        continue;
      }
      classification.push(ds === 'chexpert' ? await chexpertClassification(store) : await covidxClassification(store));
    }
  }
  for (const mode of ['linear-probe', 'fine-tune'] as const) {
    if (!tasks.includes(mode)) continue;
    for (const data of classification) {
      const prints = await fingerprints(data.name, data.store, data.files);
      for (const m of methods) {
        const runs = await runClassification(data, m, {
          mode,
          preprocess: pre,
          fractions: opts.fractions ?? DEFAULT_FRACTIONS,
          seeds: mode === 'fine-tune' ? (opts.fineTuneSeeds ?? seeds) : seeds,
          probe: opts.probe,
          fineTune: opts.fineTune,
          cache,
          fingerprints: prints,
        });
        for (const run of runs) await save(run.result);
        // One ROC picture per method and data set: the largest fraction, first seed.
        const last = runs[runs.length - 1];
        if (last?.roc.length) {
          const file = `figures/roc-${mode}-${slug(data.name)}-${slug(m.name)}.png`;
          await out.write(file, rocPlot(last.roc, { title: `${m.name}, ${data.name} ${+(last.result.labelFraction! * 100).toPrecision(3)}%` }));
          (images[mode] ??= []).push({ path: file, caption: `ROC curves per class: ${m.name}, ${mode}, ${data.name} at ${+(last.result.labelFraction! * 100).toPrecision(3)}% labels (seed ${last.result.seeds[0]})` });
        }
      }
    }
  }

  // Zero-shot on the 5×200 split.
  if (tasks.includes('zero-shot')) {
    const store = nodeDirectory(`${root}/chexpert`);
    if (!(await exists(store, 'chexpert_5x200.csv'))) skipped.push(`zero-shot: no ${root}/chexpert/chexpert_5x200.csv`);
    else {
      const data = await chexpert5x200(store);
      const prints = await fingerprints(data.name, store, data.files);
      for (const m of methods) {
        await save(await runZeroShot(data, m, { preprocess: pre, tokenizer: opts.tokenizer!, templates: opts.templates, seeds, perClass: opts.zeroShot?.perClass, maxTextLength, cache, fingerprints: prints }));
      }
    }
  }

  // Retrieval on MIMIC-style held-out studies.
  if (tasks.includes('retrieval')) {
    const store = nodeDirectory(`${root}/mimic`);
    if (!(await exists(store, 'mimic-cxr-2.0.0-split.csv.gz'))) skipped.push(`retrieval: no MIMIC-CXR tree under ${root}/mimic`);
    else {
      const data = await mimicRetrieval(store, { splits: opts.retrieval?.splits });
      const prints = await fingerprints(data.name, store, data.files);
      for (const m of methods) {
        const run = await runRetrieval(data, m, {
          preprocess: pre, tokenizer: opts.tokenizer!, seeds, perClass: opts.retrieval?.perClass, candidates: opts.retrieval?.candidates, maxTextLength, cache, fingerprints: prints,
        });
        await save(run.result);
        examples.push({ method: m.name, examples: run.examples });
        for (const ex of run.examples) {
          const file = `figures/retrieval/${ex.image.split('/').pop()}`;
          if (!(await exists(out, file))) await out.write(file, await store.read(ex.image));
        }
      }
    }
  }

  const byTask = (t: string) => results.filter((r) => r.task === t);
  const sections: ReportSection[] = [];
  const seedNote = (t: string) => `Label fractions are stratified subsets of the training split drawn with each seed; early stopping on a held-out validation part. ${t}`;
  if (byTask('linear-probe').length) sections.push({ title: 'Linear probe (frozen image encoder)', text: seedNote('CheXpert: macro AUROC over five classes; COVIDx: accuracy.'), results: byTask('linear-probe'), images: images['linear-probe'] });
  if (byTask('fine-tune').length) sections.push({ title: 'Full fine-tuning', text: seedNote('Same metrics as the linear probe.'), results: byTask('fine-tune'), images: images['fine-tune'] });
  if (byTask('zero-shot').length) {
    sections.push({ title: 'Zero-shot classification (5×200-style)', text: 'Score = softmax(global similarity) + 0.5 × softmax(mean local attention) when the encoder has LAM. Each seed is a class-balanced redraw of the set. Accuracy:', results: byTask('zero-shot') });
    sections.push({ title: 'Zero-shot macro F1', results: byTask('zero-shot'), table: { metric: 'f1' } });
  }
  if (byTask('retrieval').length) {
    for (const k of [1, 5, 10]) sections.push({ title: `Image-to-text retrieval, Precision@${k}`, text: k === 1 ? 'Candidates from the same class are relevant; each seed redraws images and candidate reports class-balanced.' : undefined, results: byTask('retrieval'), table: { metric: `precision@${k}` } });
    sections.push({ title: 'Retrieval examples', text: retrievalExamplesMarkdown(examples) });
  }
  if (skipped.length) sections.push({ title: 'Skipped', text: skipped.map((s) => `- ${s}`).join('\n') });
  const reportPath = 'report.md';
  await writeText(out, reportPath, markdownReport(opts.title ?? 'Evaluation on SynthCXR', sections));
  return { results, reportPath, resultFiles, skipped };
}

function retrievalExamplesMarkdown(all: readonly { method: string; examples: RetrievalExample[] }[]): string {
  const out: string[] = [];
  for (const { method, examples } of all) {
    out.push(`**${method}**`, '');
    for (const ex of examples) {
      out.push(`- ![query](figures/retrieval/${ex.image.split('/').pop()}) query class *${ex.label}*:`);
      ex.top.forEach((t, i) => out.push(`  ${i + 1}. ${t.relevant ? '✓' : '✗'} (${t.label}, ${t.score.toFixed(3)}) ${t.text.length > 160 ? `${t.text.slice(0, 157)}...` : t.text}`));
    }
    out.push('');
  }
  return out.join('\n');
}
