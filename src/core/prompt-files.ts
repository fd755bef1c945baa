import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AmicusError, ErrorCode } from './errors.js';

/** A file every prompts folder has; it tells the package's folder from any other `prompts`. */
const markerFile = 'answer-system.md';

const moduleDirectory = path.dirname(fileURLToPath(import.meta.url));

/**
 * The package's `prompts/` folder: the nearest ancestor of this module that has one. That is
 * the repository root from `src/answer/llm` and from the built `dist/answer/llm` alike (and
 * from `dist/src/answer/llm`, should the build keep the `src` level), and the package root
 * when installed, since `prompts` is in the package's `files`.
 */
export function findPromptsDirectory(startDirectory: string = moduleDirectory): string {
  const searched: string[] = [];
  let directory = startDirectory;
  for (let depth = 0; depth < 8; depth += 1) {
    const candidate = path.join(directory, 'prompts');
    if (existsSync(path.join(candidate, markerFile))) return candidate;
    searched.push(candidate);
    const parent = path.dirname(directory);
    if (parent === directory) break;
    directory = parent;
  }
  throw new AmicusError(
    ErrorCode.ConfigInvalid,
    `Cannot find the prompt file ${markerFile}; looked in ${searched.join(', ')}`,
    { location: markerFile },
  );
}

/**
 * Reads a prompt or policy text from the prompts folder (`rewrite-follow-up.md`,
 * `policy/individualized-notice.md`). A missing or empty file is a configuration error naming it.
 */
export function readPromptFile(relativePath: string, directory: string = findPromptsDirectory()): string {
  const location = path.join(directory, relativePath);
  let text: string;
  try {
    text = readFileSync(location, 'utf8').trim();
  } catch (error) {
    throw new AmicusError(ErrorCode.ConfigInvalid, `Cannot read the prompt file ${location}`, {
      cause: error,
      location,
    });
  }
  if (text.length === 0)
    throw new AmicusError(ErrorCode.ConfigInvalid, `The prompt file ${location} is empty`, { location });
  return text;
}
