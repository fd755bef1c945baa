/** Small documents for splitter and label tests, written as lines the way the corpus reads. */
import type { DocumentBlock } from '../../src/corpus/document.js';
import type { PassageMetadata } from '../../src/corpus/splitter.js';

/** Lines starting with `#` are headings (the number of `#` is the level); others are paragraphs. */
export function blocksOf(...lines: string[]): DocumentBlock[] {
  return lines.map((line) => {
    const heading = /^(#+) (.*)$/.exec(line);
    return heading
      ? { kind: 'heading', level: heading[1]!.length, text: heading[2]! }
      : { kind: 'paragraph', text: line };
  });
}

export const uscMetadata: PassageMetadata = {
  title: 'United States Code, Title 18',
  citationPrefix: undefined,
  url: 'https://uscode.house.gov/',
};

export const freMetadata: PassageMetadata = {
  title: 'Federal Rules of Evidence',
  citationPrefix: 'Fed. R. Evid.',
  url: 'https://uscode.house.gov/',
};

/** A sentence of about `length` characters, ending with a period. */
export function sentence(word: string, length: number): string {
  const words: string[] = [];
  while (words.join(' ').length < length - 1) words.push(word);
  const text = words.join(' ');
  return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
}
