import { type Answer, answerSchema } from '../answer.js';

/**
 * The answer as JSON (GUIDE §1 shape). It is validated on the way out, so no consumer ever
 * receives an answer without its disclaimer or with a malformed field.
 */
export function renderJson(answer: Answer, indent = 2): string {
  return JSON.stringify(answerSchema.parse(answer), null, indent);
}
