import { wordClasses } from './model/word-clusters.js';

/**
 * Pig latin written with hyphens ("ow-hay o-day i-ay aunder-lay ash-cay"), a way of asking that
 * a filter of words does not read. Each such word is read back: the consonants moved before
 * "ay" go back to the front ("ow-hay" → "how"), and "-ay", "-way" or "-yay" after a word that
 * began with a vowel is dropped ("i-ay" → "i", "and-way" → "and"). Where both readings are
 * possible ("ash-way": "wash" or "ash"), the one that is an English word of the committed word
 * classes wins, "wash" if both are. A text is read back only when it holds at least three such
 * words, so a hyphenated word in ordinary writing ("check-in-day") is never touched.
 */
const pigWord = /\b([a-z]+)-([b-df-hj-np-tv-z]{0,3})ay\b/g;
const minimumWords = 3;

function readBack(stem: string, onset: string): string {
  const moved = `${onset}${stem}`;
  if (onset === '') return stem;
  const isWord = (word: string) => wordClasses().has(word);
  if ((onset === 'w' || onset === 'y') && !isWord(moved) && isWord(stem)) return stem;
  return moved;
}

export function undoPigLatin(text: string): string {
  const count = text.match(pigWord)?.length ?? 0;
  if (count < minimumWords) return text;
  return text.replace(pigWord, (_whole, stem: string, onset: string) => readBack(stem, onset));
}
