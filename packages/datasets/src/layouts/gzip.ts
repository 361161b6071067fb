/**
 * gzip in both directions: node:zlib under Node, the Compression Streams API elsewhere,
 * so the loaders also run in a browser. Loaded lazily so bundles need no zlib shim.
 */
const isNode = typeof process !== 'undefined' && !!process.versions?.node;

export async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  if (isNode) {
    const zlib = await import('node:zlib');
    return new Uint8Array(zlib.gunzipSync(bytes));
  }
  return gunzipWithStreams(bytes);
}

export async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  if (isNode) {
    const zlib = await import('node:zlib');
    return new Uint8Array(zlib.gzipSync(bytes));
  }
  return gzipWithStreams(bytes);
}

/** The browser path (Compression Streams API), exported so Node can test it too. */
export function gunzipWithStreams(bytes: Uint8Array): Promise<Uint8Array> {
  return viaStream(bytes, new DecompressionStream('gzip'));
}

export function gzipWithStreams(bytes: Uint8Array): Promise<Uint8Array> {
  return viaStream(bytes, new CompressionStream('gzip'));
}

/** True when the bytes start with the gzip magic number. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

async function viaStream(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Response(new Blob([bytes as BlobPart]).stream().pipeThrough(stream as unknown as TransformStream<Uint8Array, Uint8Array>));
  return new Uint8Array(await out.arrayBuffer());
}
