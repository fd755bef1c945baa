import { words } from '../lexicon/index.js';
import { now } from './cues.js';

/**
 * Other danger to life now: a fire with people inside, someone trapped, an intruder at the
 * door or in the house. Told in the present ("the house next door is on fire", "someone is
 * trying the door handle"), or with a "now".
 */
const present = /\b(?:is|are|am|keeps?|just|still|can hear|i hear)\b/;

export function dangerToLifeSignal(sentence: string, text: string): string | undefined {
  if (!words.otherDanger.test(sentence)) return undefined;
  if (!present.test(sentence) && !now.test(text)) return undefined;
  return 'danger-to-life';
}
