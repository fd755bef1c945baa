import { describe, expect, it } from 'vitest';
import { spellOutCountryAbbreviations } from '../../src/retrieval/text-analysis.js';

describe('spellOutCountryAbbreviations', () => {
  it('spells out U.S. and US as a country name', () => {
    expect(spellOutCountryAbbreviations('What is the penalty for counterfeiting U.S. currency?')).toBe(
      'What is the penalty for counterfeiting United States currency?',
    );
    expect(spellOutCountryAbbreviations('Can a US citizen be extradited?')).toBe(
      'Can a United States citizen be extradited?',
    );
  });

  it('keeps citations and the pronoun', () => {
    expect(spellOutCountryAbbreviations('What does 18 U.S.C. 1030 prohibit?')).toBe(
      'What does 18 U.S.C. 1030 prohibit?',
    );
    expect(spellOutCountryAbbreviations('18 USC 1030')).toBe('18 USC 1030');
    expect(spellOutCountryAbbreviations('tell us about it')).toBe('tell us about it');
  });
});
