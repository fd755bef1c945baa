import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AmicusError, ErrorCode } from '../../core/errors.js';
import { findPromptsDirectory } from '../../core/prompt-files.js';

export { findPromptsDirectory };

/** The prompt texts of the LLM composer, read from `prompts/` (see the files for the wording). */
export interface AnswerPrompts {
  /** The role, the answer contract and the rule that passages are data. */
  readonly system: string;
  /** Template with `{{question}}` and `{{passages}}`. */
  readonly user: string;
  /** Template with `{{error}}` and `{{reply}}`, appended to the user message for the one repair. */
  readonly repair: string;
}

const promptFiles = {
  system: { file: 'answer-system.md', placeholders: [] },
  user: { file: 'answer-user.md', placeholders: ['question', 'passages'] },
  repair: { file: 'repair.md', placeholders: ['error', 'reply'] },
} as const satisfies Record<keyof AnswerPrompts, { file: string; placeholders: readonly string[] }>;

/** Reads and checks the three prompt files; the error names the file that is missing or broken. */
export function loadAnswerPrompts(directory: string = findPromptsDirectory()): AnswerPrompts {
  const read = (key: keyof AnswerPrompts): string => {
    const { file, placeholders } = promptFiles[key];
    const location = path.join(directory, file);
    let text: string;
    try {
      text = readFileSync(location, 'utf8');
    } catch (error) {
      throw new AmicusError(ErrorCode.ConfigInvalid, `Cannot read the prompt file ${location}`, {
        cause: error,
        location,
      });
    }
    if (text.trim() === '') {
      throw new AmicusError(ErrorCode.ConfigInvalid, `The prompt file ${location} is empty`, { location });
    }
    const missing = placeholders.filter((name) => !text.includes(`{{${name}}}`));
    if (missing.length > 0) {
      throw new AmicusError(
        ErrorCode.ConfigInvalid,
        `The prompt file ${location} lacks ${missing.map((name) => `{{${name}}}`).join(' and ')}`,
        { location },
      );
    }
    return text.trim();
  };
  return { system: read('system'), user: read('user'), repair: read('repair') };
}

/**
 * Fills `{{name}}` placeholders in one pass, so a value that itself contains `{{question}}`
 * (a passage, a model's reply) is inserted as is and never expanded.
 */
export function fillTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (placeholder, name: string) => values[name] ?? placeholder);
}
