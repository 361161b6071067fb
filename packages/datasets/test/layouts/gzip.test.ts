import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { gunzip, gunzipWithStreams, gzip, gzipWithStreams, isGzip } from '../../src/layouts/gzip.js';

describe('gzip', () => {
  const text = new TextEncoder().encode('dicom_id,subject_id\n' + 'a,1\n'.repeat(1000));

  it('round-trips through node:zlib and through the browser Compression Streams path', async () => {
    expect(await gunzip(await gzip(text))).toEqual(text);
    const viaStreams = await gzipWithStreams(text);
    expect(isGzip(viaStreams)).toBe(true);
    expect(new Uint8Array(gunzipSync(viaStreams))).toEqual(text);
    expect(await gunzipWithStreams(new Uint8Array(gzipSync(text)))).toEqual(text);
  });
});
