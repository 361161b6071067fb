import type { DecodeImageOptions } from '../images/decode.js';
import type { Image } from '../images/image.js';

/** Main thread → decode worker. */
export interface DecodeRequest {
  id: number;
  name: string;
  /** Bytes to decode, or else a path the worker reads itself. */
  bytes?: Uint8Array;
  path?: string;
  opts: Omit<DecodeImageOptions, 'name'>;
}

/** Decode worker → main thread. */
export type DecodeReply =
  | { id: number; image: Image }
  | { id: number; error: { name: string; message: string; file?: string; reason?: string } };
