/**
 * Hand-written passages for answer tests: a builder with the defaults of a U.S. Code passage,
 * and three subsections of 18 U.S.C. § 2252 (offence, penalties, affirmative defense) that the
 * composer and verifier tests both answer from.
 */
import type { StoredPassage } from '../../src/store/passage-rows.js';
import type { CollectionSummary } from '../../src/store/passage-store.js';

export function storedPassage(
  fields: Partial<StoredPassage> & Pick<StoredPassage, 'id' | 'label' | 'heading' | 'text'>,
): StoredPassage {
  return {
    collectionId: 'usc-18',
    documentPath: 'title18.xml',
    ordinal: 1,
    sectionLabel: fields.label.replace(/\(.*$/, ''),
    breadcrumb: ['Title 18', '§ 2252. Certain activities relating to material involving minors'],
    url: 'https://example.test/18/2252',
    jurisdiction: 'US-federal',
    sourceType: 'statute',
    asOf: '2024-01-05',
    contentHash: `hash-${fields.id}`,
    rowid: 1,
    ...fields,
  };
}

/** A vetted collection summary with the defaults of the Title 18 test collection. */
export function collectionSummary(
  fields: Partial<CollectionSummary> & Pick<CollectionSummary, 'id'> = { id: 'usc-18' },
): CollectionSummary {
  return {
    title: 'United States Code, Title 18',
    sourcePath: `/corpus/${fields.id}`,
    jurisdiction: 'US-federal',
    sourceType: 'statute',
    asOf: '2024-01-05',
    vettedBy: 'Test Librarian',
    vettedOn: '2024-02-01',
    vetted: true,
    documentCount: 1,
    passageCount: 3,
    ingestedAt: '2024-02-01T00:00:00.000Z',
    publisher: undefined,
    url: undefined,
    license: undefined,
    ...fields,
  };
}

export const offence = storedPassage({
  id: 'p-offence',
  label: '18 U.S.C. § 2252(a)',
  heading: '(a) Offense',
  text:
    'Any person who knowingly possesses any book, film or computer file that contains a visual depiction of a minor ' +
    'engaged in sexually explicit conduct commits an offense under this section. The person must know that the ' +
    'depiction shows a minor.',
});

export const penalties = storedPassage({
  id: 'p-penalties',
  label: '18 U.S.C. § 2252(b)',
  heading: '(b) Penalties',
  text:
    'Whoever violates subsection (a) shall be fined under this title or imprisoned not more than five years, or both. ' +
    'A person with a prior conviction under this chapter shall be imprisoned for not less than two years nor more ' +
    'than twenty years.',
});

export const defense = storedPassage({
  id: 'p-defense',
  label: '18 U.S.C. § 2252(c)',
  heading: '(c) Affirmative Defense',
  text:
    'It shall be an affirmative defense to a charge of violating subsection (a) that the defendant possessed less ' +
    'than three matters containing any such visual depiction, and promptly and in good faith, and without retaining ' +
    'or allowing any person other than a law enforcement agency to access any such depiction, took reasonable steps ' +
    'to destroy each such depiction or reported the matter to a law enforcement agency and afforded that agency ' +
    'access to each such depiction.',
});
