import { words } from '../lexicon/index.js';
import { asksAboutLawItself } from './cues.js';

/**
 * People held by someone who took their papers: identity documents kept by another person
 * ("the owner took our passports", "el patron nos quito los pasaportes"), being kept from leaving
 * ("we are not allowed to leave", "no nos deja salir"), a debt to work off or a threat of
 * deportation used to keep them ("says we owe him money", "he will call immigration"). Any two
 * of the three kinds are enough; one alone describes many a work dispute ("my boss has my visa
 * paperwork") and is not an emergency. The asker's own "I have my papers" is no holding.
 */
const holdVerb =
  /(?<!\b(?:i|we|you|yo) )\b(?:took|taken|takes|take|taking|keeps|kept|keeping|holds|held|holding|has|have|had|confiscated|locked up|will not give (?:\w+ )?back|would not give (?:\w+ )?back|nos quito|me quito|le quito|les quito|quito|quitaron|tiene|tienen|guarda|guardan|se quedo con|se llevo|se llevaron)\b/;
const documentsHeld = new RegExp(`${holdVerb.source}(?:\\s+\\S+){0,3}?\\s*${words.documents.source}`);

const cues: ReadonlyArray<readonly [string, RegExp]> = [
  ['documents-held', documentsHeld],
  ['kept-from-leaving', words.confinement],
  ['bondage', words.bondage],
];

export function traffickingSignal(sentence: string, text: string): string | undefined {
  // The sentence holds one of the cues; the (short) text holds a second of another kind.
  if (!cues.some(([, pattern]) => pattern.test(sentence)) || asksAboutLawItself(sentence)) return undefined;
  const found = cues.filter(([, pattern]) => pattern.test(text)).map(([name]) => name);
  if (found.length < 2) return undefined;
  return `trafficking:${found.join('+')}`;
}
