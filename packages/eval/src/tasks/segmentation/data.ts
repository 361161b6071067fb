/**
 * Segmentation data from the published layouts (real or SynthCXR):
 *   siimSegmentation — SIIM-ACR pneumothorax: train-rle.csv masks (union of an image's
 *     RLE rows; empty for "-1") over the DICOMs;
 *   rsnaSegmentation — RSNA pneumonia: the opacity boxes rasterised into a mask (the
 *     protocol of the medical VLP papers, which have no pixel masks for RSNA).
 * Images are preprocessed as pre-training does (tasks/common) and masks brought to the
 * same side by nearest-neighbour sampling. Both layouts ship one labelled file, so a
 * stratified (positive / negative) test part and validation part are held out of it with
 * a fixed seed: every method and seed sees the same split.
 */
import { type Box, type FileSource, type FileStore, decodeImage, loadRsna, loadSiim, rasterizeBoxes, siimMask, toStore } from '@prior/datasets';
import { type ImagePreprocess, type LabeledImage, holdOut, preprocessImage } from '../common/index.js';

export interface MaskedImage {
  id: string;
  /** Preprocessed image, CHW floats of pre.size². */
  pixels: Float32Array;
  /** 0/1 mask of pre.size², row-major. */
  mask: Uint8Array;
}

export interface SegmentationData {
  name: string;
  /** The preprocessing the pixels went through (the overlays undo its normalisation). */
  pre: ImagePreprocess;
  train: MaskedImage[];
  val: MaskedImage[];
  test: MaskedImage[];
}

export interface DenseSplitOptions {
  /** Share of the labelled file held out as the test set (default 0.2). */
  testFraction?: number;
  /** Share of the rest held out for early stopping (default 0.1). */
  valFraction?: number;
  /** Seed of both draws (default 0). */
  seed?: number;
  /** Use only the first `limit` records (sorted by id), for quick runs. */
  limit?: number;
}

/** Nearest-neighbour resampling of a row-major 0/1 mask. */
export function resizeMask(mask: Uint8Array, width: number, height: number, outW: number, outH: number): Uint8Array {
  if (width === outW && height === outH) return mask;
  const out = new Uint8Array(outW * outH);
  for (let y = 0; y < outH; y++) {
    const sy = Math.min(height - 1, Math.floor(((y + 0.5) * height) / outH));
    for (let x = 0; x < outW; x++) out[y * outW + x] = mask[sy * width + Math.min(width - 1, Math.floor(((x + 0.5) * width) / outW))];
  }
  return out;
}

/** Splits labelled items into train / val / test, stratified by a 0/1 stratum. */
export function denseSplits<T extends { id: string }>(items: readonly T[], positive: (t: T) => boolean, opts: DenseSplitOptions = {}): { train: T[]; val: T[]; test: T[] } {
  const byId = new Map(items.map((t) => [t.id, t]));
  const labelled: LabeledImage[] = items.map((t) => ({ id: t.id, path: t.id, label: positive(t) ? 1 : 0 }));
  const seed = opts.seed ?? 0;
  const outer = holdOut(labelled, opts.testFraction ?? 0.2, seed);
  const inner = holdOut(outer.train, opts.valFraction ?? 0.1, seed + 1);
  const pick = (xs: LabeledImage[]) => xs.map((x) => byId.get(x.id)!);
  return { train: pick(inner.train), val: pick(inner.val), test: pick(outer.val) };
}

const sortedLimit = <T>(xs: T[], key: (x: T) => string, limit?: number) => (limit === undefined ? xs : [...xs].sort((a, b) => (key(a) < key(b) ? -1 : 1)).slice(0, limit));

/** Boxes in an image's pixels → boxes on the image resized by (sx, sy). */
export function scaleBoxes<B extends Box>(boxes: readonly B[], sx: number, sy: number): B[] {
  return boxes.map((b) => ({ ...b, x: b.x * sx, y: b.y * sy, width: b.width * sx, height: b.height * sy }));
}

async function decodeAt(store: FileStore, path: string) {
  return decodeImage(await store.read(path), { name: store.describe(path) });
}

export async function siimSegmentation(source: FileSource, pre: ImagePreprocess, opts: DenseSplitOptions = {}): Promise<SegmentationData> {
  const store = toStore(source);
  const records = sortedLimit(await loadSiim(store), (r) => r.imageId, opts.limit);
  const items: MaskedImage[] = [];
  for (const r of records) {
    const img = await decodeAt(store, r.path!);
    items.push({ id: r.imageId, pixels: preprocessImage(img, pre), mask: resizeMask(siimMask(r, img.width, img.height), img.width, img.height, pre.size, pre.size) });
  }
  return { name: 'SIIM', pre, ...denseSplits(items, (m) => m.mask.some((v) => v > 0), opts) };
}

export async function rsnaSegmentation(source: FileSource, pre: ImagePreprocess, opts: DenseSplitOptions = {}): Promise<SegmentationData> {
  const store = toStore(source);
  const records = sortedLimit(await loadRsna(store), (r) => r.patientId, opts.limit);
  const items: MaskedImage[] = [];
  for (const r of records) {
    const img = await decodeAt(store, r.path);
    items.push({ id: r.patientId, pixels: preprocessImage(img, pre), mask: rasterizeBoxes(scaleBoxes(r.boxes, pre.size / img.width, pre.size / img.height), pre.size, pre.size) });
  }
  return { name: 'RSNA', pre, ...denseSplits(items, (m) => m.mask.some((v) => v > 0), opts) };
}
