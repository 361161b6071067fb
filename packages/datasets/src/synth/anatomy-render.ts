import { SeededRandom } from '../layouts/seeded-random.js';
import { Layer } from './draw.js';
import { Thorax } from './geometry.js';
import { ValueNoise, smoothstep } from './noise.js';

/** Canonical maps of one patient at a size: attenuation and what findings need. */
export interface AnatomyMaps {
  size: number;
  /** Attenuation without lung markings (markings are added after findings edit them). */
  density: Float32Array;
  /** Visible lung (0..1). */
  lung: Float32Array;
  /** Lung markings (vessels), 0..1, to be scaled and masked by findings. */
  vessels: Float32Array;
}

const AIR = 0.95; // attenuation removed by a fully aerated lung

/**
 * Draws the normal chest: torso, lungs, mediastinum, heart, trachea, spine, ribs,
 * clavicles, diaphragm and stomach bubble, as attenuation (larger = whiter).
 */
export function renderAnatomy(th: Thorax, size: number): AnatomyMaps {
  const a = th.a;
  const n = size * size;
  const density = new Float32Array(n);
  const lung = new Float32Array(n);
  const tex = new ValueNoise(a.textureSeed);
  const [hcU] = th.heartCentre();
  const stomach: [number, number] = [0.5 + a.chestHalfWidth * 0.45, th.diaphragmV(1, a.chestHalfWidth * 0.45) + 0.055];
  for (let y = 0; y < size; y++) {
    const v = (y + 0.5) / size;
    const bodyHalf = th.bodyHalfWidth(v);
    const wall = th.wallHalfWidth(v);
    for (let x = 0; x < size; x++) {
      const u = (x + 0.5) / size;
      const k = y * size + x;
      const t = Math.abs(u - 0.5);
      const body = 1 - smoothstep(bodyHalf - 0.01, bodyHalf + 0.01, t);
      if (body === 0) continue;
      // Torso thickness: thicker centrally; soft tissue of the shoulders and breasts.
      const rel = Math.min(1, t / bodyHalf);
      let d = body * a.softTissue * (0.3 + 0.95 * Math.sqrt(1 - rel * rel));
      if (a.sex === 'F') {
        const bu = (t - wall * 0.6) / 0.16, bv = (v - a.baseV[0] + 0.06) / 0.12;
        d += 0.18 * Math.max(0, 1 - bu * bu - bv * bv) ** 0.5;
      }
      // Abdomen below the diaphragm is denser (liver, spleen).
      const s = Thorax.side(u);
      if (t < wall && v > th.diaphragmV(s, t)) d += 0.15 * smoothstep(0, 0.03, v - th.diaphragmV(s, t));
      // Lungs: air removes attenuation, most in the thick lateral middle of each lung.
      const lf = th.lungField(u, v);
      lung[k] = lf;
      if (lf > 0) {
        const medHalf = th.mediastinumHalfWidth(v, s);
        const depth = 0.78 + 0.22 * Math.sin(Math.PI * Math.min(1, Math.max(0, (t - medHalf) / (wall - medHalf))));
        d -= AIR * lf * depth * (1 + 0.04 * tex.fractal(u, v, 9));
      }
      // Heart: slightly denser than the other mediastinal soft tissue.
      d += 0.06 * th.heartField(u, v);
      // Trachea: air column down to the carina.
      if (v < a.carinaV + 0.01) {
        const tu = 0.5 - 0.004 - 0.01 * v;
        d -= 0.3 * (1 - smoothstep(0.012, 0.02, Math.abs(u - tu))) * smoothstep(0.03, 0.06, v) * (1 - smoothstep(a.carinaV - 0.01, a.carinaV + 0.01, v));
      }
      // Stomach bubble under the left hemidiaphragm.
      const gu = (u - stomach[0]) / 0.07, gv = (v - stomach[1]) / 0.035;
      const g = gu * gu + gv * gv;
      if (g < 1 && v > stomach[1] - 0.02) d -= 0.35 * (1 - g) ** 0.5;
      // Spine: vertebral bodies with end plates, pedicles as faint ovals.
      const sp = Math.abs(u - 0.5 - 0.002);
      if (sp < 0.05) {
        const body2 = 1 - smoothstep(0.03, 0.042, sp);
        const phase = (v / 0.045 + a.ribPhase) % 1;
        d += body2 * (0.12 + 0.06 * smoothstep(0.82, 0.95, phase) - 0.05 * smoothstep(0.1, 0.4, phase) * smoothstep(0.8, 0.5, phase));
      }
      density[k] = d;
    }
  }
  addBones(th, size, density, lung);
  return { size, density, lung, vessels: drawVessels(th, size) };
}

/** Posterior and anterior ribs and clavicles, as layers so their cortex shows. */
function addBones(th: Thorax, size: number, density: Float32Array, lung: Float32Array): void {
  const a = th.a;
  const ribs = new Layer(size);
  for (const s of [-1, 1]) {
    // Posterior ribs: from the spine sweeping up then laterally down; 10 per side.
    for (let i = 0; i < 10; i++) {
      const v0 = a.apexV - 0.06 + (i + a.ribPhase * 0.3) * a.ribSpacing;
      const pts: [number, number][] = [];
      for (let j = 0; j <= 9; j++) {
        const t = 0.035 + (j / 9) * (th.wallHalfWidth(v0 + 0.08) + 0.01 - 0.035);
        pts.push([0.5 + s * t, v0 - 0.09 * t + 1.1 * t * t * (1 + 0.02 * i)]);
      }
      const r = 0.011 + 0.0008 * i;
      ribs.polyline(pts, r, 0.75, 0.5);
    }
    // Anterior ribs: fainter, running from the lateral wall medially and down.
    for (let i = 0; i < 6; i++) {
      const v0 = a.apexV + 0.03 + i * a.ribSpacing * 1.05;
      const w = th.wallHalfWidth(v0);
      ribs.polyline([[0.5 + s * w, v0], [0.5 + s * w * 0.65, v0 + 0.05], [0.5 + s * w * 0.3, v0 + 0.1]], 0.012, 0.35);
    }
    // Clavicle: a gentle S from the sternal end out to the shoulder.
    const cv = a.clavicleV;
    const cl: [number, number][] = [[0.5 + s * 0.045, cv + 0.035], [0.5 + s * 0.12, cv + 0.012], [0.5 + s * 0.22, cv + 0.003], [0.5 + s * 0.3, cv - 0.015], [0.5 + s * 0.36, cv - 0.03]];
    ribs.polyline(cl, 0.014, 1.8);
  }
  for (let k = 0; k < density.length; k++) {
    // Bone shows best against aerated lung; below the diaphragm it fades into soft tissue.
    if (density[k] > 0) density[k] += 0.13 * ribs.data[k] * (lung[k] > 0.2 ? 1 : 0.6);
  }
}

/**
 * Branching pulmonary vessels from each hilum, fading towards the periphery. The tree
 * follows the lung shape without the heart, so an enlarged heart hides vessels but
 * does not regrow the tree elsewhere.
 */
function drawVessels(th: Thorax, size: number): Float32Array {
  const layer = new Layer(size);
  const rng = new SeededRandom(th.a.vesselSeed);
  const inLung = (u: number, v: number) => th.lungShape(u, v) > 0.3;
  const grow = (u: number, v: number, ang: number, len: number, r: number, amt: number, depth: number): void => {
    if (depth > 5 || amt < 0.15) return;
    const u1 = u + Math.cos(ang) * len, v1 = v + Math.sin(ang) * len;
    layer.segment(u, v, u1, v1, r, amt);
    if (!inLung(u1, v1) && depth > 1) return;
    const split = rng.chance(0.55);
    grow(u1, v1, ang + rng.normal() * 0.15 + (split ? 0.35 : 0), len * 0.88, r * 0.8, amt * 0.85, depth + 1);
    if (split) grow(u1, v1, ang - 0.4 + rng.normal() * 0.15, len * 0.8, r * 0.72, amt * 0.78, depth + 1);
  };
  for (const s of [0, 1] as const) {
    const [hu, hv] = th.hilum(s);
    const out = s === 0 ? Math.PI : 0;
    for (let i = 0; i < 9; i++) {
      // Spread from up-and-out to down-and-out; the lower lobes carry more vessels.
      const ang = out + (s === 0 ? 1 : -1) * (-1.3 + (2.6 * (i + rng.next())) / 9);
      grow(hu, hv, ang, 0.04 + rng.next() * 0.015, 0.0085, 1, 0);
    }
  }
  return layer.data;
}
