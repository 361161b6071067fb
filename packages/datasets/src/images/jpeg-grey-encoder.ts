/**
 * A baseline greyscale JPEG encoder (ITU T.81): one component, 8x8 float DCT, the
 * Annex K luminance quantisation table scaled by quality, and Huffman tables optimised
 * per image (Annex K.2). jpeg-js only writes three-component files; real grey radiograph
 * JPEGs (MIMIC-CXR-JPG) have one component, so SynthCXR writes them with this.
 */

const LUMA_Q = [
  16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87,
  80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92,
  95, 98, 112, 100, 103, 99,
];

/** ZIGZAG[k] = natural (row-major) index of the k-th coefficient in zig-zag order. */
const ZIGZAG = (() => {
  const out: number[] = [];
  for (let s = 0; s < 15; s++) {
    const cells: number[] = [];
    for (let r = 0; r < 8; r++) {
      const c = s - r;
      if (c >= 0 && c < 8) cells.push(r * 8 + c);
    }
    // Odd diagonals run top-right to bottom-left (row increasing), even ones the other way.
    out.push(...(s % 2 === 1 ? cells : cells.reverse()));
  }
  return out;
})();

const COS = (() => {
  const t = new Float64Array(64);
  for (let x = 0; x < 8; x++) for (let u = 0; u < 8; u++) t[x * 8 + u] = Math.cos(((2 * x + 1) * u * Math.PI) / 16);
  return t;
})();

function quantTable(quality: number): number[] {
  const s = quality < 50 ? 5000 / quality : 200 - 2 * quality;
  return LUMA_Q.map((q) => Math.min(255, Math.max(1, Math.floor((q * s + 50) / 100))));
}

const rowPass = new Float64Array(64);
const coefs = new Float64Array(64);

/** Forward DCT of one level-shifted block, quantised, written in zig-zag order. */
function dctBlock(px: Float64Array, q: number[], out: Int16Array): void {
  for (let y = 0; y < 8; y++) {
    for (let u = 0; u < 8; u++) {
      let s = 0;
      for (let x = 0; x < 8; x++) s += px[y * 8 + x] * COS[x * 8 + u];
      rowPass[y * 8 + u] = s;
    }
  }
  for (let v = 0; v < 8; v++) {
    const cv = v === 0 ? Math.SQRT1_2 : 1;
    for (let u = 0; u < 8; u++) {
      let s = 0;
      for (let y = 0; y < 8; y++) s += rowPass[y * 8 + u] * COS[y * 8 + v];
      const cu = u === 0 ? Math.SQRT1_2 : 1;
      coefs[v * 8 + u] = Math.round((0.25 * cu * cv * s) / q[v * 8 + u]);
    }
  }
  for (let k = 0; k < 64; k++) out[k] = coefs[ZIGZAG[k]];
}

function category(v: number): number {
  let a = Math.abs(v);
  let n = 0;
  while (a > 0) {
    n++;
    a >>= 1;
  }
  return n;
}

interface HuffTable {
  bits: number[]; // counts of codes of length 1..16 (index 1..16)
  vals: number[];
  code: Int32Array;
  size: Int32Array;
}

/** Optimal length-limited Huffman table from symbol frequencies (T.81 Annex K.2). */
function buildTable(freqIn: Int32Array): HuffTable {
  const freq = Array.from(freqIn);
  freq[256] = 1; // reserves the all-ones code
  const codesize = new Array<number>(257).fill(0);
  const others = new Array<number>(257).fill(-1);
  for (;;) {
    let v1 = -1;
    let v2 = -1;
    for (let i = 0; i < 257; i++) {
      if (freq[i] === 0) continue;
      if (v1 < 0 || freq[i] <= freq[v1]) {
        v2 = v1;
        v1 = i;
      } else if (v2 < 0 || freq[i] <= freq[v2]) v2 = i;
    }
    if (v2 < 0) break;
    freq[v1] += freq[v2];
    freq[v2] = 0;
    codesize[v1]++;
    while (others[v1] >= 0) {
      v1 = others[v1];
      codesize[v1]++;
    }
    others[v1] = v2;
    codesize[v2]++;
    while (others[v2] >= 0) {
      v2 = others[v2];
      codesize[v2]++;
    }
  }
  const bits = new Array<number>(64).fill(0);
  for (let i = 0; i < 257; i++) if (codesize[i] > 0) bits[codesize[i]]++;
  for (let i = 63; i > 16; ) {
    if (bits[i] > 0) {
      let j = i - 2;
      while (bits[j] === 0) j--;
      bits[i] -= 2;
      bits[i - 1] += 1;
      bits[j + 1] += 2;
      bits[j] -= 1;
    } else i--;
  }
  let i = 16;
  while (bits[i] === 0) i--;
  bits[i] -= 1; // drop the reserved symbol's code (one of the longest)
  const vals: number[] = [];
  for (let len = 1; len < 64; len++) for (let s = 0; s < 256; s++) if (codesize[s] === len) vals.push(s);
  const code = new Int32Array(256);
  const size = new Int32Array(256);
  let c = 0;
  let k = 0;
  for (let len = 1; len <= 16; len++) {
    for (let n = 0; n < bits[len]; n++) {
      code[vals[k]] = c++;
      size[vals[k]] = len;
      k++;
    }
    c <<= 1;
  }
  return { bits: bits.slice(0, 17), vals, code, size };
}

class BitWriter {
  out: number[] = [];
  private acc = 0;
  private n = 0;
  write(value: number, len: number): void {
    for (let i = len - 1; i >= 0; i--) {
      this.acc = (this.acc << 1) | ((value >> i) & 1);
      if (++this.n === 8) this.flushByte();
    }
  }
  private flushByte(): void {
    this.out.push(this.acc);
    if (this.acc === 0xff) this.out.push(0); // byte stuffing
    this.acc = 0;
    this.n = 0;
  }
  finish(): void {
    while (this.n !== 0) this.write(1, 1); // pad with ones
  }
}

export function encodeGreyJpeg(pixels: Uint8Array, width: number, height: number, quality: number): Uint8Array {
  const q = quantTable(quality);
  const bw = Math.ceil(width / 8);
  const bh = Math.ceil(height / 8);
  const blocks = new Int16Array(bw * bh * 64);
  const px = new Float64Array(64);
  for (let by = 0; by < bh; by++) {
    for (let bx = 0; bx < bw; bx++) {
      for (let y = 0; y < 8; y++) {
        const sy = Math.min(height - 1, by * 8 + y); // edge pixels repeat into the padding
        for (let x = 0; x < 8; x++) px[y * 8 + x] = pixels[sy * width + Math.min(width - 1, bx * 8 + x)] - 128;
      }
      dctBlock(px, q, blocks.subarray((by * bw + bx) * 64, (by * bw + bx + 1) * 64));
    }
  }
  // Pass 1: symbol frequencies.
  const dcFreq = new Int32Array(257);
  const acFreq = new Int32Array(257);
  forEachSymbol(blocks, (table, sym) => (table === 0 ? dcFreq : acFreq)[sym]++);
  const dc = buildTable(dcFreq);
  const ac = buildTable(acFreq);
  // Pass 2: entropy-coded data.
  const w = new BitWriter();
  forEachSymbol(blocks, (table, sym, extra, extraLen) => {
    const t = table === 0 ? dc : ac;
    w.write(t.code[sym], t.size[sym]);
    if (extraLen > 0) w.write(extra, extraLen);
  });
  w.finish();

  const head: number[] = [0xff, 0xd8];
  head.push(0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0);
  head.push(0xff, 0xdb, 0, 67, 0, ...ZIGZAG.map((i) => q[i]));
  head.push(0xff, 0xc0, 0, 11, 8, height >> 8, height & 255, width >> 8, width & 255, 1, 1, 0x11, 0);
  for (const [cls, t] of [[0x00, dc], [0x10, ac]] as const) {
    head.push(0xff, 0xc4, 0, 19 + t.vals.length, cls, ...t.bits.slice(1, 17), ...t.vals);
  }
  head.push(0xff, 0xda, 0, 8, 1, 1, 0, 0, 63, 0);
  const out = new Uint8Array(head.length + w.out.length + 2);
  out.set(head);
  out.set(w.out, head.length);
  out.set([0xff, 0xd9], head.length + w.out.length);
  return out;
}

/** Walks the Huffman symbols of all blocks: table 0 = DC, 1 = AC; extra = appended magnitude bits. */
function forEachSymbol(
  blocks: Int16Array,
  emit: (table: 0 | 1, sym: number, extra: number, extraLen: number) => void,
): void {
  let pred = 0;
  const bits = (v: number, n: number) => (v >= 0 ? v : v + (1 << n) - 1);
  for (let b = 0; b < blocks.length; b += 64) {
    const diff = blocks[b] - pred;
    pred = blocks[b];
    const dn = category(diff);
    emit(0, dn, bits(diff, dn), dn);
    let run = 0;
    for (let k = 1; k < 64; k++) {
      const v = blocks[b + k];
      if (v === 0) {
        run++;
        continue;
      }
      while (run > 15) {
        emit(1, 0xf0, 0, 0);
        run -= 16;
      }
      const n = category(v);
      emit(1, (run << 4) | n, bits(v, n), n);
      run = 0;
    }
    if (run > 0) emit(1, 0x00, 0, 0);
  }
}
