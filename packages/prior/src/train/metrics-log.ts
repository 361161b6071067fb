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

export class MetricsLog {
  private constructor(readonly path: string) {}

  /** Opens the log; with `keepUpTo`, keeps only the existing lines with step ≤ it, else starts empty. */
  static async open(runDir: string, keepUpTo?: number): Promise<MetricsLog> {
    const fs = await import('node:fs/promises');
    await fs.mkdir(runDir, { recursive: true });
    const path = `${runDir}/${METRICS_FILE}`;
    let kept = '';
    if (keepUpTo !== undefined) {
      try {
        const lines = (await fs.readFile(path, 'utf8')).split('\n').filter((l) => l.trim() !== '');
        kept = lines
          .filter((l) => {
            try {
              return (JSON.parse(l) as MetricsLine).step <= keepUpTo;
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
    return new MetricsLog(path);
  }

  async append(line: MetricsLine): Promise<void> {
    const fs = await import('node:fs/promises');
    await fs.appendFile(this.path, `${JSON.stringify(line)}\n`);
  }

  /** Reads a metrics file back. */
  static async read(path: string): Promise<MetricsLine[]> {
    const fs = await import('node:fs/promises');
    return (await fs.readFile(path, 'utf8'))
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as MetricsLine);
  }
}
