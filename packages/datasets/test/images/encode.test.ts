import { describe, expect, it } from 'vitest';
import { decodeImage, encodeDicom, encodeJpeg, encodePng, makeUid } from '../../src/images/index.js';
import dicomParser from './dicom-parser-interop.js';

const W = 37;
const H = 29;
const grad = new Float32Array(W * H).map((_, i) => ((i % W) / W) * 0.6 + (Math.floor(i / W) / H) * 0.4);
const maxErr = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};

describe('encodePng', () => {
  it('round-trips 8-bit and 16-bit grey exactly at their precision', () => {
    const u8 = Uint8Array.from(grad, (v) => Math.round(v * 255));
    const a = decodeImage(encodePng(u8, W, H), { name: 'a.png' });
    expect([a.width, a.height, a.channels]).toEqual([W, H, 1]);
    expect(maxErr(a.data, Array.from(u8, (v) => v / 255))).toBeLessThan(1e-7);
    const b = decodeImage(encodePng(grad, W, H, { bitDepth: 16 }), { name: 'b.png' });
    expect(maxErr(b.data, grad)).toBeLessThanOrEqual(0.5 / 65535 + 1e-7);
    const u16 = Uint16Array.from(grad, (v) => Math.round(v * 65535));
    expect(decodeImage(encodePng(u16, W, H), { name: 'c.png' }).data).toEqual(b.data);
  });
  it('writes RGB', () => {
    const rgb = new Float32Array(W * H * 3).map((_, i) => (i % 7) / 6);
    const img = decodeImage(encodePng(rgb, W, H, { channels: 3 }), { name: 'rgb.png' });
    expect(img.channels).toBe(3);
    expect(maxErr(img.data, rgb)).toBeLessThanOrEqual(0.5 / 255 + 1e-7);
  });
  it('rejects a size that does not match the pixels', () => {
    expect(() => encodePng(grad, W + 1, H)).toThrow(/1073 values cannot fill 38x29x1/);
  });
});

describe('encodeJpeg', () => {
  it('writes a one-component grey JPEG that decodes close to the input', () => {
    const bytes = encodeJpeg(grad, W, H, { quality: 95 });
    const sof = bytes.indexOf(0xc0, 2); // SOF0 marker byte, number of components 7 bytes later
    expect(bytes[sof - 1]).toBe(0xff);
    expect(bytes[sof + 8]).toBe(1);
    const img = decodeImage(bytes, { name: 'g.jpg' });
    expect(img.channels).toBe(1);
    expect(maxErr(img.data, grad)).toBeLessThan(3 / 255);
  });
  it('lower quality gives a smaller file and a larger error', () => {
    const hi = encodeJpeg(grad, W, H, { quality: 95 });
    const lo = encodeJpeg(grad, W, H, { quality: 10 });
    expect(lo.length).toBeLessThan(hi.length);
    expect(maxErr(decodeImage(lo, { name: 'lo.jpg' }).data, grad)).toBeGreaterThan(maxErr(decodeImage(hi).data, grad));
  });
  it('handles noise (long Huffman codes) and sizes that are not multiples of 8', () => {
    let s = 1;
    const noise = new Uint8Array(61 * 45).map(() => ((s = (s * 1103515245 + 12345) >>> 0) >>> 24) & 255);
    const img = decodeImage(encodeJpeg(noise, 61, 45, { quality: 100 }), { name: 'n.jpg' });
    expect([img.width, img.height]).toEqual([61, 45]);
    expect(maxErr(img.data, Array.from(noise, (v) => v / 255))).toBeLessThan(6 / 255);
  });
  it('writes colour through jpeg-js', () => {
    const rgb = new Float32Array(W * H * 3).map((_, i) => (i % 3 === 0 ? grad[Math.floor(i / 3)] : 0.5));
    const img = decodeImage(encodeJpeg(rgb, W, H, { channels: 3, quality: 95 }), { name: 'c.jpg' });
    expect(img.channels).toBe(3);
    expect(maxErr(img.data, rgb)).toBeLessThan(0.1);
  });
});

describe('encodeDicom', () => {
  const u12 = Uint16Array.from(grad, (v) => Math.round(v * 4095));
  it('explicit VR: header attributes are readable by dicom-parser', () => {
    const bytes = encodeDicom({
      width: W, height: H, data: u12, bitsStored: 12, patientId: 'p10000032', viewPosition: 'PA', patientSex: 'F',
      patientAge: '045Y', studyInstanceUid: makeUid('study', 1),
    });
    const ds = dicomParser.parseDicom(bytes);
    expect(ds.string('x00020010')).toBe('1.2.840.10008.1.2.1');
    expect(ds.string('x00100020')).toBe('p10000032');
    expect(ds.string('x00185101')).toBe('PA');
    expect(ds.string('x00101010')).toBe('045Y');
    expect(ds.string('x0020000d')).toBe(makeUid('study', 1));
    expect([ds.uint16('x00280010'), ds.uint16('x00280011'), ds.uint16('x00280101')]).toEqual([H, W, 12]);
    const img = decodeImage(bytes, { name: 'x.dcm', window: 'minmax' });
    const lo = Math.min(...u12);
    const hi = Math.max(...u12);
    expect(maxErr(img.data, Array.from(u12, (v) => (v - lo) / (hi - lo)))).toBeLessThan(1e-6);
  });
  it('applies rescale, window and MONOCHROME1 in the decoder (implicit VR)', () => {
    const bytes = encodeDicom({
      width: W, height: H, data: u12, bitsStored: 12, transferSyntax: 'implicit', photometric: 'MONOCHROME1',
      rescaleSlope: 0.5, rescaleIntercept: 100, windowCenter: 1000, windowWidth: 1200,
    });
    const img = decodeImage(bytes, { name: 'm1.dcm' });
    const want = Array.from(u12, (v) => 1 - Math.min(1, Math.max(0, (v * 0.5 + 100 - 999.5) / 1199 + 0.5)));
    expect(maxErr(img.data, want)).toBeLessThan(1e-5);
  });
  it('JPEG baseline inside DICOM', () => {
    const bytes = encodeDicom({ width: W, height: H, data: grad, transferSyntax: 'jpeg-baseline', windowCenter: 127.5, windowWidth: 256 });
    const img = decodeImage(bytes, { name: 'j.dcm' });
    expect(img.channels).toBe(1);
    expect(maxErr(img.data, grad)).toBeLessThan(3 / 255);
  });
  it('rejects values beyond bitsStored', () => {
    expect(() => encodeDicom({ width: 2, height: 1, data: new Uint16Array([1, 5000]), bitsStored: 12 })).toThrow(
      /value 5000 at pixel 1 exceeds 12 bits/,
    );
  });
});
