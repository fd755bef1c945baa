import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { passageStatements, trimStatement } from '../../src/answer/statements.js';

/** Relevance as the composer measures it, reduced to counting the question's words. */
function relevanceOf(...questionWords: string[]) {
  return (part: string) => {
    const words = new Set(part.toLowerCase().match(/[a-z]+/g) ?? []);
    return questionWords.filter((word) => words.has(word)).length;
  };
}

const possession =
  '(5) either\n\n(A) in the special maritime and territorial jurisdiction of the United States, or on any land ' +
  'or building owned by, leased to, or otherwise used by or under the control of the United States Government, ' +
  'or in the Indian country (as defined in section 1151), knowingly possesses, or knowingly accesses with intent ' +
  'to view, any book, magazine, periodical, film, videotape, computer disk, or any other material that contains ' +
  'an image of child pornography; or\n\n(B) knowingly possesses any such material that has been mailed;';

/** The quoted pieces of a trimmed statement, without the "…" that joins them. */
function quotedPieces(trimmed: string): string[] {
  return trimmed
    .split('…')
    .map((piece) => piece.trim().replace(/[,;:]$/, ''))
    .filter((piece) => piece.length > 0);
}

describe('trimStatement', () => {
  it('leaves a statement that fits alone', () => {
    const [statement] = passageStatements('A person who knowingly possesses contraband commits an offense.');
    expect(trimStatement(statement!, 30)).toBe(
      'A person who knowingly possesses contraband commits an offense.',
    );
  });

  it('starts a quote from inside a long item at a clause, not in the middle of a phrase', () => {
    const [statement] = passageStatements(possession);
    const trimmed = trimStatement(statement!, 35, relevanceOf('intent', 'child', 'pornography'));
    expect(trimmed.startsWith('(5) either … ')).toBe(true);
    // The window begins after a comma ("…, or in the Indian country" or "…, knowingly possesses"),
    // never with "of the United States Government".
    expect(trimmed).not.toContain('… of the');
    expect(trimmed).toMatch(/… (?:or in the Indian country|knowingly possesses)/);
    expect(trimmed).toContain('intent to view');
    expect(trimmed).toContain('image of child pornography');
    // The item's closing "; or" leads to an item the quote leaves out: it is marked, not quoted.
    expect(trimmed.endsWith('child pornography …')).toBe(true);
  });

  it('only ever quotes words of the statement, in order, for any length and question', () => {
    const [statement] = passageStatements(possession);
    const vocabulary = ['intent', 'child', 'pornography', 'indian', 'mailed', 'film', 'government', 'book'];
    fc.assert(
      fc.property(fc.integer({ min: 6, max: 80 }), fc.subarray(vocabulary), (maxWords, questionWords) => {
        const trimmed = trimStatement(statement!, maxWords, relevanceOf(...questionWords));
        let from = 0;
        for (const piece of quotedPieces(trimmed)) {
          const at = statement!.text.indexOf(piece, from);
          expect(at, `${JSON.stringify(piece)} in ${JSON.stringify(trimmed)}`).toBeGreaterThanOrEqual(0);
          from = at + piece.length;
        }
      }),
    );
  });
});
