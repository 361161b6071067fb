import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DecodeError } from '../../src/errors.js';
import { encodeDicom, encodeJpeg, encodePng } from '../../src/images/index.js';
import { collate, createImageDecoder, DataLoader, type ImageDecoder, InlineDecoder } from '../../src/loader/index.js';
import type { Tensor } from '@prior/tensor';
import { buildDecodeWorker } from './build-worker.js';

const dir = mkdtempSync(join(tmpdir(), 'prior-decode-'));
const files: string[] = [];
let pool: ImageDecoder;

beforeAll(async () => {
  for (let k = 0; k < 9; k++) {
    const W = 96;
    const px = new Float32Array(W * W).map((_, i) => ((i % W) * (k + 1)) / (W * 10) + Math.floor(i / W) / (W * 2));
    const bytes = k % 3 === 0 ? encodePng(px, W, W, { bitDepth: 16 }) : k % 3 === 1 ? encodeJpeg(px, W, W) : encodeDicom({ width: W, height: W, data: px });
    const f = join(dir, `img${k}.${['png', 'jpg', 'dcm'][k % 3]}`);
    writeFileSync(f, bytes);
    files.push(f);
  }
  writeFileSync(join(dir, 'corrupt.png'), encodePng(new Float32Array(64), 8, 8).subarray(0, 40));
  pool = await createImageDecoder({ workers: 2, workerUrl: await buildDecodeWorker() });
}, 60_000);
afterAll(() => pool.close());

describe('DecodePool', () => {
  it('decodes in worker threads exactly as on the main thread', async () => {
    expect(pool.workers).toBe(2);
    const inline = new InlineDecoder();
    const [a, b] = await Promise.all([Promise.all(files.map((f) => pool.decodeFile(f))), Promise.all(files.map((f) => inline.decodeFile(f)))]);
    for (let k = 0; k < files.length; k++) {
      expect([a[k].width, a[k].height, a[k].channels]).toEqual([96, 96, 1]);
      expect(a[k].data).toEqual(b[k].data);
    }
  });
  it('decodes bytes sent from the main thread', async () => {
    const img = await pool.decode(encodePng(new Float32Array([0, 1, 0.5, 0.25]), 2, 2), 'mem.png');
    expect(Array.from(img.data)).toEqual([0, 1, 128 / 255, 64 / 255].map((v) => Math.fround(v)));
  });
  it('errors from workers name the file', async () => {
    await expect(pool.decodeFile(join(dir, 'corrupt.png'))).rejects.toThrow(new RegExp(`${dir}/corrupt.png: not a readable PNG`));
    const missing = pool.decodeFile(join(dir, 'nope.jpg'));
    await expect(missing).rejects.toBeInstanceOf(DecodeError);
    await expect(missing).rejects.toThrow(/nope.jpg: file not found/);
    await expect(new InlineDecoder().decodeFile(join(dir, 'nope.jpg'))).rejects.toThrow(/nope.jpg: file not found/);
  });
  it('feeds a DataLoader: decoding overlaps, skipBad counts the corrupt file', async () => {
    const paths = [...files, join(dir, 'corrupt.png')];
    const ds = { length: paths.length, get: async (i: number) => ({ image: await pool.decodeFile(paths[i]), path: paths[i] }) };
    const loader = new DataLoader(ds, { batchSize: 4, seed: 3, skipBad: true, collate: (r) => collate(r) });
    let n = 0;
    for await (const b of loader) {
      const t = b.image as Tensor;
      expect(t.shape.slice(1)).toEqual([1, 96, 96]);
      n += t.shape[0];
      t.dispose();
    }
    expect(n).toBe(9);
    expect(loader.summary().bad.map((x) => x.file)).toEqual([join(dir, 'corrupt.png')]);
  });
});
