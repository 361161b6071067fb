// Every corrupt or truncated file fails with a DecodeError naming the file and the problem.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DecodeError } from '../../src/errors.js';
import { decodeImage, encodeDicom, encodeJpeg, encodePng } from '../../src/images/index.js';

const fixture = (n: string) => new Uint8Array(readFileSync(new URL(`./fixtures/${n}`, import.meta.url)));
const grey = new Float32Array(32 * 24).map((_, i) => (i % 32) / 31);

function fails(bytes: Uint8Array, name: string, message: RegExp): void {
  let err: unknown;
  try {
    decodeImage(bytes, { name });
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(DecodeError);
  expect((err as DecodeError).file).toBe(name);
  expect((err as Error).message.startsWith(`${name}: `)).toBe(true);
  expect((err as Error).message).toMatch(message);
}

describe('malformed images', () => {
  it('empty file', () => fails(new Uint8Array(0), 'files/p10/empty.jpg', /file is empty/));
  it('unknown format', () =>
    fails(new TextEncoder().encode('<html>not an image</html>'), 'x.png', /unknown image format .*first bytes 3c 68 74 6d/));
  it('PNG with a corrupted chunk', () => {
    const b = encodePng(grey, 32, 24);
    b[b.length - 20] ^= 0xff; // inside IDAT data: CRC no longer matches
    fails(b, 'bad.png', /not a readable PNG \(.*CRC/i);
  });
  it('truncated PNG', () => fails(fixture('grey16.png').subarray(0, 300), 'cut.png', /not a readable PNG/));
  it('truncated JPEG', () => fails(fixture('baseline-grey.jpg').subarray(0, 200), 'cut.jpg', /JPEG is truncated \(no end-of-image marker\)/));
  it('truncated progressive JPEG', () =>
    fails(fixture('progressive-rgb.jpg').subarray(0, 400), 'cut-p.jpg', /JPEG is truncated/));
  it('JPEG with a garbled header', () => {
    const b = encodeJpeg(grey, 32, 24);
    b.fill(0x41, 20, 160); // overwrite quantisation and frame header
    fails(b, 'garbled.jpg', /not a readable JPEG/);
  });
  it('DICOM with truncated pixel data', () => {
    const b = encodeDicom({ width: 32, height: 24, data: grey });
    fails(b.subarray(0, b.length - 100), 'cut.dcm', /DICOM|pixel data/i);
  });
  it('DICOM without Rows', () => {
    const b = encodeDicom({ width: 32, height: 24, data: grey, bitsStored: 12 });
    // Rename (0028,0010) Rows to the unused (0028,0012) so the parser skips it.
    const i = findTag(b, 0x0028, 0x0010);
    b[i + 2] = 0x12;
    fails(b, 'norows.dcm', /DICOM has no Rows \(00280010\)/);
  });
  it('DICOM with an unsupported transfer syntax', () => {
    const b = encodeDicom({ width: 32, height: 24, data: grey, bitsStored: 12 });
    const i = findTag(b, 0x0002, 0x0010);
    const uid = '1.2.840.10008.1.2.1';
    const at = i + 8;
    expect(new TextDecoder().decode(b.subarray(at, at + uid.length))).toBe(uid);
    b[at + uid.length - 1] = 0x35; // 1.2.840.10008.1.2.5: RLE lossless
    fails(b, 'rle.dcm', /transfer syntax 1\.2\.840\.10008\.1\.2\.5 is not supported/);
  });
  it('DICOM that is not DICOM after the preamble', () => {
    const b = new Uint8Array(400);
    b.set([0x44, 0x49, 0x43, 0x4d], 128);
    b.fill(0xee, 132);
    fails(b, 'junk.dcm', /not a readable DICOM file|DICOM has no/);
  });
});

function findTag(b: Uint8Array, group: number, element: number): number {
  for (let i = 132; i + 4 < b.length; i += 2) {
    if (b[i] === (group & 255) && b[i + 1] === group >> 8 && b[i + 2] === (element & 255) && b[i + 3] === element >> 8) return i;
  }
  throw new Error('tag not found');
}
