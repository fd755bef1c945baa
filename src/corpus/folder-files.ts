import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { errorReason, manifestFileName } from './sources.js';

export interface FolderFile {
  /** Path relative to the collection folder, with forward slashes. */
  readonly relativePath: string;
  readonly absolutePath: string;
  /** The file's bytes, or undefined when it was too large to read. */
  readonly bytes: Buffer | undefined;
  readonly size: number;
}

export interface UnreadablePath {
  readonly relativePath: string;
  readonly reason: string;
}

export interface FolderListing {
  readonly files: FolderFile[];
  readonly unreadable: UnreadablePath[];
}

/**
 * Reads every file of a collection folder, recursively, in natural order. Files above the size
 * limit are listed without their bytes, so a 50 MB file costs a stat, not 50 MB of memory.
 * Unreadable files and folders are listed with the reason; the rest of the collection still
 * lands.
 */
export async function readFolderFiles(
  root: string,
  maxFileBytes: number,
  compareNames: (left: string, right: string) => number,
): Promise<FolderListing> {
  const files: FolderFile[] = [];
  const unreadable: UnreadablePath[] = [];

  async function walk(relativeFolder: string): Promise<void> {
    const absoluteFolder = path.join(root, relativeFolder);
    let entries: import('node:fs').Dirent[];
    try {
      entries = await readdir(absoluteFolder, { withFileTypes: true });
    } catch (error) {
      unreadable.push({
        relativePath: relativeFolder || '.',
        reason: `cannot read folder (${errorReason(error)})`,
      });
      return;
    }
    entries.sort((left, right) => compareNames(left.name, right.name));
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const relativePath = relativeFolder ? `${relativeFolder}/${entry.name}` : entry.name;
      if (relativeFolder === '' && entry.name === manifestFileName) continue;
      if (entry.isDirectory()) {
        await walk(relativePath);
        continue;
      }
      if (!entry.isFile()) continue;
      const absolutePath = path.join(root, relativePath);
      try {
        const info = await stat(absolutePath);
        const bytes = info.size > maxFileBytes ? undefined : await readFile(absolutePath);
        files.push({ relativePath, absolutePath, bytes, size: info.size });
      } catch (error) {
        unreadable.push({ relativePath, reason: `cannot read file (${errorReason(error)})` });
      }
    }
  }

  await walk('');
  return { files, unreadable };
}
