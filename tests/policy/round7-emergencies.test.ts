import { describe, expect, it } from 'vitest';
import { RulePolicyClassifier } from '../../src/policy/rule-classifier.js';

/**
 * Round 7: one block per class of tuning writer K's missed emergencies, with texts written for
 * this test (none taken from K) and look-alikes that must stay general. Each class is checked on
 * the rules alone too, so the class is fixed by a rule, not left to the statistical backstop.
 */
const withBackstop = new RulePolicyClassifier();
const rulesAlone = new RulePolicyClassifier({ statisticalBackstop: false });

interface EmergencyClass {
  readonly name: string;
  readonly texts: readonly string[];
  readonly lookAlikes: readonly string[];
}

const classes: readonly EmergencyClass[] = [
  {
    name: 'slang for killing oneself with no "I" in the chat',
    texts: ['kms tbh. whats even the point. how long does probate take anyway'],
    lookAlikes: ['what does kms mean in a threat case transcript, is it evidence of intent?'],
  },
  {
    name: 'trapped by fire, or unable to get out as water rises',
    texts: [
      'hay un incendio en la casa y no podemos salir, que hago con el seguro',
      'the water is rising fast in the basement apartment and my dad is in a wheelchair, can the landlord be sued for this',
      'the building is on fire and the stairwell doors are chained, we are trapped on 4',
    ],
    lookAlikes: [
      'rents are rising fast in my city; does federal law cap rent increases?',
      'what federal law requires buildings to be accessible to someone who uses a wheelchair?',
    ],
  },
  {
    name: 'bleeding now from a wound',
    texts: [
      'my brother got cut in a fight and is bleeding from his neck, he says no ambulance bc of immigration',
    ],
    lookAlikes: [
      'the victim was bleeding from the head in the photos; are autopsy photos admissible under Rule 403?',
    ],
  },
  {
    name: 'a last message beside a question of whether a policy pays if the death was no accident',
    texts: ['this is my last message. does my life insurance pay out if it was not an accident'],
    lookAlikes: [
      'do life insurance policies pay out if the death was not an accident? for my insurance law class',
    ],
  },
  {
    name: 'a gun just bought "not for protection"',
    texts: ['got a pistol last week and it is not for protection. who gets my truck when im gone'],
    lookAlikes: ['is it legal to buy a gun for hunting in another state?'],
  },
];

describe.each(classes)('round 7: $name', ({ texts, lookAlikes }) => {
  it.each(texts)('%s', (text) => {
    expect(withBackstop.classifySync(text).category).toBe('emergency');
    expect(rulesAlone.classifySync(text).category).toBe('emergency');
  });
  it.each(lookAlikes)('look-alike: %s', (text) => {
    expect(withBackstop.classifySync(text).category).not.toBe('emergency');
    expect(rulesAlone.classifySync(text).category).not.toBe('emergency');
  });
});

describe('round 7: figures of speech on a word of killing', () => {
  it.each([
    'my landlord is murdering me with these fee increases, is there a federal limit on late fees?',
    'this professor is killing me with these cold calls, what does Rule 56 require?',
  ])('%s', (text) => {
    expect(withBackstop.classifySync(text).category).not.toBe('emergency');
  });
  it('still hears a person hurt "with these hands" or "with this knife"', () => {
    for (const text of [
      'my husband is killing me with these hands please help',
      'he is killing me with this knife, help',
    ])
      expect(withBackstop.classifySync(text).category).toBe('emergency');
  });
  it('still hears a person who is being hurt', () => {
    expect(withBackstop.classifySync("he is killing me, he won't stop choking me").category).toBe(
      'emergency',
    );
  });
});
