#!/usr/bin/env node
/**
 * Checks what `prior demo --out <dir>` left behind, for CI's shortened-demo job:
 *   - <dir>/prior/report/report.md exists and has every table: the demo's wall time with a
 *     total row, the pre-training table with a
 *     row per stage of <dir>/prior/config.json, and one table per evaluation task below,
 *     each with a row for every method below with a number in every column (data set);
 *   - every picture the report links to exists;
 *   - <dir>/prior/eval/results and <dir>/prior/eval/<part>/results (the demo evaluates
 *     segmentation and detection into eval/dense from a second process) hold a results file
 *     per task and method with a finite headline metric;
 *   - <dir>/demo-timings.json exists (the demo writes it last).
 * Every problem is printed (one line each, naming the table, row or file), then it exits 1.
 * Usage: node .ci/check-demo-report.mjs <demo out dir>
 *
 * Plain Node, no workspace imports: it reads the files as a user would, so it checks the
 * demo's output and not the code that wrote it. The section titles are those of
 * `prior report` (apps/cli/src/commands/report.ts): `Evaluation: <task>`, and for retrieval
 * one table per Precision@K, `Evaluation: retrieval, precision@K`.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The five downstream tasks of the demo, with the result `task` names and report tables of each. */
const TASKS = [
  { name: 'classification', results: ['linear-probe', 'fine-tune'], tables: ['Evaluation: linear-probe', 'Evaluation: fine-tune'] },
  { name: 'zero-shot', results: ['zero-shot'], tables: ['Evaluation: zero-shot'] },
  { name: 'retrieval', results: ['retrieval'], tables: [1, 5, 10].map((k) => `Evaluation: retrieval, precision@${k}`) },
  { name: 'segmentation', results: ['segmentation'], tables: ['Evaluation: segmentation'] },
  { name: 'detection', results: ['detection'], tables: ['Evaluation: detection'] },
];

/** The table rows: PRIOR, its global-only ablation and the random-initialisation baseline. */
const METHODS = ['PRIOR', 'global-only', 'random init'];

const PRETRAINING = 'Pre-training';
const WALL_TIME = 'Wall time';

function usage(message) {
  console.error(`check-demo-report: ${message}\nusage: node .ci/check-demo-report.mjs <demo out dir>`);
  process.exit(2);
}

function parseArgs(argv) {
  if (argv.length !== 1 || argv[0] === '' || argv[0].startsWith('-')) usage(`expected one argument, the demo's output directory; got ${JSON.stringify(argv)}`);
  return resolve(argv[0]);
}

/** `## Title` → the section's lines (up to the next `## `). */
function sections(markdown) {
  const out = new Map();
  let current;
  for (const line of markdown.split('\n')) {
    const m = /^## (.+?)\s*$/.exec(line);
    if (m) out.set(m[1], (current = []));
    else current?.push(line);
  }
  return out;
}

/** The first Markdown table in some lines: its data rows as cell lists (header and rule dropped). */
function firstTable(lines) {
  const start = lines.findIndex((l) => l.startsWith('|'));
  if (start < 0) return undefined;
  const rows = [];
  for (const l of lines.slice(start)) {
    if (!l.startsWith('|')) break;
    rows.push(l.replace(/^\|/, '').replace(/\|\s*$/, '').split(/(?<!\\)\|/).map((c) => c.trim()));
  }
  if (rows.length < 2 || !rows[1].every((c) => /^:?-+:?$/.test(c))) return undefined;
  return { header: rows[0], rows: rows.slice(2) };
}

const hasNumber = (cell) => /\d/.test(cell) && cell !== '—';

function readJson(path, problems) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    problems.push(`${path}: cannot read it as JSON (${e.message})`);
    return undefined;
  }
}

function checkReport(dir, problems) {
  const reportPath = join(dir, 'prior', 'report', 'report.md');
  if (!existsSync(reportPath)) {
    problems.push(`missing report: ${reportPath} does not exist`);
    return 0;
  }
  const md = readFileSync(reportPath, 'utf8');
  const bySection = sections(md);
  let tables = 0;

  const wall = bySection.has(WALL_TIME) ? firstTable(bySection.get(WALL_TIME)) : undefined;
  if (!wall) problems.push(`missing table: "${WALL_TIME}" (the demo's wall time) in ${reportPath}`);
  else {
    tables++;
    if (!wall.rows.some((r) => r[0] === 'total' && hasNumber(r[1] ?? ''))) problems.push(`table "${WALL_TIME}": no "total" row with a time`);
  }

  const config = readJson(join(dir, 'prior', 'config.json'), problems);
  const stages = Array.isArray(config?.stages) ? config.stages.length : undefined;
  const pre = bySection.has(PRETRAINING) ? firstTable(bySection.get(PRETRAINING)) : undefined;
  if (!pre) problems.push(`missing table: "${PRETRAINING}" (the loss per stage) in ${reportPath}`);
  else {
    tables++;
    if (stages !== undefined && pre.rows.length !== stages) problems.push(`table "${PRETRAINING}": ${pre.rows.length} stage rows, expected ${stages} (the stages of prior/config.json)`);
  }

  for (const task of TASKS) {
    for (const title of task.tables) {
      const table = bySection.has(title) ? firstTable(bySection.get(title)) : undefined;
      if (!table) {
        problems.push(`missing table: "${title}" (task ${task.name}) in ${reportPath}`);
        continue;
      }
      tables++;
      for (const method of METHODS) {
        const row = table.rows.find((r) => r[0] === method);
        if (!row) problems.push(`table "${title}" (task ${task.name}): no row for method "${method}"`);
        else {
          const empty = table.header.slice(1).filter((_, j) => !hasNumber(row[j + 1] ?? ''));
          if (empty.length) problems.push(`table "${title}" (task ${task.name}): row "${method}" has no number under ${empty.map((c) => `"${c}"`).join(', ')}`);
        }
      }
    }
  }

  for (const [, path] of md.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)) {
    if (!existsSync(resolve(dirname(reportPath), path))) problems.push(`missing picture: ${path}, linked from ${reportPath}`);
  }
  return tables;
}

/** <evalDir>/results and <evalDir>/<part>/results: every results directory of the evaluation. */
function resultsDirs(evalDir) {
  let subs = [];
  try {
    subs = readdirSync(evalDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => join(evalDir, d.name, 'results'));
  } catch {
    return [];
  }
  return [join(evalDir, 'results'), ...subs.sort()].filter((d) => existsSync(d));
}

function checkResults(dir, problems) {
  const evalDir = join(dir, 'prior', 'eval');
  const dirs = resultsDirs(evalDir);
  if (dirs.length === 0) {
    problems.push(`missing results: no ${join(evalDir, 'results')} (or ${join(evalDir, '<part>', 'results')}) directory`);
    return 0;
  }
  const results = dirs
    .flatMap((d) => readdirSync(d).filter((f) => f.endsWith('.json')).map((f) => join(d, f)))
    .map((file) => ({ file, r: readJson(file, problems) }))
    .filter((x) => x.r);
  const where = dirs.join(', ');
  for (const task of TASKS) {
    for (const t of task.results) {
      for (const method of METHODS) {
        const found = results.filter(({ r }) => r.task === t && r.method === method);
        if (found.length === 0) problems.push(`missing results: no file in ${where} for task "${t}" (${task.name}), method "${method}"`);
        for (const { file, r } of found) {
          const mean = r.aggregate?.[r.primaryMetric]?.mean;
          if (typeof mean !== 'number' || !Number.isFinite(mean)) problems.push(`${file}: headline metric ${r.primaryMetric} has no finite mean (got ${JSON.stringify(mean)})`);
        }
      }
    }
  }
  return results.length;
}

function checkTimings(dir, problems) {
  const path = join(dir, 'demo-timings.json');
  if (!existsSync(path)) {
    problems.push(`missing timings: ${path} does not exist (the demo writes it last, so it did not finish)`);
    return undefined;
  }
  const total = readJson(path, problems)?.seconds?.total;
  if (typeof total !== 'number') {
    problems.push(`${path}: seconds.total must be a number, got ${JSON.stringify(total)}`);
    return undefined;
  }
  return total;
}

const dir = parseArgs(process.argv.slice(2));
if (!existsSync(dir)) usage(`${dir} does not exist`);
const problems = [];
const tables = checkReport(dir, problems);
const files = checkResults(dir, problems);
const total = checkTimings(dir, problems);
if (problems.length) {
  console.error(`demo output in ${dir}: ${problems.length} problem${problems.length === 1 ? '' : 's'}`);
  for (const p of problems) console.error(`  - ${p}`);
  process.exit(1);
}
console.log(`demo output in ${dir}: ${tables} tables, rows ${METHODS.join(', ')} complete in each evaluation table, ${files} results files; the demo's own timing: ${total.toFixed(0)} s`);
