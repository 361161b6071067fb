/**
 * Progress of long work: one line rewritten in place on a terminal, plain log lines
 * (about twenty per run, plus one per phase change) when stderr is a file or a pipe.
 */
export interface ProgressUpdate {
  step: number;
  total: number;
  /** What is running, e.g. `stage 2/3 prototypes`. */
  phase?: string;
  loss?: number;
  imagesPerSec?: number;
  etaSeconds?: number;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

export function formatProgress(u: ProgressUpdate): string {
  const parts = [`${u.phase ? `${u.phase} ` : ''}step ${u.step}/${u.total}`];
  if (u.loss !== undefined) parts.push(`loss ${u.loss.toFixed(4)}`);
  if (u.imagesPerSec !== undefined) parts.push(`${u.imagesPerSec.toFixed(1)} img/s`);
  if (u.etaSeconds !== undefined) parts.push(`ETA ${formatDuration(u.etaSeconds)}`);
  return parts.join(' | ');
}

export class ProgressDisplay {
  #phase: string | undefined;
  #lastLogged = 0;
  #live = false;

  constructor(
    private readonly stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number },
    private readonly interactive = Boolean(stream.isTTY),
  ) {}

  update(u: ProgressUpdate): void {
    const line = formatProgress(u);
    if (this.interactive) {
      const width = (this.stream.columns ?? 100) - 1;
      this.stream.write(`\r\x1b[2K${line.slice(0, width)}`);
      this.#live = true;
      return;
    }
    const every = Math.max(1, Math.ceil(u.total / 20));
    const phaseChanged = u.phase !== this.#phase;
    if (phaseChanged || u.step === u.total || u.step - this.#lastLogged >= every) {
      this.stream.write(`${line}\n`);
      this.#lastLogged = u.step;
    }
    this.#phase = u.phase;
  }

  /** Ends the live line so that later output starts on a fresh one. */
  done(): void {
    if (this.#live) this.stream.write('\n');
    this.#live = false;
  }
}
