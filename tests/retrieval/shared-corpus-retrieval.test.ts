import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Application } from '../../src/application.js';
import { lookupPassages, pinpointAt } from '../../src/corpus/passage-lookup.js';
import { readEvaluationFile } from '../../src/evaluation/question-file.js';
import { type RetrievalMetrics, retrievalMetrics } from '../../src/evaluation/retrieval-metrics.js';
import { HybridRetriever } from '../../src/retrieval/hybrid-retriever.js';
import { currentGeneration } from '../../src/retrieval/index-generation.js';
import { expandLayTerms } from '../../src/retrieval/lay-terms.js';
import { LexicalSearch } from '../../src/retrieval/lexical-search.js';
import type { RetrievalMode } from '../../src/retrieval/retriever.js';
import { layVocabularyFile, readLayVocabulary } from '../../src/retrieval/wordnet-vocabulary.js';
import { runAmicus } from '../support/cli.js';
import {
  fixtureConfig,
  maxFileBytes,
  openFixtureApplication,
  suiteDirectory,
} from '../support/retrieval-fixtures.js';
import { sampleCollectionNames, sampleCollectionPaths, sharedEvalPath } from '../support/shared-data.js';

/** Ingesting the nine sample collections takes about 20 s on a 2-core machine. */
const ingestTimeoutMs = 240_000;

let suite: ReturnType<typeof suiteDirectory>;
let application: Application;
let dataDirectory: string;
const metrics = new Map<RetrievalMode, RetrievalMetrics>();

beforeAll(async () => {
  suite = suiteDirectory('amicus-shared-retrieval-');
  const config = fixtureConfig(path.join(suite.directory, 'data'));
  dataDirectory = config.dataDirectory;
  application = openFixtureApplication(config, { create: true });
  const report = await application.createIngester().ingest(sampleCollectionPaths(), { maxFileBytes });
  expect(report.collections.map((collection) => collection.id).sort()).toEqual(
    [...sampleCollectionNames].sort(),
  );

  const file = readEvaluationFile(sharedEvalPath('questions-dev.jsonl'));
  if (file.kind !== 'questions') throw new Error('questions-dev.jsonl should hold questions');
  for (const mode of ['hybrid', 'lexical', 'vector'] as const) {
    const ranked = [];
    for (const item of file.items) {
      const results = await application.retriever.retrieve({ query: item.question, k: 10, mode });
      ranked.push({ gold: item.gold, retrieved: results.map((result) => result.passage.label) });
    }
    metrics.set(mode, retrievalMetrics(ranked));
  }
}, ingestTimeoutMs);

afterAll(() => {
  application?.close();
  suite?.remove();
});

function metric(mode: RetrievalMode, name: keyof RetrievalMetrics): number {
  const value = metrics.get(mode)?.[name];
  if (value === undefined) throw new Error(`no ${name} for ${mode}`);
  return value;
}

describe('citation vocabulary', () => {
  it('knows every U.S. Code title and rule set in the store, and nothing else', () => {
    const lexical = new LexicalSearch(application.database);
    try {
      expect(lexical.citationVocabulary()).toEqual({
        usCodeTitles: ['15', '17', '18', '28', '35'],
        rulePrefixes: ['Fed. R. App. P.', 'Fed. R. Civ. P.', 'Fed. R. Crim. P.', 'Fed. R. Evid.'],
      });
    } finally {
      lexical.close();
    }
  });
});

describe('retrieval quality on questions-dev.jsonl', () => {
  it('evaluates the questions that have gold citations', () => {
    expect(metric('hybrid', 'items')).toBeGreaterThanOrEqual(15);
  });

  it('hybrid recall@10 is at least 0.9', () => {
    expect(metric('hybrid', 'recall@10')).toBeGreaterThanOrEqual(0.9);
  });

  it('hybrid recall@10 is at least that of lexical-only and of vector-only retrieval', () => {
    expect(metric('hybrid', 'recall@10')).toBeGreaterThanOrEqual(metric('lexical', 'recall@10'));
    expect(metric('hybrid', 'recall@10')).toBeGreaterThanOrEqual(metric('vector', 'recall@10'));
  });

  it('hybrid MRR@10 is at least that of lexical-only and of vector-only retrieval', () => {
    expect(metric('hybrid', 'mrr@10')).toBeGreaterThanOrEqual(metric('lexical', 'mrr@10'));
    expect(metric('hybrid', 'mrr@10')).toBeGreaterThanOrEqual(metric('vector', 'mrr@10'));
    expect(metric('hybrid', 'mrr@10')).toBeGreaterThan(0.5);
  });
});

describe('citation-aware lookup on the sample corpus', () => {
  it('"What does 18 U.S.C. 2252A say?" puts 18 U.S.C. § 2252A first', async () => {
    const results = await application.retriever.retrieve({ query: 'What does 18 U.S.C. 2252A say?', k: 5 });
    expect(results[0]?.passage.sectionLabel).toBe('18 U.S.C. § 2252A');
    expect(results[0]?.citedAs).toBe('18 U.S.C. 2252A');
    // Not § 2252, whose label merely starts the same way.
    expect(
      results
        .filter((result) => result.citedAs !== undefined)
        .every((result) => result.passage.sectionLabel === '18 U.S.C. § 2252A'),
    ).toBe(true);
  });

  it('"FRE 403" puts Fed. R. Evid. 403 first', async () => {
    const results = await application.retriever.retrieve({ query: 'FRE 403', k: 5 });
    expect(results[0]?.passage.label).toBe('Fed. R. Evid. 403');
    expect(results[0]?.citedAs).toBe('FRE 403');
  });

  it('a named subdivision comes first: 18 USC § 2252(c)', async () => {
    const results = await application.retriever.retrieve({
      query: 'What is the defense in 18 USC § 2252(c)?',
      k: 5,
    });
    expect(results[0]?.passage.label).toBe('18 U.S.C. § 2252(c)');
    expect(results[0]?.passage.text).toContain('affirmative defense');
  });

  it('"section 1001 of title 18" finds 18 U.S.C. § 1001', async () => {
    const results = await application.retriever.retrieve({
      query: 'Is lying to an agent a crime under section 1001 of title 18?',
      k: 5,
    });
    expect(results[0]?.passage.sectionLabel).toBe('18 U.S.C. § 1001');
    expect(results[0]?.citedAs).toBe('section 1001 of title 18');
  });

  it('a bare "§\u202f1001" resolves against every title in the store', async () => {
    // 17 U.S.C. § 1001 (ten passages) is looked up before 18 U.S.C. § 1001. The cited passages
    // are cut to k before per-section diversity, so with a small k the ten crowd out title 18.
    const results = await application.retriever.retrieve({ query: 'What does §\u202f1001 cover?', k: 12 });
    expect(results[0]?.passage.sectionLabel).toBe('17 U.S.C. § 1001');
    expect(results[0]?.citedAs).toBe('§ 1001');
    const cited = results.filter((result) => result.citedAs !== undefined);
    expect(results.slice(0, cited.length)).toEqual(cited);
    expect(cited.map((result) => result.passage.sectionLabel)).toEqual([
      '17 U.S.C. § 1001',
      '18 U.S.C. § 1001',
    ]);
  });

  it('a collection filter keeps a cited rule out', async () => {
    const results = await application.retriever.retrieve({
      query: 'FRE 403',
      k: 5,
      filters: { collections: ['usc-title-18'] },
    });
    expect(results.length).toBeGreaterThan(0);
    expect(results.every((result) => result.passage.collectionId === 'usc-title-18')).toBe(true);
  });
});

describe('amicus passage on the sample corpus', () => {
  it('prints 18 U.S.C. § 2252(c), the affirmative defense', () => {
    const result = runAmicus(['--data', dataDirectory, 'passage', '18 U.S.C. § 2252(c)'], {
      cwd: suite.directory,
    });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('18 U.S.C. § 2252(c)');
    expect(result.stdout).toContain('affirmative defense');
    expect(result.stdout).toContain('less than three matters');
    expect(result.stdout).not.toContain('2252A');
  });
});

describe('citation shorthand as users type it (issue 13)', () => {
  it.each([
    ['18 USC 1030', '18 U.S.C. § 1030', ''],
    ['What does 18 USC 1030 prohibit?', '18 U.S.C. § 1030', '(a)'],
    ['what does 18 usc 1030 say', '18 U.S.C. § 1030', '(a)'],
    ['18 U.S.C. 1030(a)(2)', '18 U.S.C. § 1030', '(a)(2)'],
    ['§ 1030', '18 U.S.C. § 1030', ''],
    ['section 1030 of title 18', '18 U.S.C. § 1030', ''],
    ['Title 18, Section 1030', '18 U.S.C. § 1030', ''],
    ['FRE 608(b)', 'Fed. R. Evid. 608', '(b)'],
    ['FRE 608(b)?', 'Fed. R. Evid. 608', '(b)'],
    ['F.R.E. 608', 'Fed. R. Evid. 608', ''],
    ['Evidence Rule 608', 'Fed. R. Evid. 608', ''],
    ['Fed. R. Evid. 608', 'Fed. R. Evid. 608', ''],
    ['FRCP 26(b)(1)', 'Fed. R. Civ. P. 26', '(b)'],
    ['Civil Rule 26', 'Fed. R. Civ. P. 26', ''],
    ['FRAP 4', 'Fed. R. App. P. 4', ''],
    ['FRCrP 11', 'Fed. R. Crim. P. 11', ''],
    ['Crim. Rule 11', 'Fed. R. Crim. P. 11', ''],
  ])('%j finds %s first', async (query, sectionLabel, labelPinpoint) => {
    const results = await application.retriever.retrieve({ query, k: 5 });
    expect(results[0]?.passage.sectionLabel).toBe(sectionLabel);
    expect(results[0]?.passage.label).toBe(
      labelPinpoint === '' ? results[0]?.passage.label : `${sectionLabel}${labelPinpoint}`,
    );
  });

  it('a pinpoint finds the passage that holds it, even one labelled at the parent', async () => {
    const utterance = await application.retriever.retrieve({ query: 'what is FRE 803(2)?', k: 3 });
    expect(utterance[0]?.passage.label).toBe('Fed. R. Evid. 803');
    expect(utterance[0]?.passage.text).toContain('Excited Utterance');
    const scope = await application.retriever.retrieve({ query: 'FRCP 26(b)(1) scope of discovery', k: 3 });
    expect(scope[0]?.passage.text).toContain('(1) Scope in General');
  });

  it('the rest of the question picks the lead passage of a cited section', async () => {
    const results = await application.retriever.retrieve({ query: '18 U.S.C. 1030 civil action', k: 3 });
    expect(results[0]?.passage.label).toBe('18 U.S.C. § 1030(g)');
    // The kind of answer asked for counts too: the penalties are in (c), not (a)(7), which only
    // refers to them ("shall be punished as provided in subsection (c)").
    const penalties = await application.retriever.retrieve({ query: '18 U.S.C. 1030 penalties', k: 3 });
    expect(penalties[0]?.passage.label).toBe('18 U.S.C. § 1030(c)');
  });

  it('a bare "Rule 23" returns each rule set that has a Rule 23, and names them', async () => {
    const results = await application.retriever.retrieve({ query: 'Rule 23', k: 5 });
    expect(
      results
        .slice(0, 3)
        .map((result) => result.passage.sectionLabel)
        .sort(),
    ).toEqual(['Fed. R. App. P. 23', 'Fed. R. Civ. P. 23', 'Fed. R. Crim. P. 23']);
    const [provision] = await application.retriever.citedProvisions('Rule 23');
    expect(provision?.held).toBe(true);
    expect(provision?.scope).toBe('bare');
    expect(provision?.sections.map((section) => [section.sectionLabel, section.collectionId])).toEqual([
      ['Fed. R. App. P. 23', 'federal-rules-frap-2012'],
      ['Fed. R. Civ. P. 23', 'federal-rules-frcp-2012'],
      ['Fed. R. Crim. P. 23', 'federal-rules-frcrp-2012'],
    ]);
  });

  it('the rest of a bare citation decides which rule set leads: "Rule 11 sanctions"', async () => {
    const results = await application.retriever.retrieve({ query: 'Rule 11 sanctions', k: 5 });
    expect(results[0]?.passage.sectionLabel).toBe('Fed. R. Civ. P. 11');
  });
});

describe('citedProvisions: what the corpus holds of the provisions a question cites', () => {
  it('reports a held provision with its label, pinpoint and passages', async () => {
    const [provision] = await application.retriever.citedProvisions('What does 18 U.S.C. 1030(a)(2) cover?');
    expect(provision).toMatchObject({
      text: '18 U.S.C. 1030(a)(2)',
      display: '18 U.S.C. § 1030(a)(2)',
      held: true,
    });
    expect(provision?.sections).toHaveLength(1);
    const section = provision!.sections[0]!;
    expect(section).toMatchObject({
      sectionLabel: '18 U.S.C. § 1030',
      label: '18 U.S.C. § 1030(a)(2)',
      pinpointHeld: true,
    });
    const first = application.store.getByRowid(section.rowids[0]!);
    expect(first?.label).toBe('18 U.S.C. § 1030(a)(2)');
  });

  it('names a provision the corpus does not hold as a reader would write it', async () => {
    const provisions = await application.retriever.citedProvisions(
      'Can I sue a cop under 42 USC 1983 and FRCP 23?',
    );
    expect(provisions.map((provision) => [provision.display, provision.held])).toEqual([
      ['42 U.S.C. § 1983', false],
      ['Fed. R. Civ. P. 23', true],
    ]);
  });

  it('tells a held section from a pinpoint it lacks, and finds nothing in plain questions', async () => {
    const [provision] = await application.retriever.citedProvisions('18 U.S.C. § 1030(z)');
    expect(provision?.held).toBe(true);
    expect(provision?.sections[0]?.pinpointHeld).toBe(false);
    expect(await application.retriever.citedProvisions('How long does copyright last?')).toEqual([]);
  });

  it('a bare section resolves to the one title that holds it', async () => {
    const [provision] = await application.retriever.citedProvisions('what does § 1030 say');
    expect(provision?.display).toBe('18 U.S.C. § 1030');
    const [missing] = await application.retriever.citedProvisions('what does § 1983 say');
    expect(missing).toMatchObject({ display: '§ 1983', scope: 'bare', held: false });
  });
});

describe('pinpointAt: the subdivision a quoted sentence is in', () => {
  it("cites a sentence of FRE 803's first passage at the exception it belongs to", () => {
    const [first] = lookupPassages(application.store, 'Fed. R. Evid. 803');
    expect(first?.label).toBe('Fed. R. Evid. 803');
    const at = (text: string) => pinpointAt(application.store, first!, first!.text.indexOf(text));
    expect(at('The following are not excluded')).toBe('Fed. R. Evid. 803');
    expect(at('A statement relating to a startling event')).toBe('Fed. R. Evid. 803(2)');
  });

  it('follows the enumerators across the passages of a U.S. Code section', () => {
    const passage = application.store
      .findBySection('18 U.S.C. § 1030')
      .find((candidate) => candidate.text.includes('the term “exceeds authorized access” means'));
    expect(passage?.label).toBe('18 U.S.C. § 1030(e)');
    expect(
      pinpointAt(application.store, passage!, passage!.text.indexOf('“exceeds authorized access”')),
    ).toBe('18 U.S.C. § 1030(e)(6)');
  });
});

describe('amicus passage with pinpoints and shorthand', () => {
  it.each(['Fed. R. Evid. 803(2)', 'FRE 803(2)'])(
    '%j prints the passage holding the excited-utterance exception',
    (citation) => {
      const result = runAmicus(['--data', dataDirectory, 'passage', citation], { cwd: suite.directory });
      expect(result.status, result.stderr).toBe(0);
      expect(result.stdout.split('\n')[0]).toBe('Fed. R. Evid. 803');
      expect(result.stdout).toContain('(2) Excited Utterance.');
    },
  );

  it('fails with a clear message for a subdivision the section lacks', () => {
    const result = runAmicus(['--data', dataDirectory, 'passage', '18 U.S.C. § 1030(z)'], {
      cwd: suite.directory,
    });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('No passage with id or label "18 U.S.C. § 1030(z)"');
  });
});

describe('ranking on the sample corpus (issue 13)', () => {
  it('builds the WordNet lay vocabulary for this corpus at ingest', () => {
    const generation = currentGeneration(application.database, dataDirectory);
    const vocabulary = readLayVocabulary(path.join(generation!.directory, layVocabularyFile));
    expect(vocabulary.size).toBeGreaterThan(5000);
    expect(vocabulary.get('scam')).toContain('defraud');
    expect(vocabulary.get('fake')).toContain('counterfeit');
    // A word the corpus uses often is not "lay" and keeps its own meaning.
    expect(vocabulary.has('copyright')).toBe(false);
  });

  it('a lay word reaches the statute\'s word through WordNet: "fake" finds "counterfeit"', async () => {
    const query = 'is selling fake watches a crime';
    const withWordNet = await application.retriever.retrieve({ query, k: 3 });
    expect(withWordNet.some((result) => /counterfeit/i.test(result.passage.text))).toBe(true);
    // The same retriever with the hand-written lay terms alone does not get there.
    const layTermsOnly = new HybridRetriever({
      database: application.database,
      dataDirectory,
      embedderSource: application.embedderSource,
      options: { k: 3 },
      expandQuery: expandLayTerms,
    });
    try {
      const without = await layTermsOnly.retrieve({ query, k: 3 });
      expect(without.some((result) => /counterfeit/i.test(result.passage.text))).toBe(false);
    } finally {
      layTermsOnly.close();
    }
  });

  it.each([
    ['How many jurors sit on a federal civil jury?', 'Fed. R. Civ. P. 48', 2],
    ['Is it a crime to threaten the President?', '18 U.S.C. § 871', 3],
    ["Can I get in trouble for hacking into my ex's email account?", '18 U.S.C. § 1030', 3],
  ])('%j has %s within the top %i', async (query, sectionLabel, within) => {
    const results = await application.retriever.retrieve({ query, k: 10 });
    const rank = results.findIndex((result) => result.passage.sectionLabel === sectionLabel) + 1;
    expect(rank).toBeGreaterThan(0);
    expect(rank).toBeLessThanOrEqual(within);
  });

  it('a caption naming a special case the question does not ask about loses the qualifier weight', async () => {
    // § 879 ("Threats against former Presidents …") and § 877 ("… from foreign country") lose
    // 0.1 for "threaten the President"; § 871, the general provision, keeps its score.
    const query = 'Is it a crime to threaten the President?';
    const scores = async (qualifier: number) => {
      const retriever = new HybridRetriever({
        database: application.database,
        dataDirectory,
        embedderSource: application.embedderSource,
        options: { k: 10, support: { qualifier } },
      });
      try {
        const results = await retriever.retrieve({ query, k: 10 });
        return new Map(results.map((result) => [result.passage.sectionLabel, result.score]));
      } finally {
        retriever.close();
      }
    };
    const [without, shipped] = [await scores(0), await scores(0.1)];
    expect(without.get('18 U.S.C. § 879')! - shipped.get('18 U.S.C. § 879')!).toBeCloseTo(0.1);
    expect(shipped.get('18 U.S.C. § 871')).toBeCloseTo(without.get('18 U.S.C. § 871')!);
  });
});
