/**
 * Entry point of a decode worker thread: reads (optionally) and decodes image files,
 * sending pixels back by transfer. Built as its own file (dist/decode-worker.js).
 */
import { readFile } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';
import { decodeImage } from '../images/decode.js';
import type { DecodeReply, DecodeRequest } from './decode-messages.js';

const port = parentPort;
if (!port) throw new Error('decode-worker must run in a worker thread');

port.on('message', async (req: DecodeRequest) => {
  let reply: DecodeReply;
  try {
    let bytes = req.bytes;
    if (!bytes) {
      try {
        bytes = new Uint8Array(await readFile(req.path!));
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        reply = { id: req.id, error: { name: 'DecodeError', message: '', file: req.name, reason: code === 'ENOENT' ? 'file not found' : `cannot read file (${code ?? (e as Error).message})` } };
        port.postMessage(reply);
        return;
      }
    }
    const image = decodeImage(bytes, { ...req.opts, name: req.name });
    port.postMessage({ id: req.id, image } satisfies DecodeReply, [image.data.buffer as ArrayBuffer]);
  } catch (e) {
    const err = e as Error & { file?: string; reason?: string };
    port.postMessage({ id: req.id, error: { name: err.name, message: err.message, file: err.file, reason: err.reason } } satisfies DecodeReply);
  }
});
