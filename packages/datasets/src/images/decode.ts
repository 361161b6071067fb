import { DecodeError } from '../errors.js';
import { decodeDicom, type DicomDecodeOptions } from './dicom-decode.js';
import type { Image } from './image.js';
import { decodeJpeg } from './jpeg.js';
import { decodePng, type DecodeOptions as PngOptions } from './png.js';
import { sniffFormat } from './sniff.js';

export interface DecodeImageOptions extends PngOptions, DicomDecodeOptions {
  /** The file's name, used in error messages and to recognise header-less DICOM. */
  name?: string;
}

/** Decodes a PNG, JPEG or DICOM file, recognised from its bytes (not its extension). */
export function decodeImage(bytes: Uint8Array, opts: DecodeImageOptions = {}): Image {
  const name = opts.name ?? '<bytes>';
  if (bytes.length === 0) throw new DecodeError(name, 'file is empty');
  const format = sniffFormat(bytes, name);
  switch (format) {
    case 'png':
      return decodePng(bytes, name, opts);
    case 'jpeg':
      return decodeJpeg(bytes, name);
    case 'dicom':
      return decodeDicom(bytes, name, opts);
    default: {
      const head = Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ');
      throw new DecodeError(name, `unknown image format (not PNG, JPEG or DICOM; first bytes ${head})`);
    }
  }
}
