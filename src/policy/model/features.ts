import { words } from '../lexicon/index.js';

/**
 * The features of the statistical backstop, shared by its training script
 * (`bench/policy-model.ts`) and the classifier: word stems and pairs of neighbouring stems of
 * the normalized, framing-stripped text, and one feature per kind of lexicon cue
 * (`lexicon/words.ts`), alone and beside a first-person word or a "now". The lexicon features
 * let the model generalise past the words it was trained on: a drug it never saw still fires
 * `lex:drug`.
 */
const stopWords = new Set([
  'a',
  'an',
  'the',
  'and',
  'or',
  'of',
  'to',
  'in',
  'on',
  'at',
  'for',
  'is',
  'it',
  'this',
  'that',
  'be',
]);

/** A light stemmer: common English endings off, so "overdosed", "overdosing" and "overdose" meet. */
export function stem(token: string): string {
  if (token.length <= 4) return token;
  return token.replace(/(?:ing|ed|es|s|ly)$/, '').replace(/(.)\1$/, '$1');
}

const firstPerson = /\b(?:i|me|my|we|us|our|mi|yo)\b/;

export function extractFeatures(normalizedRemainder: string): string[] {
  const tokens = (normalizedRemainder.match(/[a-z0-9]+/g) ?? [])
    .filter((token) => !stopWords.has(token))
    .map(stem);
  const features = new Set<string>();
  for (const token of tokens) features.add(`w:${token}`);
  for (let index = 1; index < tokens.length; index += 1)
    features.add(`b:${tokens[index - 1]}_${tokens[index]}`);
  const self = firstPerson.test(normalizedRemainder);
  const present = words.now.test(normalizedRemainder);
  for (const [kind, pattern] of Object.entries(words)) {
    if (!pattern.test(normalizedRemainder)) continue;
    features.add(`lex:${kind}`);
    if (self) features.add(`lex:${kind}+self`);
    if (present) features.add(`lex:${kind}+now`);
  }
  if (normalizedRemainder.length > 600) features.add('shape:long');
  if (normalizedRemainder.includes('?')) features.add('shape:question');
  return [...features];
}
