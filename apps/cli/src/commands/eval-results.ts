/**
 * Where 'prior eval' output of a run lives: <run>/eval, and any part evaluated separately
 * in a subdirectory of it (the demo writes segmentation and detection to <run>/eval/dense
 * from a second process). Each part has results/*.json and its own report.md.
 */
import { readdir, stat } from 'node:fs/promises';
import { nodeDirectory } from '@prior/datasets';
import { type RunResult, readResults } from '@prior/eval';

/** `evalDir` and its immediate subdirectories that hold a results/ directory. */
export async function evalParts(evalDir: string): Promise<string[]> {
  const isDir = async (p: string) => Boolean((await stat(p).catch(() => null))?.isDirectory());
  const subs = (await readdir(evalDir, { withFileTypes: true }).catch(() => [])).filter((d) => d.isDirectory()).map((d) => `${evalDir}/${d.name}`).sort();
  const parts: string[] = [];
  for (const dir of [evalDir, ...subs]) if (await isDir(`${dir}/results`)) parts.push(dir);
  return parts;
}

/** Every results file of a directory of them, in file-name order. */
export async function readResultsDir(dir: string): Promise<RunResult[]> {
  const files = await readdir(dir).catch(() => [] as string[]);
  const store = nodeDirectory(dir);
  const out: RunResult[] = [];
  for (const f of files.filter((f) => f.endsWith('.json')).sort()) out.push(await readResults(store, f));
  return out;
}

/** The results of every part of a run's evaluation. */
export async function readAllResults(evalDir: string): Promise<RunResult[]> {
  const out: RunResult[] = [];
  for (const part of await evalParts(evalDir)) out.push(...(await readResultsDir(`${part}/results`)));
  return out;
}
