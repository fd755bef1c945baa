import { z } from 'zod';
import { AmicusError, ErrorCode } from '../../core/errors.js';
import { type OperationalWordKind, operationalWords } from './operational-words.js';
import { wordnetWords } from './wordnet-words.js';
import { type PolicyWordKind as CuratedWordKind, policyWords } from './words.js';

/** Every kind of cue: the curated lists of `words.ts` and the refusal stage's of `operational-words.ts`. */
export type PolicyWordKind = CuratedWordKind | OperationalWordKind;

/**
 * The policy vocabulary (`words.ts`), checked when the module loads and compiled to one
 * expression per kind. An entry is lowercase words over normalized text; `*` at the end of a
 * word matches any ending, `*` standing alone matches one word.
 */
const entrySchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9 *.-]*$/, 'lowercase words, digits, spaces, "-", "." and "*" only')
  .refine((entry) => !/\s{2,}|\s$/.test(entry), 'single spaces, none at the end');
const lexiconSchema = z.record(z.string(), z.array(entrySchema).min(1));

export function compileEntry(entry: string): string {
  return entry
    .split(' ')
    .map((word) =>
      word === '*'
        ? '[a-z0-9]+'
        : word.replace(/[.-]/g, (character) => `\\${character}`).replace(/\*$/, '[a-z0-9]*'),
    )
    .join('\\s+');
}

/** One expression matching any entry of a list as whole words. */
export function compileList(entries: readonly string[]): RegExp {
  // Longer entries first, so "beat up" is preferred to "beat" where the match is reported.
  const sorted = [...new Set(entries)].sort((left, right) => right.length - left.length);
  return new RegExp(`(?<![a-z0-9])(?:${sorted.map(compileEntry).join('|')})(?![a-z0-9])`);
}

/** The curated lists, with WordNet's weapons, medicines and violent verbs added to theirs. */
function mergedLists(): Record<string, readonly string[]> {
  const merged: Record<string, readonly string[]> = { ...policyWords, ...operationalWords };
  for (const [kind, entries] of Object.entries(wordnetWords))
    merged[kind] = [...(merged[kind] ?? []), ...entries];
  return merged;
}

function compileLexicon(): Readonly<Record<PolicyWordKind, RegExp>> {
  const parsed = lexiconSchema.safeParse(mergedLists());
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AmicusError(
      ErrorCode.ConfigInvalid,
      `src/policy/lexicon (words.ts, operational-words.ts, wordnet-words.ts): ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`,
      { location: 'src/policy/lexicon/words.ts' },
    );
  }
  const compiled: Partial<Record<PolicyWordKind, RegExp>> = {};
  for (const [kind, entries] of Object.entries(parsed.data)) {
    compiled[kind as PolicyWordKind] = compileList(entries);
  }
  return compiled as Record<PolicyWordKind, RegExp>;
}

/** `words.violentAct.test(sentence)` and so on, one expression per kind. */
export const words = compileLexicon();
