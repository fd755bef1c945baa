import { child, now } from './cues.js';

/**
 * A child in danger now: locked out in the cold, burned by a step-parent and scared to go home
 * today, held somewhere and unable to leave, picked up by an adult who has been messaging them.
 * It needs a child, a danger, and a sign that it is happening now or today.
 */
const danger =
  /\b(?:locked (?:outside|out|in)|left (?:alone|in the car)|in the (?:snow|cold)|burns? (?:him|her|them)|(?:hits|beats|hurts|touches|touching) (?:him|her|them)|(?:scared|afraid) to go home|being (?:kept|held)|can not leave|took my passport|work off (?:the|my) debt|picking (?:her|him) up|drive (?:her|him) home the long way|is watching me|tiene miedo de ir a casa)\b/;

export function childDangerSignal(sentence: string, text: string): string | undefined {
  if (!danger.test(sentence)) return undefined;
  if (!child.test(text)) return undefined;
  if (!now.test(text) && !/\b(?:hours?|minutes?|min|looks? maybe|i am 1[0-7])\b/.test(text)) return undefined;
  return 'child-in-danger';
}
