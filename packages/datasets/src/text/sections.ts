/**
 * Radiology report sections, MIMIC-CXR style: headers such as "FINDINGS:" or
 * "IMPRESSION:" at the start of a line (text may follow on the same line), a
 * "FINAL REPORT" banner, and a free-text preamble (e.g. a WET READ) before it.
 */
export interface ParsedReport {
  /** Section text by key (lower-case, words joined by "_"), in file order of first appearance. */
  sections: Record<string, string>;
  order: string[];
  /** Text before the first header. */
  preamble: string;
  findings: string;
  impression: string;
}

/** Spellings that mean the same section; other headers keep their own key. */
const ALIASES: Record<string, string> = {
  finding: 'findings',
  impressions: 'impression',
  conclusion: 'impression',
  conclusions: 'impression',
  'findings_and_impression': 'findings',
  'findings/impression': 'findings',
  comparisons: 'comparison',
  exam: 'examination',
  'type_of_examination': 'examination',
  recommendations: 'recommendation',
  'clinical_history': 'history',
  'reason_for_exam': 'indication',
  'reason_for_examination': 'indication',
  'clinical_indication': 'indication',
};

/** Headers recognised in any case; other headers must be upper case to count. */
const KNOWN = new Set([
  'findings', 'finding', 'impression', 'impressions', 'conclusion', 'conclusions', 'examination', 'exam',
  'indication', 'history', 'clinical history', 'technique', 'comparison', 'comparisons', 'recommendation',
  'recommendations', 'notification', 'addendum', 'wet read', 'procedure', 'reason for exam', 'reason for examination',
  'clinical indication', 'type of examination', 'findings and impression', 'findings/impression',
]);

const HEADER = /^[ \t]*([A-Za-z][A-Za-z /&()'-]{1,40}?)[ \t]*:(?!\d)[ \t]*(.*)$/;
const BANNER = /^[ \t]*FINAL REPORT[ \t]*$/;

function keyOf(header: string): string | undefined {
  const h = header.trim().replace(/\s+/g, ' ');
  const lower = h.toLowerCase();
  const known = KNOWN.has(lower);
  const upper = h === h.toUpperCase() && /[A-Z]{2}/.test(h) && h.split(' ').length <= 5;
  if (!known && !upper) return undefined;
  const key = lower.replace(/ /g, '_');
  return ALIASES[key] ?? key;
}

export function parseReport(text: string): ParsedReport {
  const parts: { key: string; lines: string[] }[] = [];
  const preamble: string[] = [];
  let current: string[] | undefined;
  let seenBanner = false;
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    if (BANNER.test(line)) {
      seenBanner = true;
      current = undefined;
      continue;
    }
    const m = HEADER.exec(line);
    const key = m ? keyOf(m[1]) : undefined;
    if (m && key) {
      current = [m[2]];
      parts.push({ key, lines: current });
    } else if (current) {
      current.push(line);
    } else if (seenBanner) {
      // Text after the banner but before any header: an unnamed "report" section.
      current = [line];
      parts.push({ key: 'report', lines: current });
    } else {
      preamble.push(line);
    }
  }
  const sections: Record<string, string> = {};
  const order: string[] = [];
  for (const { key, lines } of parts) {
    if (!(key in sections)) {
      order.push(key);
      sections[key] = '';
    }
    const body = tidy(lines.join('\n'));
    // A repeated header appends to the first.
    if (body) sections[key] = sections[key] ? `${sections[key]}\n\n${body}` : body;
  }
  return {
    sections,
    order,
    preamble: tidy(preamble.join('\n')),
    findings: sections.findings ?? '',
    impression: sections.impression ?? '',
  };
}

/** Trims each line and drops blank lines at either end, keeping paragraph breaks. */
function tidy(s: string): string {
  return s
    .split('\n')
    .map((l) => l.trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** The text PRIOR trains on: FINDINGS then IMPRESSION (either may be empty). */
export function findingsAndImpression(r: ParsedReport): string {
  return [r.findings, r.impression].filter((s) => s.length > 0).join('\n\n');
}
