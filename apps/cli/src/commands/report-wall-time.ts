/**
 * The wall time of the job that produced a run, in its report: `prior demo` writes
 * <run>/wall-time.json (seconds per step, the total, the machine) before it calls
 * `prior report`, which tabulates it. Runs without the file have no such section.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus } from 'node:os';
import type { ReportSection } from '@prior/eval';
import { formatDuration } from '../framework/progress.js';

export const WALL_TIME_FILE = 'wall-time.json';

export interface WallTime {
  /** What was timed, e.g. `prior demo`. */
  job: string;
  /** Seconds per step, in order; `total` is the whole job. */
  seconds: Record<string, number>;
  machine: string;
}

export function machineLine(): string {
  return `${availableParallelism()} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}`;
}

export async function writeWallTime(runDir: string, w: WallTime): Promise<void> {
  await writeFile(`${runDir}/${WALL_TIME_FILE}`, `${JSON.stringify(w, null, 2)}\n`);
}

export async function wallTimeSection(runDir: string): Promise<ReportSection | null> {
  let w: WallTime;
  try {
    w = JSON.parse(await readFile(`${runDir}/${WALL_TIME_FILE}`, 'utf8')) as WallTime;
  } catch {
    return null;
  }
  const rows = Object.entries(w.seconds ?? {}).filter(([, s]) => Number.isFinite(s));
  if (!rows.length) return null;
  const table = ['| step | wall time |', '| --- | ---: |', ...rows.map(([k, s]) => `| ${k} | ${formatDuration(s)} |`)];
  return { title: 'Wall time', text: [`\`${w.job}\` on ${w.machine}. Rows marked ↳ ran at the same time as each other, within the row above them.`, '', ...table].join('\n') };
}
