import { DatasetError, DecodeError } from '../errors.js';
import { decodeImage, type DecodeImageOptions } from '../images/decode.js';
import type { Image } from '../images/image.js';
import type { DecodeReply, DecodeRequest } from './decode-messages.js';

type Opts = Omit<DecodeImageOptions, 'name'>;

/** Decodes image files, on this thread or in a pool of workers. */
export interface ImageDecoder {
  decode(bytes: Uint8Array, name: string, opts?: Opts): Promise<Image>;
  /** Reads and decodes a file (Node only); a missing file is a DecodeError naming it. */
  decodeFile(path: string, opts?: Opts): Promise<Image>;
  close(): Promise<void>;
  readonly workers: number;
}

/** Same-thread decoding: the browser fallback, and the choice for tiny images. */
export class InlineDecoder implements ImageDecoder {
  readonly workers = 0;
  async decode(bytes: Uint8Array, name: string, opts: Opts = {}): Promise<Image> {
    return decodeImage(bytes, { ...opts, name });
  }
  async decodeFile(path: string, opts: Opts = {}): Promise<Image> {
    const { readFile } = await import('node:fs/promises');
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await readFile(path));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new DecodeError(path, code === 'ENOENT' ? 'file not found' : `cannot read file (${code ?? (e as Error).message})`);
    }
    return decodeImage(bytes, { ...opts, name: path });
  }
  async close(): Promise<void> {}
}

interface Task {
  req: DecodeRequest;
  resolve: (img: Image) => void;
  reject: (e: Error) => void;
}

type WorkerLike = import('node:worker_threads').Worker;

/**
 * A fixed pool of `worker_threads` decoding in parallel with the main thread, so image
 * decoding overlaps training compute. Each worker decodes one file at a time; requests
 * queue in order. Idle workers do not keep the process alive.
 */
export class DecodePool implements ImageDecoder {
  private readonly idle: WorkerLike[] = [];
  private readonly busy = new Map<WorkerLike, Task>();
  private readonly queue: Task[] = [];
  private nextId = 0;
  private closed = false;

  private constructor(
    private readonly WorkerCtor: typeof import('node:worker_threads').Worker,
    private readonly url: URL,
    readonly workers: number,
  ) {
    for (let i = 0; i < workers; i++) this.idle.push(this.spawn());
  }

  /** `workerUrl` defaults to the built `decode-worker.js` next to this module. */
  static async create(opts: { workers?: number; workerUrl?: URL } = {}): Promise<DecodePool> {
    const wt = await import('node:worker_threads');
    const os = await import('node:os');
    const n = opts.workers ?? Math.max(1, Math.min(4, os.availableParallelism() - 1));
    return new DecodePool(wt.Worker, opts.workerUrl ?? new URL('./decode-worker.js', import.meta.url), n);
  }

  private spawn(): WorkerLike {
    const w = new this.WorkerCtor(this.url);
    w.unref();
    w.on('message', (reply: DecodeReply) => this.finish(w, reply));
    w.on('error', (e) => {
      // A crashed worker fails its task and is replaced.
      const task = this.busy.get(w);
      this.busy.delete(w);
      task?.reject(new DatasetError(`decode worker failed on ${task.req.name}: ${e.message}`));
      if (!this.closed) {
        this.idle.push(this.spawn());
        this.pump();
      }
    });
    return w;
  }

  private finish(w: WorkerLike, reply: DecodeReply): void {
    const task = this.busy.get(w);
    this.busy.delete(w);
    w.unref();
    this.idle.push(w);
    if (task) {
      if ('image' in reply) task.resolve(reply.image);
      else {
        const e = reply.error;
        task.reject(e.name === 'DecodeError' && e.file !== undefined ? new DecodeError(e.file, e.reason ?? e.message) : new DatasetError(`${task.req.name}: ${e.message}`));
      }
    }
    this.pump();
  }

  private pump(): void {
    while (this.idle.length && this.queue.length) {
      const w = this.idle.pop()!;
      const task = this.queue.shift()!;
      this.busy.set(w, task);
      w.ref();
      w.postMessage(task.req);
    }
  }

  private submit(req: Omit<DecodeRequest, 'id'>): Promise<Image> {
    if (this.closed) return Promise.reject(new DatasetError('DecodePool: used after close()'));
    return new Promise((resolve, reject) => {
      this.queue.push({ req: { ...req, id: this.nextId++ }, resolve, reject });
      this.pump();
    });
  }

  decode(bytes: Uint8Array, name: string, opts: Opts = {}): Promise<Image> {
    return this.submit({ bytes, name, opts });
  }

  decodeFile(path: string, opts: Opts = {}): Promise<Image> {
    return this.submit({ path, name: path, opts });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.queue.splice(0)) t.reject(new DatasetError(`DecodePool closed before decoding ${t.req.name}`));
    const all = [...this.idle, ...this.busy.keys()];
    this.idle.length = 0;
    await Promise.all(all.map((w) => w.terminate()));
  }
}

/**
 * A pool of `workers` decode threads where worker_threads exist (Node), or same-thread
 * decoding otherwise (browsers) or when `workers` is 0.
 */
export async function createImageDecoder(opts: { workers?: number; workerUrl?: URL } = {}): Promise<ImageDecoder> {
  if (opts.workers === 0) return new InlineDecoder();
  const isNode = typeof process !== 'undefined' && !!process.versions?.node;
  if (!isNode) return new InlineDecoder();
  return DecodePool.create(opts);
}
