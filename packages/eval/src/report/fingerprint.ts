/**
 * Data-set fingerprints: a SHA-256 that changes when the evaluated data changes, so two
 * result files can be compared only when they saw the same data.
 * - `fingerprintFileList`: over the sorted `path<TAB>size` lines of a file list (cheap:
 *   sizes come from the directory listing, not the contents).
 * - `fingerprintDirectory` (Node): that list for every file under a directory.
 * - `fingerprintSplitFile`: over the bytes of a split file (`id,split` CSV), the preferred
 *   fingerprint when the examples come from one, since it names them exactly.
 */
import { type FileStore } from '@prior/datasets';

export interface DatasetFingerprint {
  /** The data set's name in the report, e.g. `chexpert-5x200`. */
  name: string;
  kind: 'file-list' | 'split-file';
  /** Hex SHA-256. */
  sha256: string;
  /** Files listed, or examples in the split file. */
  count: number;
  /** Total bytes of the listed files (file lists only). */
  bytes?: number;
  /** The directory or split file that was fingerprinted. */
  source?: string;
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Fingerprint of a list of files with their sizes; order does not matter. */
export async function fingerprintFileList(name: string, files: readonly { path: string; size: number }[], source?: string): Promise<DatasetFingerprint> {
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const text = sorted.map((f) => `${f.path}\t${f.size}\n`).join('');
  return {
    name,
    kind: 'file-list',
    sha256: await sha256Hex(new TextEncoder().encode(text)),
    count: files.length,
    bytes: files.reduce((a, f) => a + f.size, 0),
    ...(source === undefined ? {} : { source }),
  };
}

/** Fingerprint of every file under `root` on disk (paths relative to it). Node only. */
export async function fingerprintDirectory(name: string, root: string): Promise<DatasetFingerprint> {
  const fs = await import('node:fs/promises');
  const path = await import('node:path');
  const entries = await fs.readdir(root, { recursive: true, withFileTypes: true });
  const files = await Promise.all(
    entries
      .filter((e) => e.isFile())
      .map(async (e) => {
        const full = path.join(e.parentPath ?? (e as unknown as { path: string }).path, e.name);
        return { path: path.relative(root, full).split(path.sep).join('/'), size: (await fs.stat(full)).size };
      }),
  );
  return fingerprintFileList(name, files, root);
}

/** Fingerprint of a split file's exact bytes; `count` = its data rows. */
export async function fingerprintSplitFile(name: string, store: FileStore, path: string): Promise<DatasetFingerprint> {
  const bytes = await store.read(path);
  const lines = new TextDecoder().decode(bytes).split(/\r?\n/).filter((l) => l.trim() !== '');
  return { name, kind: 'split-file', sha256: await sha256Hex(bytes), count: Math.max(0, lines.length - 1), source: store.describe(path) };
}
