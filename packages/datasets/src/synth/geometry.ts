import { smoothstep } from './noise.js';
import type { Anatomy } from './spec.js';

/** Soft edge width of the lung fields, in fractions of the side. */
const EDGE = 0.012;

/**
 * The thorax as analytic curves in canonical coordinates (u right, v down, both in
 * [0,1]): rib-cage wall, lung apices, mediastinum, diaphragm domes and heart. The
 * patient's right lung is on the image's left (u < 0.5).
 */
export class Thorax {
  private scale = 1;
  private hc: [number, number] = [0, 0];
  private hr: [number, number] = [0, 0];

  constructor(readonly a: Anatomy) {
    this.heartScale = 1;
  }

  /** Multiplier on the heart width (cardiomegaly enlarges it). */
  get heartScale(): number {
    return this.scale;
  }

  set heartScale(s: number) {
    const h = this.a.heart;
    this.scale = s;
    this.hr = [h.ru * s, h.rv * (1 + (s - 1) * 0.6)];
    // Moved down and left as it enlarges so its base stays on the diaphragm.
    this.hc = [h.cu + (this.hr[0] - h.ru) * 0.35, h.cv - (this.hr[1] - h.rv) * 0.4];
  }

  /** Half-width of the rib cage at height v. */
  wallHalfWidth(v: number): number {
    return this.a.chestHalfWidth * (0.6 + 0.4 * smoothstep(this.a.apexV - 0.06, this.a.apexV + 0.34, v));
  }

  /** Side index: 0 for the patient's right (image left), 1 for the left. */
  static side(u: number): 0 | 1 {
    return u < 0.5 ? 0 : 1;
  }

  /** Signed lateral position: 0 at the midline, grows towards the chest wall on either side. */
  static lateral(u: number): number {
    return Math.abs(u - 0.5);
  }

  /** The diaphragm under side s at lateral offset t = |u-0.5| (dome medial, angle lateral). */
  diaphragmV(s: 0 | 1, t: number): number {
    const w = this.a.chestHalfWidth;
    const x = 1 - Math.min(1, t / w); // 0 at the wall, 1 at the midline
    const k = (x - 0.55) / 0.55;
    return this.a.baseV[s] - this.a.domeRise * Math.max(0, 1 - k * k);
  }

  /** The apex cap: lung starts below this height at lateral offset t. */
  apexCapV(t: number): number {
    const peak = this.a.chestHalfWidth * 0.55;
    const d = (t - peak) / this.a.chestHalfWidth;
    return this.a.apexV + 0.7 * d * d;
  }

  /** Mediastinal half-width on side s (the aortic knob bulges to the patient's left). */
  mediastinumHalfWidth(v: number, s: 0 | 1 = 0): number {
    const knob = s === 1 ? 0.45 * Math.exp(-((v - this.a.carinaV + 0.06) ** 2) / 0.0012) : 0;
    return this.a.mediastinumHalfWidth * (1 + knob + 0.1 * smoothstep(0.1, 0.0, v));
  }

  heartRadii(): readonly [number, number] {
    return this.hr;
  }

  heartCentre(): readonly [number, number] {
    return this.hc;
  }

  /** 1 inside the heart silhouette, soft at its border. */
  heartField(u: number, v: number): number {
    const cu = this.hc[0], cv = this.hc[1], ru = this.hr[0], rv = this.hr[1];
    // The left heart border bulges more than the right: make the ellipse asymmetric.
    // Long axis tilted so the apex points down and to the patient's left.
    const pu = u - cu, pv = v - cv;
    const qu = 0.94 * pu - 0.34 * pv, qv = 0.34 * pu + 0.94 * pv;
    const du = qu / (qu < 0 ? ru * 0.8 : ru);
    const dv = qv / (qv < 0 ? rv : rv * 1.15);
    const r = Math.sqrt(du * du + dv * dv);
    return 1 - smoothstep(1 - EDGE / rv, 1 + EDGE / rv, r);
  }

  /**
   * The aerated lung before the heart is taken out: 1 inside the rib cage, below the
   * apex, lateral to the mediastinum and above the diaphragm; soft at the borders.
   */
  lungShape(u: number, v: number): number {
    const s = Thorax.side(u);
    const t = Thorax.lateral(u);
    const wall = this.wallHalfWidth(v) - t;
    if (wall <= -EDGE) return 0;
    const med = t - this.mediastinumHalfWidth(v, s);
    const dia = this.diaphragmV(s, t) - v;
    const apex = v - this.apexCapV(t);
    const m = Math.min(wall, med, dia, apex);
    return smoothstep(-EDGE, EDGE, m);
  }

  /** The visible lung: its shape minus the heart in front of it. */
  lungField(u: number, v: number): number {
    const f = this.lungShape(u, v);
    return f === 0 ? 0 : f * (1 - this.heartField(u, v));
  }

  /** Hilum of side s (where the pulmonary vessels enter). */
  hilum(s: 0 | 1): [number, number] {
    const off = this.a.mediastinumHalfWidth + 0.045;
    return [s === 0 ? 0.5 - off : 0.5 + off + 0.01, this.a.carinaV + 0.07 + (s === 1 ? -0.01 : 0)];
  }

  /** Body (soft tissue) half-width at height v: neck at the top, then shoulders. */
  bodyHalfWidth(v: number): number {
    const full = this.a.chestHalfWidth + 0.075;
    return 0.1 + (full + 0.06 - 0.1) * smoothstep(0.0, 0.17, v) - 0.06 * smoothstep(0.17, 0.5, v);
  }

  /** A point inside side s's lung at lateral fraction fu (0 medial … 1 lateral) and height fraction fv (0 apex … 1 base). */
  lungPoint(s: 0 | 1, fu: number, fv: number): [number, number] {
    const v = this.a.apexV + 0.04 + fv * (this.a.baseV[s] - this.a.apexV - 0.1);
    const med = Math.max(this.mediastinumHalfWidth(v), s === 0 ? 0.5 - (this.heartCentre()[0] - this.heartRadii()[0] * 0.82) : 0) + 0.02;
    const t = med + fu * (this.wallHalfWidth(v) - 0.02 - med);
    return [s === 0 ? 0.5 - t : 0.5 + t, v];
  }
}
