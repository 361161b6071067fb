import { writeFileAtomic } from '@prior/nn';

/**
 * Per-step metrics as JSON lines (`<runDir>/metrics.jsonl`). On resume, lines after the
 * checkpoint's step are dropped (they belong to steps that will be run again), so the
 * file reads as one uninterrupted run.
 */

export interface MetricsLine {
  /** Optimiser steps taken over the run, after this one. */
  step: number;
  /** 1-based stage number and its name. */
  stage: number;
  stageName: string;
  epoch: number;
  /** The weighted total. */
  loss: number;
  /** Every active loss term, unweighted. */
  terms: Record<string, number>;
  /** Learning rate this step used. */
  lr: number;
  /** Global gradient norm before clipping (when clipping is on). */
  gradNorm?: number;
  /** exp of each learnable log inverse temperature, by parameter name (1/τ, CLIP's logit scale). */
  temperatures: Record<string, number>;
  /** Distinct prototypes used, and the perplexity of the mean assignment (stages with the bank). */
  protoUsage?: number;
  protoPerplexity?: number;
  imagesPerSec: number;
}

export const METRICS_FILE = 'metrics.jsonl';

/** A JSON-lines log of records stamped with the run's step (metrics.jsonl, heldout.jsonl). */
export class MetricsLog<L extends { step: number } = MetricsLine> {
  private constructor(readonly path: string) {}

  /** Opens the log; with `keepUpTo`, keeps only the existing lines with step ≤ it, else starts empty. */
  static async open<L extends { step: number } = MetricsLine>(runDir: string, keepUpTo?: number, file = METRICS_FILE): Promise<MetricsLog<L>> {
    const fs = await import('node:fs/promises');
    await fs.mkdir(runDir, { recursive: true });
    const path = `${runDir}/${file}`;
    let kept = '';
    if (keepUpTo !== undefined) {
      try {
        const lines = (await fs.readFile(path, 'utf8')).split('\n').filter((l) => l.trim() !== '');
        kept = lines
          .filter((l) => {
            try {
              return (JSON.parse(l) as L).step <= keepUpTo;
            } catch {
              return false; // a line cut by a crash
            }
          })
          .map((l) => `${l}\n`)
          .join('');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
    }
    await writeFileAtomic(path, new TextEncoder().encode(kept));
    return new MetricsLog<L>(path);
  }

  async append(line: L): Promise<void> {
    const fs = await import('node:fs/promises');
    await fs.appendFile(this.path, `${JSON.stringify(line)}\n`);
  }

  /** Reads a log back. */
  static async read<L = MetricsLine>(path: string): Promise<L[]> {
    const fs = await import('node:fs/promises');
    return (await fs.readFile(path, 'utf8'))
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as L);
  }
}

/** The frozen-encoder retrieval check on held-out pairs at the end of a stage (heldout.jsonl). */
export interface HeldOutLine {
  step: number;
  stage: number;
  stageName: string;
  /** Pairs checked; top-1/top-5 image→report retrieval and their chance levels. */
  n: number;
  top1: number;
  top5: number;
  chanceTop1: number;
  chanceTop5: number;
}

export const HELD_OUT_FILE = 'heldout.jsonl';
