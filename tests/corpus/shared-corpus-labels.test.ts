/**
 * Splits the whole shared sample corpus (the nine collections) and checks the labels: their
 * shape, exact labels for well-known provisions, and the carry-over between U.S. Code chunks.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseMarkdown } from '../../src/corpus/loaders/markdown.js';
import { compareNaturally } from '../../src/corpus/natural-order.js';
import {
  type CollectionDocument,
  type DraftPassage,
  defaultSplitOptions,
  splitCollection,
} from '../../src/corpus/splitter.js';
import { sampleCollectionNames, sharedCorpusPath } from '../support/shared-data.js';

interface SplitCorpusDocument extends CollectionDocument {
  readonly collection: string;
}

interface CollectionResult {
  readonly citationPrefix: string | undefined;
  readonly documents: ReadonlyArray<{ readonly name: string; readonly passages: readonly DraftPassage[] }>;
}

const results = new Map<string, CollectionResult>();

function readCollection(name: string): CollectionResult {
  const folder = sharedCorpusPath(name);
  const manifest = JSON.parse(readFileSync(path.join(folder, 'collection.json'), 'utf8')) as {
    title: string;
    url?: string;
    citationPrefix?: string;
  };
  const documents: SplitCorpusDocument[] = readdirSync(folder)
    .filter((file) => file.endsWith('.md'))
    .map((file) => ({
      collection: name,
      name: file,
      blocks: parseMarkdown(readFileSync(path.join(folder, file), 'utf8'), {}).blocks,
      metadata: { title: manifest.title, citationPrefix: manifest.citationPrefix, url: manifest.url },
    }));
  const entries = splitCollection(documents);
  return {
    citationPrefix: manifest.citationPrefix,
    documents: entries.map((entry) => ({ name: entry.document.name, passages: entry.passages })),
  };
}

function passagesOf(collection: string): DraftPassage[] {
  const result = results.get(collection);
  if (!result) throw new Error(`collection not split: ${collection}`);
  return result.documents.flatMap((document) => document.passages);
}

function passagesOfDocument(collection: string, name: string): readonly DraftPassage[] {
  const document = results.get(collection)?.documents.find((entry) => entry.name === name);
  if (!document) throw new Error(`document not found: ${collection}/${name}`);
  return document.passages;
}

beforeAll(() => {
  for (const name of sampleCollectionNames) results.set(name, readCollection(name));
  const counts = Object.fromEntries(
    sampleCollectionNames.map((name) => [name, passagesOf(name).length] as const),
  );
  console.log('Passages per collection:', counts);
});

/**
 * A U.S. Code label: `18 U.S.C. § 2252A(d)(1)`, `2 U.S.C. §§ 5126 to 5129`, or for text outside
 * any section `18 U.S.C. ch. 227` / `pt. I` / `subtit. A` / `div. A` / `art. I`.
 */
const usCodeLabel =
  /^\d+[A-Za-z]? U\.S\.C\. (?:§ \d[0-9A-Za-z–-]*(?:\([0-9A-Za-z–-]+\))*|§§ \d[0-9A-Za-z–, -]*|(?:ch|pt|subtit|div|art)\. [0-9A-Za-z.–-]+)$/;

/** A rule label: the prefix, a rule number such as `12.1`, and subdivisions. */
function ruleLabel(prefix: string): RegExp {
  const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped} \\d+(?:\\.\\d+)?(?:\\([0-9A-Za-z]+\\))*$`);
}

describe('shared corpus: every passage', () => {
  it.each(sampleCollectionNames)('%s has labelled, non-empty passages of bounded size', (name) => {
    const passages = passagesOf(name);
    expect(passages.length).toBeGreaterThan(0);
    const labelPattern = name.startsWith('usc-')
      ? usCodeLabel
      : ruleLabel(results.get(name)!.citationPrefix!);
    const misfits = passages.filter(
      (passage) =>
        !labelPattern.test(passage.label) ||
        passage.text.trim().length === 0 ||
        passage.label.includes('\u202f') ||
        !passage.label.startsWith(passage.sectionLabel) ||
        passage.heading.length === 0 ||
        passage.breadcrumb.length === 0 ||
        passage.url === undefined ||
        // A joined nearly-empty neighbour may add a few characters beyond the limit.
        passage.text.length > defaultSplitOptions.maxCharacters + 100,
    );
    expect(misfits.map((passage) => passage.label)).toEqual([]);
  });

  it('has no Markdown headings or breadcrumb headings in passage text', () => {
    for (const name of sampleCollectionNames) {
      for (const passage of passagesOf(name)) {
        expect(passage.text).not.toMatch(/^#/m);
        expect(passage.text).not.toMatch(/^Title \d+—/m);
      }
    }
  });
});

interface KnownProvision {
  readonly collection: string;
  readonly label: string;
  readonly contains: string;
}

/** Provisions whose passage must carry exactly this label and contain this text. */
const knownProvisions: readonly KnownProvision[] = [
  { collection: 'usc-title-18', label: '18 U.S.C. § 2252(c)', contains: 'less than three matters' },
  { collection: 'usc-title-18', label: '18 U.S.C. § 2252A(d)', contains: 'less than three images' },
  { collection: 'usc-title-18', label: '18 U.S.C. § 3282(a)', contains: 'five years' },
  { collection: 'usc-title-18', label: '18 U.S.C. § 1839(3)', contains: 'the term “trade secret” means' },
  {
    collection: 'usc-title-18',
    label: '18 U.S.C. § 1001(a)',
    contains: 'materially false, fictitious, or fraudulent',
  },
  { collection: 'usc-title-18', label: '18 U.S.C. § 1841(a)(2)', contains: 'does not require proof' },
  { collection: 'usc-title-17', label: '17 U.S.C. § 302(a)', contains: '70 years' },
  { collection: 'usc-title-28', label: '28 U.S.C. § 1441(a)', contains: 'may be removed by the defendant' },
  {
    collection: 'usc-title-35',
    label: '35 U.S.C. § 112(a)',
    contains: 'written description of the invention',
  },
  {
    collection: 'usc-title-15-ch22',
    label: '15 U.S.C. § 1114(1)',
    contains: 'without the consent of the registrant',
  },
  {
    collection: 'federal-rules-frcp-2012',
    label: 'Fed. R. Civ. P. 23(a)',
    contains: 'so numerous that joinder',
  },
  {
    collection: 'federal-rules-frap-2012',
    label: 'Fed. R. App. P. 4(b)',
    contains: 'Appeal in a Criminal Case',
  },
  {
    collection: 'federal-rules-frcrp-2012',
    label: 'Fed. R. Crim. P. 11(b)',
    contains: 'Advising and Questioning',
  },
  {
    collection: 'federal-rules-fre-2012',
    label: 'Fed. R. Evid. 801(d)',
    contains: "An Opposing Party's Statement",
  },
];

describe('shared corpus: known provisions', () => {
  it.each(knownProvisions)('$label contains “$contains”', ({ collection, label, contains }) => {
    const matching = passagesOf(collection).filter((passage) => passage.label === label);
    expect(matching.length, `no passage labelled ${label}`).toBeGreaterThan(0);
    expect(matching.some((passage) => passage.text.includes(contains))).toBe(true);
  });

  it('puts FRE 801(d)(2) in a passage labelled 801(d)(2) or 801(d)', () => {
    const passage = passagesOf('federal-rules-fre-2012').find((candidate) =>
      candidate.text.includes("An Opposing Party's Statement"),
    );
    expect(['Fed. R. Evid. 801(d)(2)', 'Fed. R. Evid. 801(d)']).toContain(passage?.label);
  });

  it('cites the excited utterance exception under FRE 803', () => {
    const passage = passagesOf('federal-rules-fre-2012').find((candidate) =>
      candidate.text.includes('startling event'),
    );
    expect(passage?.label.startsWith('Fed. R. Evid. 803')).toBe(true);
    expect(passage?.url).toBe('https://www.law.cornell.edu/rules/fre/rule_803');
  });

  it('links U.S. Code passages to their section on uscode.house.gov', () => {
    const [passage] = passagesOfDocument('usc-title-18', 'chunk-1170.md');
    expect(passage?.url).toBe(
      'https://uscode.house.gov/view.xhtml?req=granuleid:USC-prelim-title18-section2252A&num=0&edition=prelim',
    );
    expect(passage?.heading).toBe('(d) Affirmative Defense.');
  });

  it('keeps the part announced in an earlier chunk in the breadcrumb', () => {
    const [passage] = passagesOfDocument('usc-title-18', 'chunk-1167.md');
    expect(passage?.breadcrumb).toEqual([
      'Title 18— CRIMES AND CRIMINAL PROCEDURE',
      'PART I— CRIMES',
      'CHAPTER 110— SEXUAL EXPLOITATION AND OTHER ABUSE OF CHILDREN',
      '§ 2252. Certain activities relating to material involving the sexual exploitation of minors',
      '(c) Affirmative Defense.',
    ]);
  });

  it('gives chunks that hold only headings no passage (usc-title-18/chunk-1877.md)', () => {
    expect(passagesOfDocument('usc-title-18', 'chunk-1877.md')).toEqual([]);
    expect(passagesOfDocument('usc-title-18', 'chunk-1878.md')[0]?.breadcrumb).toContain(
      'SUBCHAPTER A— GENERAL PROVISIONS',
    );
  });
});

/** The markers a chunk's body opens with, and its section heading. */
function chunkOpening(
  collection: string,
  name: string,
): { section: string | undefined; firstMarker: string | undefined } {
  const text = readFileSync(sharedCorpusPath(collection, name), 'utf8');
  const section = /^#### (.+)$/m.exec(text)?.[1];
  const body = text.slice(text.indexOf(section ?? '\u0000') + (section?.length ?? 0));
  const firstMarker = /^(?:#+ )?\(([0-9A-Za-z]+)\)/m.exec(body)?.[1];
  return { section, firstMarker };
}

describe('shared corpus: carry-over between chunks', () => {
  /**
   * A chunk that starts mid-subsection: its first marker is an uppercase letter after (A), so
   * it continues a subparagraph list of the previous chunk of the same section.
   */
  function findContinuationPair(collection: string): { previous: string; next: string; firstMarker: string } {
    const names = readdirSync(sharedCorpusPath(collection))
      .filter((file) => file.endsWith('.md'))
      .sort(compareNaturally);
    for (let index = 1; index < names.length; index++) {
      const previous = chunkOpening(collection, names[index - 1]!);
      const next = chunkOpening(collection, names[index]!);
      const startsMidList = next.firstMarker !== undefined && /^[B-H]$/.test(next.firstMarker);
      if (startsMidList && next.section !== undefined && next.section === previous.section) {
        return { previous: names[index - 1]!, next: names[index]!, firstMarker: next.firstMarker! };
      }
    }
    throw new Error(`no chunk continuing a subsection found in ${collection}`);
  }

  it('labels a chunk that starts mid-subsection with the carried path', () => {
    const pair = findContinuationPair('usc-title-18');
    const [first] = passagesOfDocument('usc-title-18', pair.next);
    const lastOfPrevious = passagesOfDocument('usc-title-18', pair.previous).at(-1);
    expect(first).toBeDefined();
    expect(lastOfPrevious).toBeDefined();
    // The carried path puts the continuing subparagraph under its subsection and paragraph.
    const subdivisions = first!.label.slice(first!.sectionLabel.length).match(/\([^)]+\)/g) ?? [];
    expect(subdivisions.length).toBeGreaterThanOrEqual(2);
    expect(first!.label).not.toBe(`${first!.sectionLabel}(${pair.firstMarker})`);
    const previousTopLevel = lastOfPrevious!.label
      .slice(lastOfPrevious!.sectionLabel.length)
      .match(/^\([^)]+\)/)?.[0];
    expect(first!.label.startsWith(`${first!.sectionLabel}${previousTopLevel}`)).toBe(true);
  });

  it('continues 18 U.S.C. § 1841(a)(2) from chunk-1001 into chunk-1002', () => {
    expect(passagesOfDocument('usc-title-18', 'chunk-1001.md').map((passage) => passage.label)).toEqual([
      '18 U.S.C. § 1841(a)',
    ]);
    expect(passagesOfDocument('usc-title-18', 'chunk-1002.md').map((passage) => passage.label)).toEqual([
      '18 U.S.C. § 1841(a)(2)',
      '18 U.S.C. § 1841(b)',
    ]);
  });
});
