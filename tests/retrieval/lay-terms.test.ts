/**
 * The hand-written lay-terms table is keyed by stem, so one entry serves a word's inflections,
 * and it keeps only senses WordNet lacks (docs/retrieval.md, "Lay vocabulary").
 */
import { describe, expect, it } from 'vitest';
import { expandLayTerms } from '../../src/retrieval/lay-terms.js';

describe('lay terms by stem', () => {
  it.each([
    ['whats the penalty for robbing a bank?', 'robbery'],
    ['is it a crime if he robs a store?', 'robbery'],
    ['my ex keeps hacking my accounts', 'computer'],
    ['they hacks into phones', 'computer'],
    ['she got scammed out of $500', 'defraud'],
    ['can the landlord evict a tenant without notice', 'eviction'],
  ])('%s → %s', (question, expected) => {
    expect(expandLayTerms(question).words).toContain(expected);
  });

  it('records the question word each expansion stands for', () => {
    expect(expandLayTerms('robbing a bank').origins.get('robbery')).toBe('robbing');
  });

  it('keeps irregular forms that the stem does not join', () => {
    expect(expandLayTerms('he stole my car').words).toContain('theft');
    expect(expandLayTerms('I was sued last year').words).toContain('defendant');
  });

  it('adds nothing for words with no entry', () => {
    expect(expandLayTerms('How many jurors sit on a civil jury?').words).not.toContain('robbery');
    expect(expandLayTerms('what is the rule on hearsay from a witness').words).not.toContain('testimony');
  });
});
