/** Texts from files: a report file is one report; a reports list is one report per line, or a JSON array of strings. */
import { readFile } from 'node:fs/promises';
import { CliError } from '../framework/errors.js';

export async function readReportList(path: string, flag: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new CliError(`${flag}: expected a file of reports, got ${JSON.stringify(path)} (${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message})`);
  }
  let reports: string[];
  if (path.endsWith('.json')) {
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch (e) {
      throw new CliError(`${path}: not valid JSON: ${(e as Error).message}`);
    }
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw new CliError(`${path}: expected a JSON array of report strings`);
    reports = v;
  } else reports = text.split(/\r?\n/);
  reports = reports.map((r) => r.trim()).filter((r) => r !== '');
  if (reports.length === 0) throw new CliError(`${path}: holds no reports (one per line, or a JSON array of strings)`);
  return reports;
}
