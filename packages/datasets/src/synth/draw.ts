/**
 * Drawing strokes (tubes, vessels, leads, plate-like bands) onto a float layer in
 * canonical coordinates (fractions of the side). Overlapping strokes combine by max so
 * that joints of a polyline do not double their density.
 */
export class Layer {
  readonly data: Float32Array;
  constructor(
    readonly size: number,
  ) {
    this.data = new Float32Array(size * size);
  }

  /**
   * A segment of radius `r` with a soft (cosine) profile and peak `amount`; `cortex`
   * adds a brighter rim near the edges, as the cortical bone of a rib.
   */
  segment(u0: number, v0: number, u1: number, v1: number, r: number, amount: number, cortex = 0): void {
    const s = this.size;
    const rp = Math.max(r * s, 0.6);
    const x0 = u0 * s, y0 = v0 * s, x1 = u1 * s, y1 = v1 * s;
    const minX = Math.max(0, Math.floor(Math.min(x0, x1) - rp - 1));
    const maxX = Math.min(s - 1, Math.ceil(Math.max(x0, x1) + rp + 1));
    const minY = Math.max(0, Math.floor(Math.min(y0, y1) - rp - 1));
    const maxY = Math.min(s - 1, Math.ceil(Math.max(y0, y1) + rp + 1));
    const dx = x1 - x0, dy = y1 - y0;
    const len2 = dx * dx + dy * dy || 1e-9;
    for (let y = minY; y <= maxY; y++) {
      for (let x = minX; x <= maxX; x++) {
        const px = x + 0.5 - x0, py = y + 0.5 - y0;
        const t = Math.max(0, Math.min(1, (px * dx + py * dy) / len2));
        const ex = px - t * dx, ey = py - t * dy;
        const d = Math.sqrt(ex * ex + ey * ey) / rp;
        if (d >= 1) continue;
        let val = amount * (0.5 + 0.5 * Math.cos(Math.PI * d));
        if (cortex > 0) val += cortex * Math.max(0, 1 - Math.abs(d - 0.72) * 5);
        const k = y * s + x;
        if (val > this.data[k]) this.data[k] = val;
      }
    }
  }

  polyline(points: readonly (readonly [number, number])[], r: number, amount: number, cortex = 0): void {
    for (let i = 1; i < points.length; i++) this.segment(points[i - 1][0], points[i - 1][1], points[i][0], points[i][1], r, amount, cortex);
  }

  /** A filled axis-aligned rounded rectangle (pacemaker can) with soft edges. */
  rect(cu: number, cv: number, hu: number, hv: number, amount: number): void {
    const s = this.size;
    for (let y = Math.max(0, Math.floor((cv - hv) * s) - 1); y <= Math.min(s - 1, Math.ceil((cv + hv) * s) + 1); y++) {
      for (let x = Math.max(0, Math.floor((cu - hu) * s) - 1); x <= Math.min(s - 1, Math.ceil((cu + hu) * s) + 1); x++) {
        const du = Math.abs((x + 0.5) / s - cu) / hu, dv = Math.abs((y + 0.5) / s - cv) / hv;
        const d = Math.pow(Math.pow(du, 4) + Math.pow(dv, 4), 0.25);
        if (d < 1) this.data[y * s + x] = Math.max(this.data[y * s + x], amount * Math.min(1, (1 - d) * 8));
      }
    }
  }
}

/** Points along a quadratic Bézier curve. */
export function bezier(p0: readonly [number, number], c: readonly [number, number], p1: readonly [number, number], n = 16): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i <= n; i++) {
    const t = i / n, a = (1 - t) * (1 - t), b = 2 * t * (1 - t), d = t * t;
    out.push([a * p0[0] + b * c[0] + d * p1[0], a * p0[1] + b * c[1] + d * p1[1]]);
  }
  return out;
}
