import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AmicusError, ErrorCode } from '../../core/errors.js';

/**
 * The staff console's browser files: plain HTML, CSS and JavaScript kept in
 * `src/adapters/http/console/`. `tsc` compiles only TypeScript, so the server looks for them
 * beside this module first (running from `src/` with tsx or vitest, or from a `dist/` that a
 * build step copied them into) and then in the repository's `src/` folder (running from
 * `dist/` without a copy step: `dist/adapters/http/` and `src/adapters/http/` are the same depth
 * below the repository root). Only these named files are ever served.
 */
export interface ConsoleAsset {
  readonly body: Buffer;
  readonly contentType: string;
}

export const consoleAssetFiles = {
  '/': { file: 'index.html', contentType: 'text/html; charset=utf-8' },
  '/console.css': { file: 'console.css', contentType: 'text/css; charset=utf-8' },
  '/console.js': { file: 'console.js', contentType: 'text/javascript; charset=utf-8' },
  '/review': { file: 'review.html', contentType: 'text/html; charset=utf-8' },
  '/gaps': { file: 'review.html', contentType: 'text/html; charset=utf-8' },
  '/review.js': { file: 'review.js', contentType: 'text/javascript; charset=utf-8' },
  '/favicon.svg': { file: 'favicon.svg', contentType: 'image/svg+xml' },
} as const;

export type ConsoleAssetPath = keyof typeof consoleAssetFiles;

const moduleDirectory = path.dirname(fileURLToPath(import.meta.url));

/** Where the assets are looked for, in order. */
export function consoleDirectoryCandidates(from: string = moduleDirectory): string[] {
  const repositoryRoot = path.resolve(from, '..', '..', '..');
  return [path.join(from, 'console'), path.join(repositoryRoot, 'src', 'adapters', 'http', 'console')];
}

export function findConsoleDirectory(candidates: readonly string[] = consoleDirectoryCandidates()): string {
  const found = candidates.find((candidate) => existsSync(path.join(candidate, 'index.html')));
  if (found === undefined) {
    throw new AmicusError(
      ErrorCode.NotFound,
      `The staff console's files were not found; looked in ${candidates.join(' and ')}`,
      { location: candidates[0] ?? 'console' },
    );
  }
  return found;
}

/** Reads every console file once, at start-up; a missing file is a start-up error, not a 404 later. */
export function loadConsoleAssets(directory: string = findConsoleDirectory()): Map<string, ConsoleAsset> {
  const assets = new Map<string, ConsoleAsset>();
  for (const [route, { file, contentType }] of Object.entries(consoleAssetFiles)) {
    const filePath = path.join(directory, file);
    try {
      assets.set(route, { body: readFileSync(filePath), contentType });
    } catch (error) {
      throw new AmicusError(ErrorCode.NotFound, `Cannot read the console file ${filePath}`, {
        cause: error,
        location: filePath,
      });
    }
  }
  return assets;
}
