import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { AmicusError, ErrorCode } from '../core/errors.js';
import { formatZodIssues } from '../core/zod-errors.js';
import { type CollectionManifest, collectionManifestSchema } from './manifest.js';

/** A collection found on disk: a folder with `collection.json`, or a JSON-lines file with a sibling manifest. */
export type CollectionSource =
  | {
      readonly kind: 'folder';
      readonly root: string;
      readonly manifestPath: string;
      readonly manifest: CollectionManifest;
    }
  | {
      readonly kind: 'jsonl';
      readonly file: string;
      readonly manifestPath: string;
      readonly manifest: CollectionManifest;
    };

export const manifestFileName = 'collection.json';
const jsonLinesPattern = /\.jsonl(\.gz)?$/i;

/** The sibling manifest of `name.jsonl` or `name.jsonl.gz` is `name.collection.json`. */
export function manifestPathForJsonLines(file: string): string {
  return file.replace(jsonLinesPattern, '.collection.json');
}

export function sourceLocation(source: CollectionSource): string {
  return source.kind === 'folder' ? source.root : source.file;
}

/**
 * Resolves the paths given to `amicus ingest` into collections. A path may be a collection
 * folder, a JSON-lines collection file, or a folder that holds collections (such as the
 * shared corpus folder). Every manifest is validated here, before anything is written, so a
 * bad manifest never leaves a half-ingested store.
 */
export async function discoverCollections(paths: readonly string[]): Promise<CollectionSource[]> {
  const sources: CollectionSource[] = [];
  for (const inputPath of paths) {
    sources.push(...(await discoverPath(path.resolve(inputPath), inputPath)));
  }
  rejectDuplicateIds(sources);
  return sources;
}

async function discoverPath(absolutePath: string, givenPath: string): Promise<CollectionSource[]> {
  const info = await statOrThrow(absolutePath, givenPath);
  if (info.isFile()) {
    if (!jsonLinesPattern.test(absolutePath)) {
      throw new AmicusError(
        ErrorCode.InputInvalid,
        `${givenPath} is a single file; ingest a collection folder (with ${manifestFileName}) or a .jsonl/.jsonl.gz file with a sibling <name>.collection.json`,
        { location: givenPath },
      );
    }
    return [await jsonLinesSource(absolutePath)];
  }
  const entries = await readDirectoryOrThrow(absolutePath, givenPath);
  if (entries.includes(manifestFileName)) {
    const manifestPath = path.join(absolutePath, manifestFileName);
    return [{ kind: 'folder', root: absolutePath, manifestPath, manifest: await readManifest(manifestPath) }];
  }
  // A folder of collections: take each child collection folder and each JSON-lines collection.
  const children: CollectionSource[] = [];
  for (const entry of entries.sort()) {
    if (entry.startsWith('.')) continue;
    const childPath = path.join(absolutePath, entry);
    const childInfo = await statOrThrow(childPath, childPath);
    if (childInfo.isDirectory()) {
      const childEntries = await readDirectoryOrThrow(childPath, childPath);
      if (childEntries.includes(manifestFileName)) {
        const manifestPath = path.join(childPath, manifestFileName);
        children.push({
          kind: 'folder',
          root: childPath,
          manifestPath,
          manifest: await readManifest(manifestPath),
        });
      }
    } else if (jsonLinesPattern.test(entry)) {
      children.push(await jsonLinesSource(childPath));
    }
  }
  if (children.length === 0) {
    throw new AmicusError(
      ErrorCode.InputInvalid,
      `${givenPath} has no ${manifestFileName} and holds no collections. A collection is a folder with ${manifestFileName}, or a .jsonl(.gz) file with a sibling <name>.collection.json.`,
      { location: givenPath },
    );
  }
  return children;
}

async function jsonLinesSource(file: string): Promise<CollectionSource> {
  const manifestPath = manifestPathForJsonLines(file);
  return { kind: 'jsonl', file, manifestPath, manifest: await readManifest(manifestPath) };
}

/** Reads and validates a manifest; every error names the file and, for schema errors, the field. */
export async function readManifest(manifestPath: string): Promise<CollectionManifest> {
  let text: string;
  try {
    text = await readFile(manifestPath, 'utf8');
  } catch (error) {
    throw new AmicusError(
      ErrorCode.CorpusInvalid,
      `${manifestPath}: cannot read the collection manifest (${errorReason(error)})`,
      {
        cause: error,
        location: manifestPath,
      },
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new AmicusError(
      ErrorCode.CorpusInvalid,
      `${manifestPath}: not valid JSON (${errorReason(error)})`,
      {
        cause: error,
        location: manifestPath,
      },
    );
  }
  const parsed = collectionManifestSchema.safeParse(value);
  if (!parsed.success) {
    throw new AmicusError(ErrorCode.CorpusInvalid, `${manifestPath}: ${formatZodIssues(parsed.error)}`, {
      location: manifestPath,
    });
  }
  return parsed.data;
}

function rejectDuplicateIds(sources: readonly CollectionSource[]): void {
  const seen = new Map<string, CollectionSource>();
  for (const source of sources) {
    const previous = seen.get(source.manifest.id);
    if (previous) {
      throw new AmicusError(
        ErrorCode.CorpusInvalid,
        `Duplicate collection id "${source.manifest.id}" in ${previous.manifestPath} and ${source.manifestPath}: ids must be unique across the corpus`,
        { location: source.manifestPath },
      );
    }
    seen.set(source.manifest.id, source);
  }
}

async function statOrThrow(absolutePath: string, givenPath: string) {
  try {
    return await stat(absolutePath);
  } catch (error) {
    throw new AmicusError(ErrorCode.InputInvalid, `${givenPath}: cannot read (${errorReason(error)})`, {
      cause: error,
      location: givenPath,
    });
  }
}

async function readDirectoryOrThrow(absolutePath: string, givenPath: string): Promise<string[]> {
  try {
    return await readdir(absolutePath);
  } catch (error) {
    throw new AmicusError(
      ErrorCode.InputInvalid,
      `${givenPath}: cannot read the folder (${errorReason(error)})`,
      {
        cause: error,
        location: givenPath,
      },
    );
  }
}

export function errorReason(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') {
    const message = error instanceof Error ? error.message : '';
    return message.includes(error.code) ? message : `${error.code}: ${message}`;
  }
  return error instanceof Error ? error.message : String(error);
}
