import { describe, expect, it } from 'vitest';
import { mergeRanges, supportingSpans } from '../../../src/adapters/http/highlight.js';

const passage =
  '(c) Affirmative Defense.\u2014 It shall be an affirmative defense to a charge of violating paragraph (4) of subsection (a) that the defendant\n\n' +
  '(1) possessed less than three matters containing any visual depiction proscribed by that paragraph; and\n\n' +
  '(2) promptly and in good faith, and without retaining or allowing any person, other than a law enforcement agency, to access any visual depiction or copy thereof\u2014\n\n' +
  '(A) took reasonable steps to destroy each such visual depiction; or\n\n' +
  '(B) reported the matter to a law enforcement agency and afforded that agency access to each such visual depiction.';

const marked = (text: string, ranges: readonly { start: number; end: number }[]) =>
  ranges.map(({ start, end }) => text.slice(start, end));

describe('supportingSpans', () => {
  it('finds a quotation whose whitespace was folded across paragraphs', () => {
    const sentence =
      'It shall be an affirmative defense to a charge of violating paragraph (4) of subsection (a) that the defendant (1) possessed less than three matters containing any visual depiction proscribed by that paragraph; and';
    const support = supportingSpans(passage, sentence);
    expect(support.match).toBe('quote');
    expect(support.highlights).toHaveLength(1);
    const [text] = marked(passage, support.highlights);
    expect(text?.startsWith('It shall be')).toBe(true);
    expect(text?.endsWith('paragraph; and')).toBe(true);
  });

  it('marks each piece of a statement trimmed with an ellipsis', () => {
    const sentence =
      '(c) Affirmative Defense.\u2014 It shall be an affirmative defense to a charge of violating paragraph (4) … (B) reported the matter to a law enforcement agency';
    const support = supportingSpans(passage, sentence);
    expect(support.match).toBe('quote');
    const texts = marked(passage, support.highlights);
    expect(texts).toHaveLength(2);
    expect(texts[1]).toBe('(B) reported the matter to a law enforcement agency');
  });

  it('ignores a trailing joiner before the ellipsis', () => {
    const sentence = 'took reasonable steps to destroy each such visual depiction; …';
    const support = supportingSpans(passage, sentence);
    expect(support.match).toBe('quote');
    expect(marked(passage, support.highlights)).toEqual([
      'took reasonable steps to destroy each such visual depiction',
    ]);
  });

  it('falls back to shared words for a paraphrase', () => {
    const sentence = 'A defendant who destroyed the depictions promptly may have a defense.';
    const support = supportingSpans(passage, sentence);
    expect(support.match).toBe('terms');
    const texts = marked(passage, support.highlights).map((text) => text.toLowerCase());
    expect(texts.some((text) => text.includes('promptly'))).toBe(true);
    expect(texts.some((text) => text.includes('destroy'))).toBe(true);
    expect(texts.every((text) => text.length > 0)).toBe(true);
  });

  it('says so when nothing matches', () => {
    expect(supportingSpans(passage, 'Tenants may withhold rent.')).toEqual({ match: 'none', highlights: [] });
    expect(supportingSpans(passage, '')).toEqual({ match: 'none', highlights: [] });
  });

  it('gives offsets that slice the passage as JavaScript strings do, past astral characters', () => {
    const text = '🙂🙂 The landlord must return the deposit within 21 days after the tenant moves out.';
    const support = supportingSpans(text, 'The landlord must return the deposit within 21 days');
    expect(marked(text, support.highlights)).toEqual(['The landlord must return the deposit within 21 days']);
  });
});

describe('mergeRanges', () => {
  it('joins overlapping ranges and ranges separated only by spaces or punctuation', () => {
    const text = 'alpha, beta gamma delta';
    expect(
      mergeRanges(
        [
          { start: 12, end: 17 },
          { start: 0, end: 5 },
          { start: 7, end: 11 },
        ],
        text,
      ),
    ).toEqual([{ start: 0, end: 17 }]);
    expect(
      mergeRanges(
        [
          { start: 0, end: 5 },
          { start: 18, end: 23 },
        ],
        text,
      ),
    ).toEqual([
      { start: 0, end: 5 },
      { start: 18, end: 23 },
    ]);
  });
});
