import type { OutOfScopeTopic } from '../core/config.js';

function normalize(text: string): string {
  return ` ${text
    .toLowerCase()
    .replace(/['’`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()} `;
}

/**
 * The first configured out-of-scope topic the question is about: one of its phrases occurs in
 * the question as whole words ("VA disability" in "… appeal his VA disability rating"), with
 * case, apostrophes and punctuation ignored.
 */
export function matchOutOfScopeTopic(
  question: string,
  topics: readonly OutOfScopeTopic[],
): OutOfScopeTopic | undefined {
  const text = normalize(question);
  return topics.find((topic) => topic.phrases.some((phrase) => text.includes(normalize(phrase))));
}
