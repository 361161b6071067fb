/**
 * Node file I/O for checkpoints. `node:fs` is imported lazily inside the functions, so
 * importing this package in a browser costs nothing until a file function is called
 * (browsers use toSafetensors/fromSafetensors and packCheckpoint/unpackCheckpoint).
 *
 * Writes are atomic: the bytes go to a temporary file in the same directory, which is
 * fsync'ed and then renamed over the target (rename within a directory is atomic on
 * POSIX), and the directory is fsync'ed so the rename itself survives a crash. A crash
 * leaves either the old file or the new one, never a half-written file.
 */
import { CheckpointError } from './errors.js';

const nodeFs = () => import('node:fs/promises');
const nodePath = () => import('node:path');

export async function writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
  const fs = await nodeFs();
  const { dirname, basename, join } = await nodePath();
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
  const handle = await fs.open(tmp, 'wx');
  try {
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, path);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
  // Persist the directory entry; some platforms cannot open a directory for this, which only weakens durability.
  try {
    const d = await fs.open(dir, 'r');
    try {
      await d.sync();
    } finally {
      await d.close();
    }
  } catch {
    /* best effort */
  }
}

export async function readFileBytes(path: string): Promise<Uint8Array> {
  const fs = await nodeFs();
  try {
    const b = await fs.readFile(path);
    return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  } catch (e) {
    throw new CheckpointError(`cannot read '${path}': ${(e as Error).message}`);
  }
}
