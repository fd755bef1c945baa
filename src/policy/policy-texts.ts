import path from 'node:path';
import { findPromptsDirectory, readPromptFile } from '../core/prompt-files.js';

export interface PolicyTexts {
  readonly individualizedNotice: string;
  readonly mixedNotice: string;
  readonly refusalIllegalMaterial: string;
  readonly refusalCrime: string;
  readonly refusalEvidence: string;
  readonly emergencyNotice: string;
  /** One sentence for a personal situation the sources do not cover. */
  readonly notCovered: string;
  /** The reminder on a staff channel's answer about a client's matter. */
  readonly staffReminder: string;
}

const files: Record<keyof PolicyTexts, string> = {
  individualizedNotice: 'individualized-notice.md',
  mixedNotice: 'mixed-notice.md',
  refusalIllegalMaterial: 'refusal-illegal-material.md',
  refusalCrime: 'refusal-crime.md',
  refusalEvidence: 'refusal-evidence.md',
  emergencyNotice: 'emergency-notice.md',
  notCovered: 'not-covered.md',
  staffReminder: 'staff-reminder.md',
};

/**
 * Loads the policy texts a deployment may edit (`prompts/policy/`). A missing or empty file is
 * a configuration error naming the file, found at start-up rather than when a user needs it.
 */
export function loadPolicyTexts(
  directory: string = path.join(findPromptsDirectory(), 'policy'),
): PolicyTexts {
  const texts: Partial<Record<keyof PolicyTexts, string>> = {};
  for (const [key, file] of Object.entries(files) as Array<[keyof PolicyTexts, string]>) {
    texts[key] = readPromptFile(file, directory);
  }
  return texts as PolicyTexts;
}
