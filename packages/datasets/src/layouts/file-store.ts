import { DatasetError, DecodeError } from '../errors.js';
import { gunzip, gzip, isGzip } from './gzip.js';

/**
 * Where a layout lives: a directory on disk under Node, or anything else (an in-memory
 * map, fetched URLs in a browser) implementing the same four calls. Paths are relative,
 * '/'-separated; `describe` gives the name used in error messages.
 */
export interface FileStore {
  describe(path: string): string;
  /** Throws a DatasetError naming the file when it does not exist. */
  read(path: string): Promise<Uint8Array>;
  exists(path: string): Promise<boolean>;
  /** Every file below `dir` (recursively), as paths relative to the store's root. */
  list(dir: string): Promise<string[]>;
  write(path: string, bytes: Uint8Array): Promise<void>;
}

/** A loader argument: a directory path (Node) or a store. */
export type FileSource = string | FileStore;

export function toStore(source: FileSource): FileStore {
  return typeof source === 'string' ? nodeDirectory(source) : source;
}

export function missingFile(name: string): DatasetError {
  return new DatasetError(`${name}: file not found`);
}

/** A directory on disk; node:fs is imported only when first used. */
export function nodeDirectory(root: string): FileStore {
  const fs = () => import('node:fs/promises');
  const join = (p: string) => (p === '' ? root : `${root.replace(/\/+$/, '')}/${p}`);
  return {
    describe: join,
    async read(path) {
      try {
        return new Uint8Array(await (await fs()).readFile(join(path)));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw missingFile(join(path));
        throw new DatasetError(`${join(path)}: ${(e as Error).message}`);
      }
    },
    async exists(path) {
      try {
        await (await fs()).access(join(path));
        return true;
      } catch {
        return false;
      }
    },
    async list(dir) {
      let names: string[];
      try {
        names = (await (await fs()).readdir(join(dir), { recursive: true, withFileTypes: true }))
          .filter((d) => d.isFile())
          .map((d) => `${d.parentPath ?? (d as unknown as { path: string }).path}/${d.name}`);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw missingFile(join(dir));
        throw e;
      }
      const prefix = root.replace(/\/+$/, '') + '/';
      return names.map((n) => (n.startsWith(prefix) ? n.slice(prefix.length) : n)).sort();
    },
    async write(path, bytes) {
      const f = await fs();
      const full = join(path);
      await f.mkdir(full.slice(0, full.lastIndexOf('/')), { recursive: true });
      await f.writeFile(full, bytes);
    },
  };
}

/** An in-memory store (browser use, tests). */
export function memoryStore(files: Map<string, Uint8Array> = new Map()): FileStore & { files: Map<string, Uint8Array> } {
  return {
    files,
    describe: (p) => p,
    async read(path) {
      const b = files.get(path);
      if (!b) throw missingFile(path);
      return b;
    },
    async exists(path) {
      const dir = path.replace(/\/+$/, '') + '/';
      return files.has(path) || [...files.keys()].some((k) => k.startsWith(dir));
    },
    async list(dir) {
      const prefix = dir === '' ? '' : dir.replace(/\/+$/, '') + '/';
      return [...files.keys()].filter((k) => k.startsWith(prefix)).sort();
    },
    async write(path, bytes) {
      files.set(path, bytes);
    },
  };
}

/** Reads a text file, gunzipping `.gz` files; a BOM is dropped by the CSV parser. */
export async function readText(store: FileStore, path: string): Promise<string> {
  let bytes = await store.read(path);
  if (path.endsWith('.gz')) {
    if (!isGzip(bytes)) throw new DecodeError(store.describe(path), 'not a gzip file');
    try {
      bytes = await gunzip(bytes);
    } catch (e) {
      throw new DecodeError(store.describe(path), `corrupt gzip stream (${(e as Error).message})`);
    }
  }
  return new TextDecoder('utf-8').decode(bytes);
}

/** Writes a text file, gzipping it when the name ends in `.gz`. */
export async function writeText(store: FileStore, path: string, text: string): Promise<void> {
  const bytes = new TextEncoder().encode(text);
  await store.write(path, path.endsWith('.gz') ? await gzip(bytes) : bytes);
}
