import { words } from '../lexicon/index.js';
import { asksAboutLawItself, now } from './cues.js';

/**
 * Other danger to life now: a fire with people inside, someone trapped, an intruder at the
 * door or in the house. Told in the present ("the house next door is on fire", "someone is
 * trying the door handle"), or with a "now".
 */
const present = /\b(?:is|are|am|keeps?|just|still|can hear|i hear)\b/;

/**
 * A threat to set fire to a home, a car or a person: said ("he told her he will burn the house
 * down", "dijo que va a quemar la casa"), meant ("going to torch our car"), or prepared now
 * ("poured gas on our porch"). A question asking how to do it is the refusal stage's, and burning
 * papers or evidence is not danger to life.
 */
const inside =
  /\b(?:with (?:us|me|you|them|her|him|the kids|everyone) (?:still )?(?:inside|in it|in there)|con (?:nosotros|todos|los ninos|ella|el|ellos) (?:adentro|dentro))\b/;
const evidence =
  /\b(?:ledgers?|papers|records|documents|files|hard ?drives?|evidence|receipts|logs|books|notes|letters|photos|pruebas|documentos|papeles|fotos|cartas)\b/;

function fireThreat(sentence: string): boolean {
  if (!words.fireAct.test(sentence) || evidence.test(sentence) || words.methodRequest.test(sentence))
    return false;
  if (asksAboutLawItself(sentence)) return false;
  return (
    inside.test(sentence) ||
    words.intent.test(sentence) ||
    words.threatSpeech.test(sentence) ||
    now.test(sentence)
  );
}

export function dangerToLifeSignal(sentence: string, text: string): string | undefined {
  if (fireThreat(sentence)) return 'fire-threat';
  if (!words.otherDanger.test(sentence)) return undefined;
  if (!present.test(sentence) && !now.test(text)) return undefined;
  return 'danger-to-life';
}
