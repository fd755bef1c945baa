import { describe, expect, it } from 'vitest';
import { followUpQuestion, passageTopic, sectionHeading } from '../../src/answer/section-topics.js';
import type { StoredPassage } from '../../src/store/passage-rows.js';
import { storedPassage } from '../support/stored-passages.js';

function passage(label: string, sectionLabel: string, heading: string, breadcrumb: string[]): StoredPassage {
  return storedPassage({
    id: `p-${label}`,
    label,
    sectionLabel,
    heading,
    breadcrumb,
    text: 'Text of the passage.',
  });
}

const title28 = 'Title 28 - Judiciary and Judicial Procedure';

describe('passage topics', () => {
  it('sentence-cases a telling caption and names the passage in the heading', () => {
    const defense = passage('18 U.S.C. § 2252(c)', '18 U.S.C. § 2252', '(c) Affirmative Defense.', [
      'Title 18',
      '§ 2252. Certain activities relating to material involving the sexual exploitation of minors',
    ]);
    expect(passageTopic(defense)).toBe('Affirmative defense');
    expect(sectionHeading(defense)).toBe('Affirmative defense — 18 U.S.C. § 2252(c)');
    expect(followUpQuestion(defense)).toBe('What does 18 U.S.C. § 2252 say about affirmative defense?');
  });

  it('uses the section title instead of a caption that says nothing, such as "In general"', () => {
    const release = passage('18 U.S.C. § 3142(a)', '18 U.S.C. § 3142', '(a) In General.', [
      'Title 18',
      '§ 3142. Release or detention of a defendant pending trial',
    ]);
    expect(passageTopic(release)).toBe('Release or detention of a defendant pending trial');
    expect(followUpQuestion(release)).toBe(
      'What does 18 U.S.C. § 3142 say about release or detention of a defendant pending trial?',
    );
  });

  it('keeps the capitals of names in U.S. Code section titles', () => {
    const newYork = passage('28 U.S.C. § 112', '28 U.S.C. § 112', '§ 112. New York', [
      title28,
      '§ 112. New York',
    ]);
    expect(passageTopic(newYork)).toBe('New York');
    expect(followUpQuestion(newYork)).toBe('What does 28 U.S.C. § 112 say about New York?');
    const magistrates = passage(
      '28 U.S.C. § 631(a)',
      '28 U.S.C. § 631',
      '(a) The judges of each United States',
      [title28, '§ 631. Appointment and tenure'],
    );
    expect(passageTopic(magistrates)).toBe('Appointment and tenure');
  });

  it('does not take the opening words of an uncaptioned subsection for a caption', () => {
    const breadcrumb = ['Title 18', '§ 1001. Statements or entries generally'];
    for (const heading of [
      '(a) Whoever',
      '(c) As used in this section',
      '(b) For purposes of this section',
    ]) {
      expect(passageTopic(passage('18 U.S.C. § 1001(a)', '18 U.S.C. § 1001', heading, breadcrumb))).toBe(
        'Statements or entries generally',
      );
    }
    expect(
      passageTopic(passage('18 U.S.C. § 1001(b)', '18 U.S.C. § 1001', '(b) The Exceptions.', breadcrumb)),
    ).toBe('The exceptions');
  });

  it('re-cases rule titles, which are in title case, and asks about definitions and penalties by name', () => {
    const rule = passage(
      'Fed. R. Crim. P. 46(f)',
      'Fed. R. Crim. P. 46',
      'Rule 46. Release from Custody; Supervising Detention',
      ['Federal Rules of Criminal Procedure', 'Rule 46. Release from Custody; Supervising Detention'],
    );
    expect(passageTopic(rule)).toBe('Release from custody; supervising detention');
    const definitions = passage(
      '18 U.S.C. § 2256(8)',
      '18 U.S.C. § 2256',
      '§ 2256. Definitions for chapter',
      ['Title 18', '§ 2256. Definitions for chapter'],
    );
    expect(followUpQuestion(definitions)).toBe('How does 18 U.S.C. § 2256 define its key terms?');
    const penalties = passage('18 U.S.C. § 2252A(b)', '18 U.S.C. § 2252A', '(b) Penalties.', [
      'Title 18',
      '§ 2252A. Certain activities',
    ]);
    expect(followUpQuestion(penalties)).toBe('What penalties does 18 U.S.C. § 2252A set?');
  });
});
