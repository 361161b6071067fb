/**
 * Detection data: RSNA pneumonia boxes (real or SynthCXR) over the preprocessed images,
 * the boxes scaled from the DICOM's pixels onto the resized image. As for segmentation,
 * the one labelled file is split into train / val / test with a fixed seed, stratified by
 * whether an image has boxes.
 */
import { type FileSource, decodeImage, loadRsna, toStore } from '@prior/datasets';
import type { BoxLike } from '../../metrics/index.js';
import type { ImagePreprocess } from '../common/index.js';
import { preprocessImage } from '../common/index.js';
import { type DenseSplitOptions, denseSplits, scaleBoxes } from '../segmentation/data.js';

export interface BoxedImage {
  id: string;
  /** Preprocessed image, CHW floats of pre.size². */
  pixels: Float32Array;
  /** Ground-truth boxes in the preprocessed image's pixels. */
  boxes: BoxLike[];
}

export interface DetectionData {
  name: string;
  pre: ImagePreprocess;
  train: BoxedImage[];
  val: BoxedImage[];
  test: BoxedImage[];
}

export async function rsnaDetection(source: FileSource, pre: ImagePreprocess, opts: DenseSplitOptions = {}): Promise<DetectionData> {
  const store = toStore(source);
  let records = await loadRsna(store);
  if (opts.limit !== undefined) records = [...records].sort((a, b) => (a.patientId < b.patientId ? -1 : 1)).slice(0, opts.limit);
  const items: BoxedImage[] = [];
  for (const r of records) {
    const img = decodeImage(await store.read(r.path), { name: store.describe(r.path) });
    items.push({ id: r.patientId, pixels: preprocessImage(img, pre), boxes: scaleBoxes(r.boxes, pre.size / img.width, pre.size / img.height) });
  }
  return { name: 'RSNA', pre, ...denseSplits(items, (b) => b.boxes.length > 0, opts) };
}
