import * as dicomParserModule from 'dicom-parser';
import type { DataSet } from 'dicom-parser';
import { DecodeError } from '../errors.js';
import { interop } from './cjs.js';
import type { Image } from './image.js';
import { decodeJpeg } from './jpeg.js';

const dicomParser = interop(dicomParserModule);

export const TS_IMPLICIT_LE = '1.2.840.10008.1.2';
export const TS_EXPLICIT_LE = '1.2.840.10008.1.2.1';
export const TS_JPEG_BASELINE = '1.2.840.10008.1.2.4.50';

export interface DicomDecodeOptions {
  /**
   * VOI windowing: 'auto' (default) uses the file's window centre/width when present and
   * the image's min..max otherwise; 'minmax' always uses min..max; or an explicit window.
   */
  window?: 'auto' | 'minmax' | { center: number; width: number };
}

function parse(bytes: Uint8Array, name: string): DataSet {
  const hasPreamble = bytes.length >= 132 && String.fromCharCode(...bytes.subarray(128, 132)) === 'DICM';
  try {
    // Files without the Part-10 header carry no transfer syntax: DICOM's default is implicit VR LE.
    return hasPreamble ? dicomParser.parseDicom(bytes) : dicomParser.parseDicom(bytes, { TransferSyntaxUID: TS_IMPLICIT_LE });
  } catch (e) {
    const msg = e instanceof Error ? e.message : typeof e === 'string' ? e : JSON.stringify((e as { exception?: string }).exception ?? e);
    throw new DecodeError(name, `not a readable DICOM file (${msg})`);
  }
}

/**
 * Decodes a single-frame DICOM image (uncompressed little-endian, explicit or implicit
 * VR, or JPEG baseline) to [0,1]: modality rescale (slope/intercept), then the VOI window,
 * then MONOCHROME1 inversion so that bright always means dense.
 */
export function decodeDicom(bytes: Uint8Array, name: string, opts: DicomDecodeOptions = {}): Image {
  const ds = parse(bytes, name);
  const need = (tag: string, what: string): number => {
    const v = ds.uint16(tag);
    if (v === undefined) throw new DecodeError(name, `DICOM has no ${what} (${tag.slice(1)})`);
    return v;
  };
  const rows = need('x00280010', 'Rows');
  const cols = need('x00280011', 'Columns');
  const spp = ds.uint16('x00280002') ?? 1;
  const photometric = (ds.string('x00280004') ?? 'MONOCHROME2').trim().toUpperCase();
  const bitsAllocated = ds.uint16('x00280100') ?? 16;
  const bitsStored = ds.uint16('x00280101') ?? bitsAllocated;
  const signed = ds.uint16('x00280103') === 1;
  const ts = (ds.string('x00020010') ?? TS_IMPLICIT_LE).replace(/\0/g, '').trim();
  const el = ds.elements.x7fe00010;
  if (!el) throw new DecodeError(name, 'DICOM has no Pixel Data (7FE0,0010)');
  if (spp !== 1 && spp !== 3) throw new DecodeError(name, `DICOM has ${spp} samples per pixel (1 or 3 supported)`);
  const pixels = rows * cols;

  let raw: Float32Array;
  let channels = spp;
  if (ts === TS_JPEG_BASELINE) {
    let frame: Uint8Array;
    try {
      const frags = el.fragments ?? [];
      frame = el.basicOffsetTable?.length
        ? dicomParser.readEncapsulatedImageFrame(ds, el, 0)
        : dicomParser.readEncapsulatedPixelDataFromFragments(ds, el, 0, frags.length);
    } catch (e) {
      throw new DecodeError(name, `DICOM encapsulated pixel data is unreadable (${(e as Error).message ?? e})`);
    }
    const img = decodeJpeg(frame, `${name} (embedded JPEG)`);
    if (img.width !== cols || img.height !== rows) {
      throw new DecodeError(name, `embedded JPEG is ${img.width}x${img.height} but the header says ${cols}x${rows}`);
    }
    channels = img.channels;
    raw = img.data.map((v) => Math.round(v * 255)); // back to stored values for the rescale below
  } else if (ts === TS_EXPLICIT_LE || ts === TS_IMPLICIT_LE) {
    raw = readNative(ds, el.dataOffset, el.length, pixels * spp, bitsAllocated, bitsStored, signed, name);
    if (spp === 3 && ds.uint16('x00280006') === 1) raw = planarToInterleaved(raw, pixels);
  } else {
    throw new DecodeError(name, `DICOM transfer syntax ${ts} is not supported (implicit/explicit VR little endian and JPEG baseline are)`);
  }

  if (channels === 3) {
    const max = bitsAllocated === 8 || ts === TS_JPEG_BASELINE ? 255 : (1 << bitsStored) - 1;
    return { width: cols, height: rows, channels: 3, data: raw.map((v) => v / max) };
  }
  const slope = ds.floatString('x00281053') ?? 1;
  const intercept = ds.floatString('x00281052') ?? 0;
  for (let i = 0; i < raw.length; i++) raw[i] = raw[i] * slope + intercept;
  applyWindow(raw, windowFor(ds, raw, opts));
  if (photometric === 'MONOCHROME1') for (let i = 0; i < raw.length; i++) raw[i] = 1 - raw[i];
  return { width: cols, height: rows, channels: 1, data: raw };
}

function readNative(
  ds: DataSet,
  offset: number,
  length: number,
  count: number,
  bitsAllocated: number,
  bitsStored: number,
  signed: boolean,
  name: string,
): Float32Array {
  const bytesPer = bitsAllocated / 8;
  if (bitsAllocated !== 8 && bitsAllocated !== 16) throw new DecodeError(name, `DICOM Bits Allocated ${bitsAllocated} is not supported (8 or 16)`);
  const need = count * bytesPer;
  const avail = Math.min(length, ds.byteArray.length - offset);
  if (avail < need) throw new DecodeError(name, `DICOM pixel data is truncated: ${avail} bytes, expected ${need}`);
  const view = new DataView(ds.byteArray.buffer, ds.byteArray.byteOffset + offset, need);
  const out = new Float32Array(count);
  const mask = bitsStored >= 32 ? 0xffffffff : (1 << bitsStored) - 1;
  const signBit = 1 << (bitsStored - 1);
  for (let i = 0; i < count; i++) {
    let v = (bytesPer === 2 ? view.getUint16(2 * i, true) : view.getUint8(i)) & mask;
    if (signed && v & signBit) v -= 1 << bitsStored; // sign-extend from Bits Stored
    out[i] = v;
  }
  return out;
}

function planarToInterleaved(src: Float32Array, pixels: number): Float32Array {
  const out = new Float32Array(src.length);
  for (let c = 0; c < 3; c++) for (let i = 0; i < pixels; i++) out[3 * i + c] = src[c * pixels + i];
  return out;
}

type Window = { kind: 'linear'; center: number; width: number } | { kind: 'minmax'; lo: number; hi: number };

function windowFor(ds: DataSet, v: Float32Array, opts: DicomDecodeOptions): Window {
  const w = opts.window ?? 'auto';
  if (typeof w === 'object') return { kind: 'linear', ...w };
  if (w === 'auto') {
    const center = ds.floatString('x00281050');
    const width = ds.floatString('x00281051');
    if (center !== undefined && width !== undefined && width >= 1) return { kind: 'linear', center, width };
  }
  let lo = Infinity;
  let hi = -Infinity;
  for (const x of v) {
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  return { kind: 'minmax', lo, hi };
}

/** DICOM PS3.3 C.11.2.1.2 linear VOI function, mapped to [0,1]. */
function applyWindow(v: Float32Array, w: Window): void {
  if (w.kind === 'linear') {
    const c = w.center - 0.5;
    const d = w.width - 1;
    for (let i = 0; i < v.length; i++) {
      const y = d <= 0 ? (v[i] > c ? 1 : 0) : (v[i] - c) / d + 0.5;
      v[i] = y < 0 ? 0 : y > 1 ? 1 : y;
    }
  } else {
    const span = w.hi - w.lo;
    for (let i = 0; i < v.length; i++) v[i] = span > 0 ? (v[i] - w.lo) / span : 0;
  }
}
