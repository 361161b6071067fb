/**
 * The evaluation harness: tasks × methods × label fractions × seeds on one data tree,
 * writing one results JSON per (task, data set, method, fraction), ROC curves (PNG),
 * retrieval examples (the query images beside the report), segmentation overlays,
 * detection boxes and local-alignment heatmaps, and a Markdown report whose tables have
 * one row per method (PRIOR, random init, global-only and other ablations) and one
 * column per data set × fraction, each cell with its bootstrap interval.
 *
 * Data: `<dataDir>/{chexpert,covidx,mimic,siim,rsna}` (see synth.ts); a task whose data
 * is missing is skipped with a line in the report.
 *
 * The segmentation and detection defaults (EVAL_DENSE_DEFAULTS) are sized for SynthCXR
 * at 64 px on a CPU — short training (≤ 120 steps per seed, early-stopped every 20), a
 * narrow decoder predicting at stride 4, a detector on the stride-8/16 maps — not the
 * papers' budgets; pass `segmentation` / `detection` to change them.
 */
import { type BertTokenizer, type FileStore, nodeDirectory, writeText } from '@prior/datasets';
import type { PriorConfig } from '@prior/prior';
import { currentBackend } from '@prior/tensor';
import type { IntervalOptions } from '../metrics/seed-bootstrap.js';
import { fingerprintSplitFile, type DatasetFingerprint } from '../report/fingerprint.js';
import { type ReportSection, markdownReport } from '../report/markdown.js';
import { rocPlot } from '../report/plots.js';
import { type RunResult, writeResults } from '../report/results.js';
import { type ClassificationData, type RetrievalData, chexpert5x200, chexpertClassification, covidxClassification, mimicRetrieval } from '../tasks/common/data.js';
import { type Method, type MethodLike, asMethod } from '../tasks/common/method.js';
import { type ImagePreprocess, PixelCache, preprocessFromConfig } from '../tasks/common/preprocess.js';
import { resolveSeeds } from '../tasks/common/seeds.js';
import { DEFAULT_FRACTIONS, runClassification } from '../tasks/classification/task.js';
import type { FineTuneOptions } from '../tasks/classification/fine-tune.js';
import type { ProbeOptions } from '../tasks/classification/linear-probe.js';
import { rsnaDetection } from '../tasks/detection/data.js';
import { type DetectionConfig, runDetection } from '../tasks/detection/run.js';
import { type HeatmapFigure, localAlignmentHeatmaps } from '../tasks/local-alignment/heatmaps.js';
import { type RetrievalExample, runRetrieval } from '../tasks/retrieval/task.js';
import { type DenseSplitOptions, type SegmentationData, rsnaSegmentation, siimSegmentation } from '../tasks/segmentation/data.js';
import { type SegmentationConfig, runSegmentation } from '../tasks/segmentation/run.js';
import { runZeroShot } from '../tasks/zero-shot/task.js';

export const EVAL_TASKS = ['linear-probe', 'fine-tune', 'zero-shot', 'retrieval', 'segmentation', 'detection'] as const;
export type EvalTask = (typeof EVAL_TASKS)[number];
export type ClassificationDataset = 'chexpert' | 'covidx';
export const SEGMENTATION_DATASETS = ['siim', 'rsna'] as const;
export type SegmentationDataset = (typeof SEGMENTATION_DATASETS)[number];

/**
 * runEvaluation's segmentation/detection settings unless given (SynthCXR on a CPU; see the
 * header). With a frozen encoder the heads train on the CPU backend (`device`), the encoder
 * encoding on its own: these small heads ran 2–3× faster there than through WebGPU on
 * lavapipe (2-core machine).
 */
export const EVAL_DENSE_DEFAULTS = {
  // 30 steps at 1e-3 left both heads near their initialisation (Dice ≈ 0.1 and mAP ≈ 0.01
  // at every label fraction, pre-trained or not); 60 at 1e-2 collapsed the decoder to empty masks.
  common: { lr: 3e-3, stepsPerRound: 20, maxRounds: 6, patience: 2, batchSize: 8, device: 'cpu' },
  // BCE at weight 1 beside Dice collapsed the decoder to empty masks in some seeds (Dice
  // 0.27 ± 0.20 over three); at 0.2 every encoder trained stably (± ≤ 0.06) and higher.
  segmentation: { maxUpBlocks: 0, maxWidth: 8, loss: { bceWeight: 0.2 } },
  detection: { strides: [8, 16], width: 16 },
} as const;

export interface EvaluationOptions {
  dataDir: string;
  outDir: string;
  methods: readonly MethodLike[];
  /** Default (and 'all'): every task in EVAL_TASKS. */
  tasks?: readonly (EvalTask | 'all')[];
  /** Classification data sets; default both. */
  datasets?: readonly ClassificationDataset[];
  /** Label fractions of classification, segmentation and detection (default 0.01, 0.1, 1). */
  fractions?: readonly number[];
  /** A count or a list; default 5. Fine-tuning may use fewer (`fineTuneSeeds`). */
  seeds?: number | readonly number[];
  fineTuneSeeds?: number | readonly number[];
  /** Image preprocessing; default from `config`. */
  preprocess?: ImagePreprocess;
  config?: PriorConfig;
  /** Needed by zero-shot and retrieval (and the heatmaps). */
  tokenizer?: BertTokenizer;
  /** Default: config.model.textEncoder.maxLen, else 128. */
  maxTextLength?: number;
  templates?: readonly string[];
  probe?: ProbeOptions;
  fineTune?: FineTuneOptions;
  /** Retrieval: images/reports per class drawn per seed; MIMIC splits used (default validate + test). */
  retrieval?: { perClass?: number; splits?: readonly string[]; candidates?: 'reports' | 'sentences' };
  zeroShot?: { perClass?: number };
  /**
   * Segmentation (U-Net on the encoder's maps): data sets (default siim and rsna), the
   * fixed train/val/test split of each labelled file, and the task's settings (fractions
   * and seeds default to the run's; the rest to EVAL_DENSE_DEFAULTS).
   */
  segmentation?: SegmentationConfig & { datasets?: readonly SegmentationDataset[]; split?: DenseSplitOptions };
  /** Detection (FCOS head) on RSNA boxes; like `segmentation`. */
  detection?: DetectionConfig & { split?: DenseSplitOptions };
  /** Bootstrap intervals of every headline number (default 1000 resamples, 95%, seed 0; detection 200 resamples). */
  bootstrap?: IntervalOptions;
  /** Local-alignment heatmaps of encoders that have local attention, drawn on retrieval images (default 3 images × 3 sentences; false: none). */
  heatmaps?: { images?: number; sentences?: number } | false;
  title?: string;
  onProgress?: (line: string) => void;
}

export interface EvaluationSummary {
  results: RunResult[];
  reportPath: string;
  resultFiles: string[];
  skipped: string[];
  /** Wall-clock seconds per task (e.g. `segmentation SIIM`) and method. */
  seconds: Record<string, Record<string, number>>;
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

/** Expands 'all' and checks the names. */
export function resolveTasks(tasks: readonly (EvalTask | 'all')[] | undefined): EvalTask[] {
  if (!tasks || tasks.includes('all')) return [...EVAL_TASKS];
  for (const t of tasks) if (!(EVAL_TASKS as readonly string[]).includes(t)) throw new RangeError(`runEvaluation: tasks: expected names from ${EVAL_TASKS.join(', ')} or 'all', got ${JSON.stringify(t)}`);
  return [...new Set(tasks as EvalTask[])];
}

export async function runEvaluation(opts: EvaluationOptions): Promise<EvaluationSummary> {
  const tasks = resolveTasks(opts.tasks);
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
  const heatmaps: { method: string; file: string; figure: HeatmapFigure }[] = [];
  const seconds: EvaluationSummary['seconds'] = {};
  const timed = async <T>(task: string, method: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      (seconds[task] ??= {})[method] = (performance.now() - t0) / 1000;
    }
  };
  const bootstrap = opts.bootstrap;

  const save = async (r: RunResult) => {
    const file = `results/${slug(r.task)}-${slug(r.dataset)}-${slug(r.method)}${r.labelFraction === undefined ? '' : `-${+(r.labelFraction * 100).toPrecision(3)}pct`}.json`;
    await writeResults(out, file, r);
    results.push(r);
    resultFiles.push(file);
    const main = r.aggregate[r.primaryMetric];
    const ci = r.intervals?.[r.primaryMetric];
    log(
      `${r.task} ${r.dataset}${r.labelFraction === undefined ? '' : ` ${r.labelFraction * 100}%`} ${r.method}: ${r.primaryMetric} ${main.mean.toFixed(4)} ± ${Number.isNaN(main.std) ? '-' : main.std.toFixed(4)}` +
        (ci ? ` [${ci.lower.toFixed(4)}, ${ci.upper.toFixed(4)}]` : ''),
    );
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
        const runs = await timed(`${mode} ${data.name}`, m.name, () => runClassification(data, m, {
          mode,
          preprocess: pre,
          fractions: opts.fractions ?? DEFAULT_FRACTIONS,
          seeds: mode === 'fine-tune' ? (opts.fineTuneSeeds ?? seeds) : seeds,
          probe: opts.probe,
          fineTune: opts.fineTune,
          cache,
          fingerprints: prints,
          bootstrap,
        }));
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
        await save(await timed('zero-shot', m.name, () => runZeroShot(data, m, { preprocess: pre, tokenizer: opts.tokenizer!, templates: opts.templates, seeds, perClass: opts.zeroShot?.perClass, maxTextLength, cache, fingerprints: prints, bootstrap })));
      }
    }
  }

  // Retrieval on MIMIC-style held-out studies.
  if (tasks.includes('retrieval')) {
    const store = nodeDirectory(`${root}/mimic`);
    if (!(await exists(store, 'mimic-cxr-2.0.0-split.csv.gz'))) skipped.push(`retrieval: no MIMIC-CXR tree under ${root}/mimic`);
    else {
      const data = await mimicRetrieval(store, { splits: opts.retrieval?.splits });
      if (data.images.length === 0) skipped.push(`retrieval: no image-report pairs qualify (${data.selection})`);
      else {
        const prints = await fingerprints(data.name, store, data.files);
        for (const m of methods) {
          const run = await timed('retrieval', m.name, () =>
            runRetrieval(data, m, {
              preprocess: pre, tokenizer: opts.tokenizer!, seeds, perClass: opts.retrieval?.perClass, candidates: opts.retrieval?.candidates, maxTextLength, cache, fingerprints: prints, bootstrap,
            }),
          );
          await save(run.result);
          examples.push({ method: m.name, examples: run.examples });
          for (const ex of run.examples) {
            const file = `figures/retrieval/${ex.image.split('/').pop()}`;
            if (!(await exists(out, file))) await out.write(file, await store.read(ex.image));
          }
          if (opts.heatmaps !== false) await drawHeatmaps(data, m);
        }
      }
    }
  }

  async function drawHeatmaps(data: RetrievalData, m: Method): Promise<void> {
    const h = opts.heatmaps || {};
    const figure = await timed('heatmaps', m.name, () => localAlignmentHeatmaps(data, m, { preprocess: pre!, tokenizer: opts.tokenizer!, images: h.images, sentences: h.sentences, maxTextLength, cache }));
    if (!figure) return;
    const file = `figures/heatmaps-${slug(m.name)}.png`;
    await out.write(file, figure.png);
    heatmaps.push({ method: m.name, file, figure });
  }

  // Segmentation (SIIM masks, RSNA box masks) and detection (RSNA boxes).
  const dense = <C extends SegmentationConfig | DetectionConfig>(task: 'segmentation' | 'detection', given: C | undefined): C => {
    const frozen = (given?.mode ?? 'frozen') === 'frozen';
    // A fine-tuned encoder and its head share a device: the encoder's, unless given.
    const { device: headDevice, ...common } = EVAL_DENSE_DEFAULTS.common;
    return {
      ...common,
      ...(frozen ? { device: headDevice, encoderDevice: currentBackend().name } : {}),
      ...EVAL_DENSE_DEFAULTS[task],
      fractions: opts.fractions ?? DEFAULT_FRACTIONS,
      seeds,
      ...(given ?? {}),
      bootstrap: { ...bootstrap, ...given?.bootstrap },
    } as C;
  };
  const pictures: Record<string, { path: string; caption: string }[]> = {};
  const savePictures = async (task: string, dataset: string, method: string, pngs: readonly { name: string; png: Uint8Array }[]) => {
    for (const [k, p] of pngs.entries()) {
      const file = `figures/${task}/${p.name}`;
      await out.write(file, p.png);
      // The report shows the largest fraction's picture of each method; the others are beside it.
      if (k === pngs.length - 1) (pictures[task] ??= []).push({ path: file, caption: `${task === 'segmentation' ? 'Segmentation overlay' : 'Detections'}: ${method}, ${dataset} (${p.name.replace(/\.png$/, '')})` });
    }
  };
  const denseLog = (task: string, dataset: string, method: string) => {
    let t0 = performance.now();
    return (fraction: number, seed: number, metrics: Record<string, number>) => {
      const main = task === 'segmentation' ? `dice ${metrics.dice.toFixed(3)}` : `mAP ${metrics.map.toFixed(3)}`;
      log(`  ${task} ${dataset} ${fraction * 100}% ${method} seed ${seed}: ${main} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
      t0 = performance.now();
    };
  };
  if (tasks.includes('segmentation')) {
    const cfg = dense('segmentation', opts.segmentation);
    for (const ds of opts.segmentation?.datasets ?? SEGMENTATION_DATASETS) {
      const store = nodeDirectory(`${root}/${ds}`);
      const marker = ds === 'siim' ? 'train-rle.csv' : 'stage_2_train_labels.csv';
      if (!(await exists(store, marker))) {
        skipped.push(`segmentation on ${ds}: no ${root}/${ds}/${marker}`);
        continue;
      }
      const data: SegmentationData = ds === 'siim' ? await siimSegmentation(store, pre, opts.segmentation?.split) : await rsnaSegmentation(store, pre, opts.segmentation?.split);
      const prints = await fingerprints(data.name, store, [marker]);
      for (const m of methods) {
        const run = await timed(`segmentation ${data.name}`, m.name, () => runSegmentation(data, m, { ...cfg, fingerprints: prints, onSeed: denseLog('segmentation', data.name, m.name) }));
        for (const r of run.results) await save(r);
        await savePictures('segmentation', data.name, m.name, run.overlays);
      }
    }
  }
  if (tasks.includes('detection')) {
    const cfg = dense('detection', opts.detection);
    const store = nodeDirectory(`${root}/rsna`);
    if (!(await exists(store, 'stage_2_train_labels.csv'))) skipped.push(`detection: no ${root}/rsna/stage_2_train_labels.csv`);
    else {
      const data = await rsnaDetection(store, pre, opts.detection?.split);
      const prints = await fingerprints(data.name, store, ['stage_2_train_labels.csv']);
      for (const m of methods) {
        const run = await timed(`detection ${data.name}`, m.name, () => runDetection(data, m, { ...cfg, fingerprints: prints, onSeed: denseLog('detection', data.name, m.name) }));
        for (const r of run.results) await save(r);
        await savePictures('detection', data.name, m.name, run.pictures);
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
  if (heatmaps.length) sections.push({ title: 'Local alignment (sentence → image regions)', text: heatmapsMarkdown(heatmaps) });
  if (byTask('segmentation').length) {
    sections.push({
      title: 'Semantic segmentation (Dice)',
      text: 'U-Net decoder on the frozen encoder’s feature maps, trained with Dice + BCE on each label fraction (stratified by empty / non-empty mask), early-stopped on validation Dice; Dice pooled over all test pixels. SIIM: pneumothorax masks; RSNA: opacity boxes rasterised to masks.',
      results: byTask('segmentation'),
      images: pictures.segmentation,
    });
    sections.push({ title: 'Semantic segmentation (IoU)', results: byTask('segmentation'), table: { metric: 'iou' } });
  }
  if (byTask('detection').length) {
    sections.push({
      title: 'Object detection (mAP)',
      text: 'FCOS-style anchor-free head on the frozen encoder’s feature maps with NMS, trained on each label fraction (stratified by having boxes), early-stopped on validation mAP; COCO-style mAP over IoU 0.40–0.75.',
      results: byTask('detection'),
      images: pictures.detection,
    });
  }
  if (skipped.length) sections.push({ title: 'Skipped', text: skipped.map((s) => `- ${s}`).join('\n') });
  const reportPath = 'report.md';
  await writeText(out, reportPath, markdownReport(opts.title ?? 'Evaluation on SynthCXR', sections));
  return { results, reportPath, resultFiles, skipped, seconds };
}

function heatmapsMarkdown(all: readonly { method: string; file: string; figure: HeatmapFigure }[]): string {
  const out = ['Each row: a retrieval image, then how strongly each sentence of its own report attends to each region of the last feature map (brighter = more; each map stretched to its own range).', ''];
  for (const { method, file, figure } of all) {
    out.push(`**${method}**`, '', `![local alignment, ${method}](${file})`, '');
    figure.rows.forEach((r, i) => out.push(`${i + 1}. *${r.label}* (${r.image.split('/').pop()}): ${r.sentences.map((s, k) => `(${k + 1}) ${s}`).join(' ')}`));
    out.push('');
  }
  return out.join('\n');
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
