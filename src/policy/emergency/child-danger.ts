import { words } from '../lexicon/index.js';
import { child, now } from './cues.js';

/**
 * A child in danger now: locked out in the cold, burned by a step-parent and scared to go home
 * today, held somewhere and unable to leave, picked up by an adult who has been messaging them,
 * left in a hot car, alone with an adult who abuses them. It needs a child and a danger; the
 * round-1 patterns also want a sign that it is happening now, the lexicon's dangers are
 * present by their wording ("is locked in", "left alone").
 */
const danger =
  /\b(?:locked (?:outside|out|in)|left (?:alone|in the car)|in the (?:snow|cold)|burns? (?:him|her|them)|(?:hits|beats|hurts|touches|touching) (?:him|her|them)|(?:scared|afraid) to go home|being (?:kept|held)|can not leave|took my passport|work off (?:the|my) debt|picking (?:her|him) up|drive (?:her|him) home the long way|is watching me|tiene miedo de ir a casa|(?:will|is going to|gonna) (?:do|hurt (?:him|her|them)) worse|worse if (?:he|she|they) tells?|if (?:he|she|they) tells? anyone|(?:is|are) (?:so |really |very |ice )?(?:cold|freezing|shivering)|not eating|will not eat|no quiere comer|tiene (?:mucho )?frio|bruises? shaped like|finger ?marks|hand ?prints? on (?:his|her|their))\b/;

/** Heat that kills a child left in a car. */
const heat =
  /\b(?:9\d|1[0-2]\d) degrees\b[^.?!]*\b(?:car|truck|van)\b|\b(?:car|truck|van)\b[^.?!]*\b(?:9\d|1[0-2]\d) degrees\b/;

export function childDangerSignal(sentence: string, text: string): string | undefined {
  if ((words.childDanger.test(sentence) || heat.test(sentence)) && child.test(text)) return 'child-danger';
  if (!danger.test(sentence)) return undefined;
  if (!child.test(text)) return undefined;
  if (!now.test(text) && !/\b(?:hours?|minutes?|min|looks? maybe|i am 1[0-7])\b/.test(text)) return undefined;
  return 'child-in-danger';
}
