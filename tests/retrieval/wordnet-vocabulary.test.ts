import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AmicusError } from '../../src/core/errors.js';
import { porterStem } from '../../src/retrieval/text-analysis.js';
import {
  buildLayVocabulary,
  layVocabularyExpansion,
  readLayVocabulary,
  serializeLayVocabulary,
  wordNetDictionary,
} from '../../src/retrieval/wordnet-vocabulary.js';
import { temporaryDirectory } from '../support/temporary.js';

/**
 * Writes a WordNet dictionary in the real file format (byte offsets, hex word counts, licence
 * lines that start with spaces) holding the given noun synsets; verbs and adjectives are empty.
 */
function writeDictionary(synsets: ReadonlyArray<readonly string[]>): string {
  const directory = temporaryDirectory('amicus-wordnet-');
  const header = '  1 This software and database is being provided to you, the LICENSEE\n';
  let data = header;
  const offsetsOf = new Map<string, string[]>();
  for (const words of synsets) {
    const offset = String(Buffer.byteLength(data, 'latin1')).padStart(8, '0');
    const wordFields = words.map((word) => `${word} 0`).join(' ');
    data += `${offset} 05 n ${words.length.toString(16).padStart(2, '0')} ${wordFields} 000 | a gloss\n`;
    for (const word of words) offsetsOf.set(word, [...(offsetsOf.get(word) ?? []), offset]);
  }
  const index = [...offsetsOf.entries()]
    .sort(([left], [right]) => left.localeCompare(right))
    .map(([word, offsets]) => `${word} n ${offsets.length} 0 ${offsets.length} 0 ${offsets.join(' ')}  `)
    .join('\n');
  writeFileSync(path.join(directory, 'data.noun'), data, 'latin1');
  writeFileSync(path.join(directory, 'index.noun'), `${header}${index}\n`, 'latin1');
  for (const part of ['verb', 'adj']) {
    writeFileSync(path.join(directory, `data.${part}`), header);
    writeFileSync(path.join(directory, `index.${part}`), header);
  }
  return directory;
}

/** A corpus that uses `counterfeit`, `forgery` and `attorney` often and `fake` never. */
const corpusFrequency: Record<string, number> = { counterfeit: 40, forgeri: 12, attornei: 900, lawyer: 3 };
const documentFrequency = (stem: string) => corpusFrequency[stem] ?? 0;

describe('buildLayVocabulary', () => {
  const dictionary = writeDictionary([
    ['fake', 'counterfeit', 'forgery'],
    ['fake', 'sham', 'imposter'],
    ['lawyer', 'attorney'],
    ['attorney', 'lawyer'],
    ['identity_card', 'fake'],
  ]);
  // 10,000 passages: a word in fewer than 20 of them is lay.
  const vocabulary = buildLayVocabulary(documentFrequency, 10_000, dictionary);
  // 30 passages: too few for the share to reach one passage.
  const small = buildLayVocabulary(documentFrequency, 30, dictionary);

  it('maps a word the corpus lacks to the synonyms of its senses that the corpus uses', () => {
    expect(vocabulary.get('fake')).toEqual(['counterfeit', 'forgery']);
    expect(vocabulary.get('lawyer')).toEqual(['attorney']);
  });

  it('in a corpus too small for the share, gives synonyms only to words it never uses', () => {
    expect(small.get('fake')).toEqual(['counterfeit', 'forgery']);
    expect(small.has('lawyer')).toBe(false);
  });

  it('gives no synonyms to a word the corpus already uses often, nor to collocations', () => {
    expect(porterStem('attorney')).toBe('attornei');
    expect(vocabulary.has('attorney')).toBe(false);
    expect(vocabulary.has('identity_card')).toBe(false);
    expect([...vocabulary.values()].flat()).not.toContain('identity_card');
  });

  it('expands inflected question words through their base form, with the word they stand for', () => {
    expect(layVocabularyExpansion(vocabulary, ['fakes', 'lawyers', 'copyright'])).toEqual([
      ['counterfeit', 'fakes'],
      ['forgery', 'fakes'],
      ['attorney', 'lawyers'],
    ]);
    expect(layVocabularyExpansion(vocabulary, ['faked'])).toEqual([
      ['counterfeit', 'faked'],
      ['forgery', 'faked'],
    ]);
  });

  it('reads the real WordNet the package ships: "scam" reaches "defraud" when the corpus has it', () => {
    const real = buildLayVocabulary(
      (stem) => (stem === 'defraud' || stem === 'swindl' ? 30 : 0),
      10_000,
      wordNetDictionary(),
    );
    expect(real.get('scam')).toContain('defraud');
  });
});

describe('the lay-vocabulary file', () => {
  it('round-trips, reads a missing file as empty, and names a damaged file', () => {
    const directory = temporaryDirectory();
    const file = path.join(directory, 'lay-vocabulary.json');
    writeFileSync(file, serializeLayVocabulary(new Map([['fake', ['counterfeit']]])));
    expect(readLayVocabulary(file)).toEqual(new Map([['fake', ['counterfeit']]]));
    expect(readLayVocabulary(path.join(directory, 'missing.json'))).toEqual(new Map());
    writeFileSync(file, '{"entries": 3}');
    expect(() => readLayVocabulary(file)).toThrow(AmicusError);
    expect(() => readLayVocabulary(file)).toThrow(/lay-vocabulary\.json is damaged.*amicus reindex/s);
  });
});
