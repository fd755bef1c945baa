import { words } from '../lexicon/index.js';
import { wordClasses } from './word-clusters.js';

/**
 * The features of the statistical backstop, shared by its training script
 * (`bench/policy-model.ts`) and the classifier, in families a model names when it is trained:
 *
 * - `words`: word stems of the normalized, framing-stripped text;
 * - `pairs`: pairs of neighbouring stems;
 * - `lexicon`: one feature per kind of lexicon cue (`lexicon/words.ts`), alone and beside a
 *   first-person word or a "now";
 * - `classes`: each word's GloVe word class and coarser group (`word-clusters.ts`);
 * - `shape`: long text, a question mark.
 *
 * The lexicon and class features let the model generalise past the words it was trained on: a
 * drug it never saw still fires `lex:drug`, and a tool nobody named shares a class with those
 * that were.
 */
export const featureFamilies = ['words', 'pairs', 'lexicon', 'classes', 'shape'] as const;
export type FeatureFamily = (typeof featureFamilies)[number];

/** What models written before the families were named used. */
export const defaultFamilies: readonly FeatureFamily[] = ['words', 'pairs', 'lexicon', 'shape'];

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

export function extractFeatures(
  normalizedRemainder: string,
  families: readonly FeatureFamily[] = defaultFamilies,
): string[] {
  const raw = (normalizedRemainder.match(/[a-z0-9]+/g) ?? []).filter((token) => !stopWords.has(token));
  const tokens = raw.map(stem);
  const features = new Set<string>();
  if (families.includes('words')) for (const token of tokens) features.add(`w:${token}`);
  if (families.includes('pairs'))
    for (let index = 1; index < tokens.length; index += 1)
      features.add(`b:${tokens[index - 1]}_${tokens[index]}`);
  if (families.includes('classes')) {
    const classes = wordClasses();
    for (const token of raw) {
      const found = classes.get(token);
      if (found === undefined) continue;
      features.add(`k:${found.cluster}`);
      features.add(`g:${found.group}`);
    }
  }
  if (families.includes('lexicon')) {
    const self = firstPerson.test(normalizedRemainder);
    const present = words.now.test(normalizedRemainder);
    for (const [kind, pattern] of Object.entries(words)) {
      if (!pattern.test(normalizedRemainder)) continue;
      features.add(`lex:${kind}`);
      if (self) features.add(`lex:${kind}+self`);
      if (present) features.add(`lex:${kind}+now`);
    }
  }
  if (families.includes('shape')) {
    if (normalizedRemainder.length > 600) features.add('shape:long');
    if (normalizedRemainder.includes('?')) features.add('shape:question');
  }
  return [...features];
}
