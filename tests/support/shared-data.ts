import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * The shared, read-only data beside the checkout (`../shared`), or `AMICUS_SHARED`.
 * Suites that need it fail loudly when it is missing rather than skipping silently,
 * because a skipped corpus test would hide a broken ingest.
 */
export function sharedDataDirectory(): string {
  const directory = process.env.AMICUS_SHARED ?? path.resolve(repositoryRoot, '..', 'shared');
  if (!existsSync(path.join(directory, 'corpus')) || !existsSync(path.join(directory, 'eval'))) {
    throw new Error(
      `Shared data not found at ${directory} (expected corpus/ and eval/ inside). ` +
        'Place the shared folder beside the checkout or set AMICUS_SHARED.',
    );
  }
  return directory;
}

export function sharedCorpusPath(...parts: string[]): string {
  return path.join(sharedDataDirectory(), 'corpus', ...parts);
}

export function sharedEvalPath(...parts: string[]): string {
  return path.join(sharedDataDirectory(), 'eval', ...parts);
}

/** The nine sample collections that the foundation issue ingests. */
export const sampleCollectionNames = [
  'usc-title-15-ch22',
  'usc-title-17',
  'usc-title-18',
  'usc-title-28',
  'usc-title-35',
  'federal-rules-fre-2012',
  'federal-rules-frcp-2012',
  'federal-rules-frap-2012',
  'federal-rules-frcrp-2012',
] as const;

export function sampleCollectionPaths(): string[] {
  return sampleCollectionNames.map((name) => sharedCorpusPath(name));
}

export { repositoryRoot };
