/**
 * Image decoding, encoding and transforms. Stable API (the layout loaders depend on it):
 *
 *   decodeImage(bytes: Uint8Array, { name?, keepAlpha?, window? }): Image
 *       PNG / JPEG / DICOM, sniffed from the bytes; throws DecodeError naming `name`.
 *   Image = { width, height, channels, data: Float32Array in [0,1], HWC interleaved }
 *       channels: 1 for grey sources, 3 colour (4 only with keepAlpha).
 *   encodePng(pixels: Float32Array|Uint8Array|Uint16Array, w, h, { bitDepth?: 8|16, channels? }): Uint8Array
 *   encodeJpeg(pixels: Float32Array|Uint8Array, w, h, { quality?, channels?: 1|3 }): Uint8Array
 *       grey → one-component baseline JPEG (like MIMIC-CXR-JPG).
 *   encodeDicom({ width, height, data, transferSyntax?, bitsStored?, photometric?,
 *                 rescaleSlope?, rescaleIntercept?, windowCenter?, windowWidth?,
 *                 patientId?, patientSex?, patientAge?, viewPosition?, modality?, ...UIDs }): Uint8Array
 *   makeUid(...parts): string — deterministic 2.25.* UID.
 *
 * Transforms take an Image (and a `Random` from `seededRandom(...)` where random) and
 * return a new Image: resize, crop, centerCrop, randomCrop, affine, randomAffine, hflip,
 * randomHorizontalFlip, normalize, compose; toTensor → [C,H,W] tensor.
 */
export { type Image, makeImage, toGrey } from './image.js';
export { decodeImage, type DecodeImageOptions } from './decode.js';
export { sniffFormat, type ImageFormat } from './sniff.js';
export { decodePng, encodePng, type EncodePngOptions } from './png.js';
export { decodeJpeg, encodeJpeg, type EncodeJpegOptions } from './jpeg.js';
export { decodeDicom, type DicomDecodeOptions } from './dicom-decode.js';
export { encodeDicom, makeUid, SOP_SECONDARY_CAPTURE, type EncodeDicomOptions } from './dicom-encode.js';
export { resize, type ResizeMode } from './transforms/resize.js';
export { crop, centerCrop, randomCrop } from './transforms/crop.js';
export { affine, randomAffine, type AffineParams, type RandomAffineOptions } from './transforms/affine.js';
export { hflip, randomHorizontalFlip } from './transforms/flip.js';
export { normalize } from './transforms/normalize.js';
export { toTensor, toCHW } from './transforms/to-tensor.js';
export { compose, type Transform } from './transforms/compose.js';
