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

/**
 * Trapped where water, smoke or fire is rising or coming in: "stuck in my car in flood water,
 * it's up to the seats and rising", "my dad can't get up the stairs, the water is at his waist".
 * Both are said as now by their wording; a flood last spring has no one trapped in it.
 */
function trappedByHazard(sentence: string, text: string): boolean {
  return (
    (words.trapped.test(sentence) && words.risingHazard.test(text)) ||
    (words.risingHazard.test(sentence) && words.trapped.test(text))
  );
}

/** Someone drunk at the wheel now: "he is drunk very much, driving now on the highway". */
const drivingNow =
  /\b(?:is|are|esta|va|van|keeps?|still|just|right now|ahorita|now) (?:\w+ ){0,3}?(?:driving|manejando|conduciendo)\b|\b(?:driving|manejando|conduciendo) (?:\w+ ){0,3}?(?:now|right now|ahorita|ahora)\b/;

/** "he's driving me crazy" drives no car. */
const drivenFigure =
  /\bdriving (?:me|us|him|her|them|everyone) (?:crazy|nuts|insane|mad|up the wall|away)\b/g;

function impairedDriving(told: string, whole: string): boolean {
  const sentence = told.replace(drivenFigure, ' ');
  const text = whole.replace(drivenFigure, ' ');
  if (!words.driving.test(sentence) || !words.impaired.test(text)) return false;
  if (asksAboutLawItself(sentence)) return false;
  return drivingNow.test(text);
}

export function dangerToLifeSignal(sentence: string, text: string): string | undefined {
  if (fireThreat(sentence)) return 'fire-threat';
  if (trappedByHazard(sentence, text)) return 'trapped';
  if (impairedDriving(sentence, text)) return 'impaired-driving';
  if (!words.otherDanger.test(sentence)) return undefined;
  if (!present.test(sentence) && !now.test(text)) return undefined;
  return 'danger-to-life';
}
