/** An axis-aligned box in pixels: top-left corner and size. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * A 0/1 row-major mask with every box filled. `scale` maps box coordinates to the mask's
 * pixels (e.g. 256/1024 for RSNA boxes on a downsized image); a pixel is inside when its
 * centre is.
 */
export function rasterizeBoxes(boxes: readonly Box[], width: number, height: number, scale = 1): Uint8Array {
  const mask = new Uint8Array(width * height);
  for (const b of boxes) {
    const x0 = Math.max(0, Math.ceil(b.x * scale - 0.5));
    const y0 = Math.max(0, Math.ceil(b.y * scale - 0.5));
    const x1 = Math.min(width, Math.ceil((b.x + b.width) * scale - 0.5));
    const y1 = Math.min(height, Math.ceil((b.y + b.height) * scale - 0.5));
    for (let y = y0; y < y1; y++) mask.fill(1, y * width + x0, y * width + Math.max(x0, x1));
  }
  return mask;
}
