import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AmicusError, ErrorCode } from '../core/errors.js';

export interface PolicyTexts {
  readonly individualizedNotice: string;
  readonly mixedNotice: string;
  readonly refusalIllegalMaterial: string;
  readonly refusalCrime: string;
  readonly refusalEvidence: string;
  readonly emergencyNotice: string;
}

const files: Record<keyof PolicyTexts, string> = {
  individualizedNotice: 'individualized-notice.md',
  mixedNotice: 'mixed-notice.md',
  refusalIllegalMaterial: 'refusal-illegal-material.md',
  refusalCrime: 'refusal-crime.md',
  refusalEvidence: 'refusal-evidence.md',
  emergencyNotice: 'emergency-notice.md',
};

/** `prompts/policy/` of this package, found from the module both in `src/` and in `dist/`. */
export function defaultPolicyDirectory(): string {
  let directory = path.dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 5; depth += 1) {
    const candidate = path.join(directory, 'prompts', 'policy');
    if (existsSync(candidate)) return candidate;
    directory = path.dirname(directory);
  }
  return path.resolve('prompts', 'policy');
}

/**
 * Loads the policy texts a deployment may edit. A missing or empty file is a configuration
 * error naming the file, found at start-up rather than when a user needs the text.
 */
export function loadPolicyTexts(directory: string = defaultPolicyDirectory()): PolicyTexts {
  const texts: Partial<Record<keyof PolicyTexts, string>> = {};
  for (const [key, file] of Object.entries(files) as Array<[keyof PolicyTexts, string]>) {
    const location = path.join(directory, file);
    let text: string;
    try {
      text = readFileSync(location, 'utf8').trim();
    } catch (error) {
      throw new AmicusError(ErrorCode.ConfigInvalid, `Cannot read the policy text ${location}`, {
        cause: error,
        location,
      });
    }
    if (text.length === 0)
      throw new AmicusError(ErrorCode.ConfigInvalid, `The policy text ${location} is empty`, { location });
    texts[key] = text;
  }
  return texts as PolicyTexts;
}
