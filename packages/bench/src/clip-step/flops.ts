/**
 * Multiply-add work of one W3 step: convolutions and matrix products of the forward pass
 * (2 FLOPs per multiply-add), times 3 for forward + both backward products. Elementwise
 * work, norms and the optimiser are left out: they move memory rather than compute.
 */
import type { ClipStepConfig } from './spec.js';

export function clipStepFlops(c: ClipStepConfig): { conv: number; total: number } {
  const B = c.batch;
  let side = c.imageSize;
  // k×k conv from ci to co channels producing an s×s map.
  const conv = (k: number, ci: number, co: number, s: number) => 2 * B * s * s * co * ci * k * k;
  let convF = conv(3, 1, c.stem, side);
  let ch = c.stem;
  c.widths.forEach((planes, i) => {
    for (let j = 0; j < c.blocks[i]; j++) {
      const stride = j === 0 ? c.strides[i] : 1;
      side = Math.floor((side - 1) / stride) + 1;
      convF += conv(3, ch, planes, side) + conv(3, planes, planes, side);
      if (stride !== 1 || ch !== planes) convF += conv(1, ch, planes, side);
      ch = planes;
    }
  });
  const tokens = B * c.seq;
  const d = c.dModel;
  const perLayer = 2 * tokens * (3 * d * d + d * d + 2 * d * c.ffn) + 2 * 2 * B * c.seq * c.seq * d;
  const heads = 2 * B * (ch + d) * c.embed + 2 * B * B * c.embed;
  return { conv: 3 * convF, total: 3 * (convF + c.layers * perLayer + heads) };
}
