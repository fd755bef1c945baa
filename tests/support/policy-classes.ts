import { describe, expect, it } from 'vitest';
import type { PolicyCategory } from '../../src/policy/policy.js';
import { RulePolicyClassifier } from '../../src/policy/rule-classifier.js';

/**
 * A class of a held-out writer's misses (rounds 8 and 9 of docs/policy.md): texts written for
 * the test, none taken from the writer, and look-alikes of the same shape with another outcome.
 */
export interface OutcomeClass {
  readonly name: string;
  readonly expected: PolicyCategory;
  readonly texts: readonly string[];
  readonly lookAlikes: ReadonlyArray<readonly [string, PolicyCategory]>;
}

export const withBackstop = new RulePolicyClassifier();
const rulesAlone = new RulePolicyClassifier({ statisticalBackstop: false });

/** Each text gets its outcome with the backstop and on the rules alone, so a rule fixes the class. */
export function describeOutcomeClasses(round: string, classes: readonly OutcomeClass[]): void {
  describe.each(classes)(`${round}: $name`, ({ expected, texts, lookAlikes }) => {
    it.each(texts)('%s', (text) => {
      expect(withBackstop.classifySync(text).category).toBe(expected);
      expect(rulesAlone.classifySync(text).category).toBe(expected);
    });
    it.each(lookAlikes)('look-alike: %s', (text, outcome) => {
      expect(withBackstop.classifySync(text).category).toBe(outcome);
    });
  });
}
