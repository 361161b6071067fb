import { ConfigError } from '../errors.js';
import { TS_EXPLICIT_LE, TS_IMPLICIT_LE, TS_JPEG_BASELINE } from './dicom-decode.js';
import { encodeJpeg } from './jpeg.js';

/** Secondary Capture, the SOP class of the RSNA and SIIM challenge DICOMs. */
export const SOP_SECONDARY_CAPTURE = '1.2.840.10008.5.1.4.1.1.7';
const IMPLEMENTATION_UID = '2.25.218714947158341129207626154389125946387';

export interface EncodeDicomOptions {
  width: number;
  height: number;
  /** Stored values (Uint8Array/Uint16Array) or [0,1] floats scaled to the stored range. */
  data: Float32Array | Uint8Array | Uint16Array;
  /** 'explicit' (default) or 'implicit' VR little endian, or 'jpeg-baseline' (8-bit, encapsulated). */
  transferSyntax?: 'explicit' | 'implicit' | 'jpeg-baseline';
  /** 8..16; default 8 for Uint8Array and jpeg-baseline, else 12. */
  bitsStored?: number;
  photometric?: 'MONOCHROME2' | 'MONOCHROME1';
  rescaleSlope?: number;
  rescaleIntercept?: number;
  windowCenter?: number;
  windowWidth?: number;
  jpegQuality?: number;
  patientId?: string;
  patientName?: string;
  patientSex?: string;
  patientAge?: string;
  modality?: string;
  viewPosition?: string;
  bodyPartExamined?: string;
  studyInstanceUid?: string;
  seriesInstanceUid?: string;
  sopInstanceUid?: string;
  sopClassUid?: string;
  /** Any other attributes: tag as 8 hex digits ("00081030"), a VR, a string value. */
  extra?: { tag: string; vr: string; value: string }[];
}

/** A deterministic UID under the 2.25 (UUID-derived) root from any key. */
export function makeUid(...parts: (string | number)[]): string {
  // Two 64-bit FNV-1a hashes with different offsets give a 128-bit number.
  const key = parts.join('/');
  let h = 0n;
  for (const basis of [0xcbf29ce484222325n, 0x84222325cbf29ce4n]) {
    let x = basis;
    for (let i = 0; i < key.length; i++) x = ((x ^ BigInt(key.charCodeAt(i))) * 0x100000001b3n) & 0xffffffffffffffffn;
    h = (h << 64n) | x;
  }
  return `2.25.${h}`;
}

type El = { group: number; element: number; vr: string; value: Uint8Array; undefinedLength?: boolean };
const LONG_VRS = new Set(['OB', 'OW', 'OF', 'SQ', 'UT', 'UN', 'UC', 'UR']);

function str(group: number, element: number, vr: string, s: string): El {
  let bytes = new TextEncoder().encode(s);
  if (bytes.length % 2) {
    const padded = new Uint8Array(bytes.length + 1);
    padded.set(bytes);
    padded[bytes.length] = vr === 'UI' ? 0 : 0x20;
    bytes = padded;
  }
  return { group, element, vr, value: bytes };
}
function us(group: number, element: number, v: number): El {
  return { group, element, vr: 'US', value: new Uint8Array([v & 255, v >> 8]) };
}
function ds(group: number, element: number, v: number): El {
  return str(group, element, 'DS', String(Number(v.toPrecision(12))).slice(0, 16));
}

function writeElements(els: El[], explicit: boolean): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const e of els) {
    const long = LONG_VRS.has(e.vr);
    const head = new DataView(new ArrayBuffer(explicit ? (long ? 12 : 8) : 8));
    head.setUint16(0, e.group, true);
    head.setUint16(2, e.element, true);
    const len = e.undefinedLength ? 0xffffffff : e.value.length;
    if (explicit) {
      head.setUint8(4, e.vr.charCodeAt(0));
      head.setUint8(5, e.vr.charCodeAt(1));
      if (long) head.setUint32(8, len, true);
      else head.setUint16(6, len, true);
    } else head.setUint32(4, len, true);
    parts.push(new Uint8Array(head.buffer), e.value);
  }
  return concat(parts);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Encapsulated pixel data: an empty basic offset table item, one fragment, a sequence delimiter. */
function encapsulate(frame: Uint8Array): Uint8Array {
  const even = frame.length % 2 ? concat([frame, new Uint8Array(1)]) : frame;
  const item = (tagElement: number, len: number) => {
    const d = new DataView(new ArrayBuffer(8));
    d.setUint16(0, 0xfffe, true);
    d.setUint16(2, tagElement, true);
    d.setUint32(4, len, true);
    return new Uint8Array(d.buffer);
  };
  return concat([item(0xe000, 0), item(0xe000, even.length), even, item(0xe0dd, 0)]);
}

/** Writes a single-frame grey DICOM Part-10 file (Secondary Capture by default). */
export function encodeDicom(o: EncodeDicomOptions): Uint8Array {
  const { width, height, data } = o;
  if (data.length !== width * height) throw new ConfigError(`encodeDicom: ${data.length} values cannot fill ${width}x${height}`);
  const syntax = o.transferSyntax ?? 'explicit';
  const jpeg = syntax === 'jpeg-baseline';
  const bitsStored = o.bitsStored ?? (jpeg || data instanceof Uint8Array ? 8 : 12);
  if (!(bitsStored >= 1 && bitsStored <= 16) || (jpeg && bitsStored !== 8)) {
    throw new ConfigError(`encodeDicom: bitsStored ${bitsStored} is not possible with ${syntax} (1..16, 8 for jpeg-baseline)`);
  }
  const bitsAllocated = bitsStored <= 8 ? 8 : 16;
  const max = (1 << bitsStored) - 1;
  const stored = bitsAllocated === 8 ? new Uint8Array(data.length) : new Uint16Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const v = data instanceof Float32Array ? Math.round(Math.min(1, Math.max(0, data[i])) * max) : data[i];
    if (v > max) throw new ConfigError(`encodeDicom: value ${v} at pixel ${i} exceeds ${bitsStored} bits`);
    stored[i] = v;
  }
  const ts = jpeg ? TS_JPEG_BASELINE : syntax === 'implicit' ? TS_IMPLICIT_LE : TS_EXPLICIT_LE;
  const sopClass = o.sopClassUid ?? SOP_SECONDARY_CAPTURE;
  const sopInstance = o.sopInstanceUid ?? makeUid('sop', o.patientId ?? '', o.studyInstanceUid ?? '', width, height);

  let pixelData: El;
  if (jpeg) {
    const frame = encodeJpeg(stored as Uint8Array, width, height, { quality: o.jpegQuality ?? 95 });
    pixelData = { group: 0x7fe0, element: 0x0010, vr: 'OB', value: encapsulate(frame), undefinedLength: true };
  } else {
    const bytes = new Uint8Array(stored.buffer, stored.byteOffset, stored.byteLength); // host is little endian
    pixelData = { group: 0x7fe0, element: 0x0010, vr: bitsAllocated === 8 ? 'OB' : 'OW', value: bytes };
  }

  const els: El[] = [
    str(0x0008, 0x0016, 'UI', sopClass),
    str(0x0008, 0x0018, 'UI', sopInstance),
    str(0x0008, 0x0060, 'CS', o.modality ?? 'CR'),
    str(0x0010, 0x0010, 'PN', o.patientName ?? o.patientId ?? ''),
    str(0x0010, 0x0020, 'LO', o.patientId ?? ''),
  ];
  if (o.patientSex !== undefined) els.push(str(0x0010, 0x0040, 'CS', o.patientSex));
  if (o.patientAge !== undefined) els.push(str(0x0010, 0x1010, 'AS', o.patientAge));
  if (o.bodyPartExamined !== undefined) els.push(str(0x0018, 0x0015, 'CS', o.bodyPartExamined));
  if (o.viewPosition !== undefined) els.push(str(0x0018, 0x5101, 'CS', o.viewPosition));
  els.push(
    str(0x0020, 0x000d, 'UI', o.studyInstanceUid ?? makeUid('study', sopInstance)),
    str(0x0020, 0x000e, 'UI', o.seriesInstanceUid ?? makeUid('series', sopInstance)),
    us(0x0028, 0x0002, 1),
    str(0x0028, 0x0004, 'CS', o.photometric ?? 'MONOCHROME2'),
    us(0x0028, 0x0010, height),
    us(0x0028, 0x0011, width),
    us(0x0028, 0x0100, bitsAllocated),
    us(0x0028, 0x0101, bitsStored),
    us(0x0028, 0x0102, bitsStored - 1),
    us(0x0028, 0x0103, 0),
  );
  if (o.windowCenter !== undefined && o.windowWidth !== undefined) {
    els.push(ds(0x0028, 0x1050, o.windowCenter), ds(0x0028, 0x1051, o.windowWidth));
  }
  if (o.rescaleIntercept !== undefined || o.rescaleSlope !== undefined) {
    els.push(ds(0x0028, 0x1052, o.rescaleIntercept ?? 0), ds(0x0028, 0x1053, o.rescaleSlope ?? 1));
  }
  for (const e of o.extra ?? []) {
    if (!/^[0-9a-fA-F]{8}$/.test(e.tag)) throw new ConfigError(`encodeDicom: extra tag "${e.tag}" must be 8 hex digits`);
    els.push(str(parseInt(e.tag.slice(0, 4), 16), parseInt(e.tag.slice(4), 16), e.vr, e.value));
  }
  els.push(pixelData);
  els.sort((a, b) => a.group - b.group || a.element - b.element);

  const metaBody = writeElements(
    [
      { group: 2, element: 1, vr: 'OB', value: new Uint8Array([0, 1]) },
      str(2, 2, 'UI', sopClass),
      str(2, 3, 'UI', sopInstance),
      str(2, 0x10, 'UI', ts),
      str(2, 0x12, 'UI', IMPLEMENTATION_UID),
      str(2, 0x13, 'SH', 'PRIOR_DATASETS'),
    ],
    true,
  );
  const groupLen = new Uint8Array(4);
  new DataView(groupLen.buffer).setUint32(0, metaBody.length, true);
  const meta = concat([writeElements([{ group: 2, element: 0, vr: 'UL', value: groupLen }], true), metaBody]);
  const preamble = new Uint8Array(132);
  preamble.set([0x44, 0x49, 0x43, 0x4d], 128);
  return concat([preamble, meta, writeElements(els, syntax !== 'implicit')]);
}
