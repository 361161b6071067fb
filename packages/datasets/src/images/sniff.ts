export type ImageFormat = 'png' | 'jpeg' | 'dicom';

const PNG_SIG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * The format of an image file from its first bytes. DICOM is recognised by the "DICM"
 * marker after the 128-byte preamble, or (for files written without the Part-10 header)
 * by a `.dcm` name or a first element in group 0x0002/0x0008.
 */
export function sniffFormat(bytes: Uint8Array, name = ''): ImageFormat | undefined {
  if (bytes.length >= 8 && PNG_SIG.every((b, i) => bytes[i] === b)) return 'png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.length >= 132 && bytes[128] === 0x44 && bytes[129] === 0x49 && bytes[130] === 0x43 && bytes[131] === 0x4d) {
    return 'dicom';
  }
  if (/\.dcm$/i.test(name)) return 'dicom';
  if (bytes.length >= 8 && (bytes[0] === 0x08 || bytes[0] === 0x02) && bytes[1] === 0x00) return 'dicom';
  return undefined;
}
