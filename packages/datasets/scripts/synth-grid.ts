/**
 * Renders a grid of SynthCXR studies with mask outlines, boxes and captions (findings,
 * then the impression) into a PNG, and writes the full reports to a side-car .md.
 *
 *   node scripts/run-ts.mjs scripts/synth-grid.ts [out.png] [--seed N] [--size PX] [--cols C] [--rows R]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { encodePng } from '../src/images/index.js';
import type { Finding } from '../src/synth/spec.js';
import { generateStudy } from '../src/synth/study.js';
import { GLYPH_H, GLYPH_W, drawText, wrapText } from './bitmap-font.js';

const args = process.argv.slice(2);
const opt = (name: string, def: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const out = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--')) ?? 'synthcxr-grid.png';
const seed = opt('seed', 2024), size = opt('size', 256), cols = opt('cols', 4), rows = opt('rows', 3);
const captionLines = 7;
const pad = 6;
const tileW = size + pad, tileH = size + pad + captionLines * GLYPH_H + 4;
const W = cols * tileW + pad, H = rows * tileH + pad;
const rgb = new Float32Array(W * H * 3).fill(0.12);
const md: string[] = [`# SynthCXR sample grid (seed ${seed}, ${size} px)`, ''];

const COLOURS: Record<string, [number, number, number]> = {
  pneumothorax: [1, 0.25, 0.25], effusion: [0.3, 0.6, 1], consolidation: [1, 0.85, 0.2], atelectasis: [1, 0.55, 0.1],
  edema: [0.7, 0.4, 1], nodule: [0.2, 1, 0.6], cardiomegaly: [1, 0.4, 0.8], device: [0.3, 0.95, 0.95],
};

function short(f: Finding): string {
  const side = 'side' in f ? (f.side === 'bilateral' ? 'BIL ' : f.side === 'right' ? 'R ' : 'L ') : '';
  const sev = 'severity' in f ? ` ${f.severity}` : '';
  const unc = 'certain' in f && !f.certain ? '?' : '';
  const name = f.kind === 'device' ? f.device : f.kind === 'cardiomegaly' ? 'cardiomeg' : f.kind === 'consolidation' ? 'consol' : f.kind === 'atelectasis' ? 'atelect' : f.kind;
  return `${side}${name}${sev}${unc}`;
}

const t0 = performance.now();
for (let i = 0; i < cols * rows; i++) {
  const study = generateStudy(seed + i, { size });
  const ox = pad + (i % cols) * tileW, oy = pad + Math.floor(i / cols) * tileH;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const v = study.image[y * size + x];
      rgb.set([v, v, v], 3 * ((oy + y) * W + ox + x));
    }
  }
  // Mask outlines (a pixel of the mask with a neighbour outside it), in the finding's colour.
  study.spec.findings.forEach((f, k) => {
    const m = study.findingMasks[k];
    const c = COLOURS[f.kind];
    for (let y = 1; y < size - 1; y++) {
      for (let x = 1; x < size - 1; x++) {
        const p = y * size + x;
        if (m[p] && (!m[p - 1] || !m[p + 1] || !m[p - size] || !m[p + size])) rgb.set(c, 3 * ((oy + y) * W + ox + x));
      }
    }
  });
  for (const b of study.pneumoniaBoxes) {
    for (let x = b.x; x < b.x + b.width; x++) for (const y of [b.y, b.y + b.height - 1]) rgb.set([0.2, 1, 0.2], 3 * ((oy + y) * W + ox + x));
    for (let y = b.y; y < b.y + b.height; y++) for (const x of [b.x, b.x + b.width - 1]) rgb.set([0.2, 1, 0.2], 3 * ((oy + y) * W + ox + x));
  }
  const chars = Math.floor(size / GLYPH_W);
  const head = `${seed + i} ${study.spec.anatomy.projection} ${study.spec.findings.map(short).join(', ') || 'normal'}`;
  const lines = [...wrapText(head, chars).slice(0, 2), ...study.report.impression.flatMap((s) => wrapText(s, chars))].slice(0, captionLines);
  lines.forEach((l, j) => drawText(rgb, W, H, ox, oy + size + 4 + j * GLYPH_H, l, j < wrapText(head, chars).slice(0, 2).length ? [1, 0.85, 0.3] : [0.9, 0.9, 0.9]));
  md.push(`## Study ${seed + i} (${study.spec.anatomy.projection}; ${study.spec.findings.map(short).join(', ') || 'normal'})`, '', '```', study.report.text.trimEnd(), '```', '');
}
const ms = performance.now() - t0;
mkdirSync(dirname(out) || '.', { recursive: true });
writeFileSync(out, encodePng(rgb, W, H, { channels: 3 }));
writeFileSync(out.replace(/\.png$/, '') + '.md', md.join('\n') + '\n');
console.log(`wrote ${out} (${W}x${H}) and its .md in ${ms.toFixed(0)} ms`);
