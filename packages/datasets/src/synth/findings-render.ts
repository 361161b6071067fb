import { SeededRandom } from '../layouts/seeded-random.js';
import { Layer, bezier } from './draw.js';
import { Thorax } from './geometry.js';
import { ValueNoise, smoothstep } from './noise.js';
import type { Finding, Side } from './spec.js';

/** Mutable canonical maps a finding draws into. */
export interface FindingCanvas {
  th: Thorax;
  size: number;
  density: Float32Array;
  lung: Float32Array;
  /** Per-pixel gain on the lung markings (0 removes them, >1 engorges them). */
  vesselGain: Float32Array;
}

const sides = (side: Side): (0 | 1)[] => (side === 'bilateral' ? [0, 1] : side === 'right' ? [0] : [1]);

/** Draws one finding and returns its canonical 0/1 mask: where its signal is. */
export function drawFinding(f: Finding, c: FindingCanvas): Uint8Array {
  switch (f.kind) {
    case 'cardiomegaly':
      return cardiomegalyMask(c);
    case 'effusion':
      return effusion(c, sides(f.side), f.severity);
    case 'pneumothorax':
      return pneumothorax(c, f.side === 'right' ? 0 : 1, f.severity);
    case 'consolidation':
      return consolidation(c, f.side === 'right' ? 0 : 1, f.zone, f.severity, f.seed);
    case 'atelectasis':
      return atelectasis(c, sides(f.side), f.severity, f.tilt, f.seed);
    case 'edema':
      return edema(c, f.severity);
    case 'nodule':
      return nodule(c, f.side === 'right' ? 0 : 1, f.zone, f.u, f.radius);
    case 'device':
      return device(c, f.device, f.seed);
  }
}

/** The enlargement itself: inside the enlarged heart but outside the patient's normal one. */
function cardiomegalyMask(c: FindingCanvas): Uint8Array {
  const { th, size } = c;
  const mask = new Uint8Array(size * size);
  const normal = new Thorax(th.a);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const u = (x + 0.5) / size, v = (y + 0.5) / size;
      if (th.heartField(u, v) > 0.5 && normal.heartField(u, v) < 0.5) mask[y * size + x] = 1;
    }
  }
  return mask;
}

/** Basal fluid: a meniscus higher laterally, density layering downward, blunting the angle. */
function effusion(c: FindingCanvas, ss: (0 | 1)[], severity: number): Uint8Array {
  const { th, size, density } = c;
  const mask = new Uint8Array(size * size);
  const h = [0.05, 0.1, 0.18][severity - 1];
  for (const s of ss) {
    const base = th.a.baseV[s];
    const top = base - h - 0.06;
    for (let y = Math.max(0, Math.floor(top * size)); y < size; y++) {
      const v = (y + 0.5) / size;
      for (let x = 0; x < size; x++) {
        const u = (x + 0.5) / size;
        if (Thorax.side(u) !== s) continue;
        const t = Thorax.lateral(u);
        const k = y * size + x;
        // Fluid behind the heart barely shows; in the visible lung it whitens the base.
        const shape = c.lung[k] + 0.25 * (th.lungShape(u, v) - c.lung[k]);
        if (shape <= 0) continue;
        const lat = Math.min(1, t / th.wallHalfWidth(v));
        const surface = base - h - 0.035 * lat * lat * (1 + severity * 0.3);
        const fluid = smoothstep(surface - 0.012, surface + 0.03, v) * shape;
        if (fluid <= 0) continue;
        density[k] += 1.0 * fluid;
        c.vesselGain[k] *= 1 - fluid;
        if (fluid > 0.3 && c.lung[k] > 0.3) mask[k] = 1;
      }
    }
  }
  return mask;
}

/** Apicolateral air without lung markings, bounded by a thin visceral pleural line. */
function pneumothorax(c: FindingCanvas, s: 0 | 1, severity: number): Uint8Array {
  const { th, size, density } = c;
  const mask = new Uint8Array(size * size);
  const wmax = [0.045, 0.08, 0.12][severity - 1];
  const extent = [0.3, 0.45, 0.6][severity - 1];
  const a = th.a;
  const line = Math.max(0.0035, 0.9 / size);
  for (let y = 0; y < size; y++) {
    const v = (y + 0.5) / size;
    const w = wmax * (1 - smoothstep(a.apexV, a.apexV + extent, v)) + 0.012 * (1 - smoothstep(a.apexV, a.apexV + 0.15, v));
    if (w < 0.004) continue;
    for (let x = 0; x < size; x++) {
      const u = (x + 0.5) / size;
      if (Thorax.side(u) !== s) continue;
      const t = Thorax.lateral(u);
      const shape = th.lungShape(u, v);
      if (shape < 0.05) continue;
      // Depth into the lung from the chest wall or the apex, whichever is nearer.
      const dep = Math.min(th.wallHalfWidth(v) - t, v - th.apexCapV(t));
      const k = y * size + x;
      if (dep < w) {
        c.vesselGain[k] = 0;
        density[k] -= 0.14 * shape;
        if (shape > 0.5) mask[k] = 1;
      } else {
        // The pleural line, then slightly denser collapsed lung.
        density[k] += 0.3 * Math.max(0, 1 - Math.abs(dep - w - line) / line) * shape;
        density[k] += 0.05 * (1 - smoothstep(0, 0.05, dep - w)) * shape;
      }
    }
  }
  return mask;
}

function zoneFraction(zone: 'upper' | 'middle' | 'lower'): number {
  return zone === 'upper' ? 0.18 : zone === 'middle' ? 0.55 : 0.86;
}

/** Patchy lobar airspace opacity: a noisy blob confined to the lung. */
function consolidation(c: FindingCanvas, s: 0 | 1, zone: 'upper' | 'middle' | 'lower', severity: number, seed: number): Uint8Array {
  const { th, size, density, lung } = c;
  const rng = new SeededRandom(seed);
  const noise = new ValueNoise(seed);
  const [cu, cv] = th.lungPoint(s, rng.uniform(0.35, 0.7), zoneFraction(zone) + rng.uniform(-0.06, 0.06));
  const r = [0.065, 0.085, 0.105][severity - 1];
  const ru = r * rng.uniform(0.8, 1.15), rv = r * rng.uniform(0.8, 1.2);
  const amp = [0.55, 0.65, 0.75][severity - 1];
  const mask = new Uint8Array(size * size);
  const x0 = Math.max(0, Math.floor((cu - ru * 1.6) * size)), x1 = Math.min(size, Math.ceil((cu + ru * 1.6) * size));
  const y0 = Math.max(0, Math.floor((cv - rv * 1.6) * size)), y1 = Math.min(size, Math.ceil((cv + rv * 1.6) * size));
  for (let y = y0; y < y1; y++) {
    const v = (y + 0.5) / size;
    for (let x = x0; x < x1; x++) {
      const u = (x + 0.5) / size;
      const k = y * size + x;
      if (lung[k] <= 0) continue;
      const du = (u - cu) / ru, dv = (v - cv) / rv;
      const fall = 1 - Math.sqrt(du * du + dv * dv) / 1.5;
      const op = smoothstep(0.05, 0.45, fall * 0.9 + 0.35 * noise.fractal(u, v, 16)) * lung[k];
      if (op <= 0) continue;
      density[k] += amp * op;
      c.vesselGain[k] *= 1 - 0.6 * op;
      if (op > 0.3) mask[k] = 1;
    }
  }
  return mask;
}

/** Plate-like (discoid) atelectasis: a thin, nearly horizontal band at a base. */
function atelectasis(c: FindingCanvas, ss: (0 | 1)[], severity: number, tilt: number, seed: number): Uint8Array {
  const { th, size, density, lung } = c;
  const rng = new SeededRandom(seed);
  const layer = new Layer(size);
  const half = [0.06, 0.075, 0.09][severity - 1];
  const r = [0.008, 0.011, 0.015][severity - 1];
  for (const s of ss) {
    const [cu, cv] = th.lungPoint(s, rng.uniform(0.4, 0.65), rng.uniform(0.74, 0.86));
    const ang = (s === 0 ? tilt : -tilt) + rng.normal() * 0.05;
    layer.segment(cu - Math.cos(ang) * half, cv - Math.sin(ang) * half, cu + Math.cos(ang) * half, cv + Math.sin(ang) * half, r, 1);
  }
  const mask = new Uint8Array(size * size);
  for (let k = 0; k < mask.length; k++) {
    const val = layer.data[k] * Math.min(1, lung[k] * 1.5);
    if (val <= 0) continue;
    density[k] += 0.55 * val;
    if (val > 0.1) mask[k] = 1;
  }
  return mask;
}

/** Bilateral perihilar haze with engorged, indistinct vessels. */
function edema(c: FindingCanvas, severity: number): Uint8Array {
  const { th, size, density, lung } = c;
  const sigma = 0.085 + 0.025 * severity;
  const amp = [0.13, 0.22, 0.34][severity - 1];
  const mask = new Uint8Array(size * size);
  const hila = [th.hilum(0), th.hilum(1)];
  for (let y = 0; y < size; y++) {
    const v = (y + 0.5) / size;
    for (let x = 0; x < size; x++) {
      const k = y * size + x;
      if (lung[k] <= 0) continue;
      const u = (x + 0.5) / size;
      const [hu, hv] = hila[Thorax.side(u)];
      const d2 = ((u - hu) ** 2 + ((v - hv) * 0.8) ** 2) / (2 * sigma * sigma);
      const haze = Math.exp(-d2) * lung[k];
      density[k] += amp * haze;
      c.vesselGain[k] *= 1 + 0.3 * haze;
      if (haze > 0.3) mask[k] = 1;
    }
  }
  return mask;
}

/** A round, well-defined nodule. */
function nodule(c: FindingCanvas, s: 0 | 1, zone: 'upper' | 'middle' | 'lower', fu: number, radius: number): Uint8Array {
  const { th, size, density, lung } = c;
  const [cu, cv] = th.lungPoint(s, fu, zoneFraction(zone) * 0.9);
  const mask = new Uint8Array(size * size);
  const edge = Math.max(0.004, 1 / size);
  for (let y = Math.max(0, Math.floor((cv - radius * 2) * size)); y < Math.min(size, Math.ceil((cv + radius * 2) * size)); y++) {
    for (let x = Math.max(0, Math.floor((cu - radius * 2) * size)); x < Math.min(size, Math.ceil((cu + radius * 2) * size)); x++) {
      const d = Math.hypot((x + 0.5) / size - cu, (y + 0.5) / size - cv);
      const val = 1 - smoothstep(radius - edge, radius + edge, d);
      if (val <= 0) continue;
      const k = y * size + x;
      density[k] += 0.65 * val * Math.sqrt(Math.max(0, 1 - (d / (radius + edge)) ** 2)) + 0.1 * val * (lung[k] > 0 ? 1 : 0);
      if (val > 0.2) mask[k] = 1;
    }
  }
  return mask;
}

/** Radio-opaque tubes, lines and a pacemaker, drawn along the anatomy they follow. */
function device(c: FindingCanvas, type: 'ett' | 'enteric' | 'central-line' | 'pacemaker', seed: number): Uint8Array {
  const { th, size, density } = c;
  const a = th.a;
  const rng = new SeededRandom(seed);
  const layer = new Layer(size);
  const wire = Math.max(0.003, 0.6 / size);
  switch (type) {
    case 'ett': {
      const tip = a.carinaV - deviceTipAboveCarina(seed);
      for (const o of [-0.007, 0.007]) layer.polyline([[0.497 + o, 0], [0.496 + o, tip]], wire, 1);
      break;
    }
    case 'enteric': {
      const dv = th.diaphragmV(1, 0.05);
      const pts = [
        ...bezier([0.5, 0], [0.51, 0.3], [0.512, dv], 12),
        ...bezier([0.512, dv], [0.53, dv + 0.07], [0.5 + a.chestHalfWidth * 0.42, a.baseV[1] + 0.05], 10),
      ];
      layer.polyline(pts, wire * 1.2, 1);
      break;
    }
    case 'central-line': {
      const pts = bezier([0.42, 0.02], [0.445, 0.16], [0.47 - a.mediastinumHalfWidth * 0.2, a.carinaV - 0.02 + rng.uniform(-0.02, 0.02)], 14);
      layer.polyline(pts, wire, 1);
      break;
    }
    case 'pacemaker': {
      const gu = 0.5 + a.chestHalfWidth * 0.72, gv = a.clavicleV + 0.06;
      layer.rect(gu, gv, 0.038, 0.028, 1.6);
      const [hcu, hcv] = th.heartCentre();
      const [, hrv] = th.heartRadii();
      const svc: [number, number] = [0.47, a.carinaV];
      layer.polyline(bezier([gu - 0.03, gv], [0.55, a.clavicleV], svc, 12), wire, 1);
      layer.polyline(bezier(svc, [0.45, hcv - hrv * 0.5], [0.45, hcv - hrv * 0.2], 8), wire, 1);
      layer.polyline(bezier(svc, [0.46, hcv], [hcu + 0.02, hcv + hrv * 0.6], 10), wire, 1);
      break;
    }
  }
  const mask = new Uint8Array(size * size);
  for (let k = 0; k < mask.length; k++) {
    const val = layer.data[k];
    if (val <= 0) continue;
    density[k] += 0.9 * val;
    if (val > 0.1) mask[k] = 1;
  }
  return mask;
}

/** ETT tip height above the carina (fraction of the side), from the device seed. */
export function deviceTipAboveCarina(seed: number): number {
  return new SeededRandom(seed).uniform(0.075, 0.125);
}
