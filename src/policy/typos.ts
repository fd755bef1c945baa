import { wordClasses } from './model/word-clusters.js';

/**
 * Tolerant matching for the words policy depends on. A token that is one edit (an insertion,
 * deletion, substitution or swap of neighbours) away from a vocabulary word is replaced by it:
 * "suicde", "overdosed" → fine, "brething" → "breathing", "threatning" → "threatening".
 *
 * Only the vocabulary below is ever produced, only tokens of six letters or more are touched
 * (short words have too many neighbours: "short"/"shoot"), and common words that sit one edit
 * from a vocabulary word ("sitting"/"hitting", "thread"/"threat") are never changed.
 */
const vocabulary = [
  'suicide',
  'suicidal',
  'overdose',
  'overdosed',
  'overdosing',
  'breathing',
  'breathe',
  'unconscious',
  'unresponsive',
  'threatening',
  'threatened',
  'threaten',
  'strangling',
  'strangled',
  'choking',
  'stabbing',
  'bleeding',
  'beating',
  'attacking',
  'hitting',
  'punching',
  'kicking',
  'slapping',
  'kidnapped',
  'trafficking',
  'apartment',
  'following',
  'stalking',
  'launder',
  'laundering',
  'evidence',
  'witness',
  'warrant',
  'prescription',
  'untraceable',
  'counterfeit',
  'fentanyl',
  'tonight',
  'tomorrow',
  'myself',
  'himself',
  'herself',
  'weapon',
  'shotgun',
  'handgun',
  'pills',
];

/** Real words one edit from a vocabulary word; they stay as typed. */
const protectedWords = new Set([
  'sitting',
  'fitting',
  'talking',
  'stalling',
  'cooking',
  'bearing',
  'heating',
  'seating',
  'beading',
  'betting',
  'breeding',
  'bleeping',
  'slipping',
  'clapping',
  'snapping',
  'licking',
  'pricking',
  'flicking',
  'sticking',
  'flapping',
  'shipping',
  'stopping',
  'shopping',
  'beading',
  'overdone',
  'thread',
  'threads',
  'weapons',
  'witnesses',
  'warrants',
  'warranty',
  'evident',
  'breath',
  'breathed',
]);

const known = new Set(vocabulary);

/** Whether two words are at most one edit apart (Damerau: a swap of neighbours is one edit). */
export function withinOneEdit(left: string, right: string): boolean {
  if (left === right) return true;
  const lengthGap = left.length - right.length;
  if (Math.abs(lengthGap) > 1) return false;
  let index = 0;
  while (index < left.length && index < right.length && left[index] === right[index]) index += 1;
  if (lengthGap === 0) {
    if (left.slice(index + 1) === right.slice(index + 1)) return true;
    return (
      left[index] === right[index + 1] &&
      left[index + 1] === right[index] &&
      left.slice(index + 2) === right.slice(index + 2)
    );
  }
  const [longer, shorter] = lengthGap > 0 ? [left, right] : [right, left];
  return longer.slice(index + 1) === shorter.slice(index);
}

/**
 * The vocabulary word a token was probably meant to be, or the token itself. A token that is
 * itself an English word of the committed word classes (`model/word-clusters.json`, GloVe's
 * frequent words, where misspellings such as "suicde" or "brething" are not) is left alone:
 * "picking" is not "kicking", "licking" not "kicking", "shouting" not "shooting".
 */
export function correctToken(token: string): string {
  if (token.length < 6 || known.has(token) || protectedWords.has(token)) return token;
  if (wordClasses().has(token)) return token;
  return vocabulary.find((word) => word.length >= 6 && withinOneEdit(token, word)) ?? token;
}

export function correctTypos(text: string): string {
  return text.replace(/[a-z]{6,}/g, (token) => correctToken(token));
}
