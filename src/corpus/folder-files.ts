import type { Dirent } from 'node:fs';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
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

/** A file or folder that was not read, with the reason (reported, and skipped). */
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
 *
 * Symbolic links are followed only when they point inside the collection folder: what a
 * collection holds is what was vetted in that folder, and a link to `~/notes` or `/etc` must
 * not slip other files in. Links that point outside, broken links, and links to a file or
 * folder already read under another name (which would duplicate its passages, or loop) are
 * reported instead.
 */
export async function readFolderFiles(
  root: string,
  maxFileBytes: number,
  compareNames: (left: string, right: string) => number,
): Promise<FolderListing> {
  const files: FolderFile[] = [];
  const unreadable: UnreadablePath[] = [];
  const realRoot = await realpath(root).catch(() => path.resolve(root));
  /** Real paths already read, to the relative path they were read as. */
  const seen = new Map<string, string>();
  const display = (real: string) => path.relative(realRoot, real).split(path.sep).join('/') || '.';
  const inside = (real: string) => real === realRoot || real.startsWith(`${realRoot}${path.sep}`);

  async function readOne(relativePath: string, absolutePath: string, real: string): Promise<void> {
    const first = seen.get(real);
    if (first !== undefined) {
      unreadable.push({ relativePath, reason: `the same file as ${first}, which is already read` });
      return;
    }
    seen.set(real, relativePath);
    try {
      const info = await stat(absolutePath);
      const bytes = info.size > maxFileBytes ? undefined : await readFile(absolutePath);
      files.push({ relativePath, absolutePath, bytes, size: info.size });
    } catch (error) {
      unreadable.push({ relativePath, reason: `cannot read file (${errorReason(error)})` });
    }
  }

  async function followLink(relativePath: string, absolutePath: string): Promise<void> {
    let real: string;
    try {
      real = await realpath(absolutePath);
    } catch {
      unreadable.push({ relativePath, reason: 'broken symbolic link (its target does not exist)' });
      return;
    }
    if (!inside(real)) {
      unreadable.push({
        relativePath,
        reason: `symbolic link to ${real}, outside the collection folder; not followed`,
      });
      return;
    }
    const info = await stat(real).catch(() => undefined);
    if (info?.isDirectory()) {
      await walkFolder(relativePath, real, `symbolic link to the folder ${display(real)}`);
    } else if (info?.isFile()) {
      await readOne(relativePath, absolutePath, real);
    }
  }

  async function walkFolder(relativeFolder: string, real: string, what = 'folder'): Promise<void> {
    const first = seen.get(real);
    if (first !== undefined) {
      unreadable.push({ relativePath: relativeFolder || '.', reason: `${what}, already read as ${first}` });
      return;
    }
    seen.set(real, relativeFolder || '.');
    await walk(relativeFolder);
  }

  async function walk(relativeFolder: string): Promise<void> {
    const absoluteFolder = path.join(root, relativeFolder);
    let entries: Dirent[];
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
      const absolutePath = path.join(root, relativePath);
      if (entry.isSymbolicLink()) {
        await followLink(relativePath, absolutePath);
      } else if (entry.isDirectory()) {
        await walkFolder(relativePath, await realpath(absolutePath).catch(() => absolutePath));
      } else if (entry.isFile()) {
        await readOne(relativePath, absolutePath, await realpath(absolutePath).catch(() => absolutePath));
      }
    }
  }

  await walkFolder('', realRoot);
  return { files, unreadable };
}
